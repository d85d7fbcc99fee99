"""Who may see or change what: the one place that knows a user's agency and role.

- Capturistas and supervisors work on their own agency's objects; supervisors also review.
- Coordinators (the evaluation unit) and administrators read every agency, drafts included,
  but never edit an agency's content in the staff pages.
- Anyone else sees nothing here (what the public may see is `visibility.py`).

Every staff view starts from `Model.objects.visible_to(user)` or `.editable_by(user)`, so a
user never reaches another agency's objects: they simply are not in the queryset, and the
view answers 404 (not 403, so ids cannot be probed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .visibility import PublicQuerySet

if TYPE_CHECKING:
    from .models import Agency, Membership


class Role:
    CAPTURIST = "capturista"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinador"
    CHOICES = [(CAPTURIST, "Capturista"), (SUPERVISOR, "Supervisor"), (COORDINATOR, "Coordinador")]


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return getattr(user, "membership", None)


def agency_of(user) -> Agency | None:
    """The agency the user works for, or None (anonymous, coordinator, no membership)."""
    membership = membership_of(user)
    return membership.agency if membership and membership.agency_id else None


def role_of(user) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def is_coordinator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or role_of(user) == Role.COORDINATOR)


def sees_all_agencies(user) -> bool:
    return is_coordinator(user)


def captures_for(user) -> Agency | None:
    """The agency whose content the user may prepare (capturista or supervisor), or None."""
    if role_of(user) in (Role.CAPTURIST, Role.SUPERVISOR):
        return agency_of(user)
    return None


def reviews_for(user) -> Agency | None:
    """The agency whose submissions the user may return or authorise (supervisor), or None."""
    return agency_of(user) if role_of(user) == Role.SUPERVISOR else None


class AgencyScopedQuerySet(PublicQuerySet):
    """A queryset of a model that belongs to an agency through `Model.agency_path`. Staff pages
    start from `visible_to()` or `editable_by()`; public ones from `public()` (`visibility.py`)."""

    def for_agency(self, agency) -> AgencyScopedQuerySet:
        path = self.model.agency_path
        return self.filter(**{path: agency}) if path else self.filter(pk=agency.pk)

    def visible_to(self, user) -> AgencyScopedQuerySet:
        if sees_all_agencies(user):
            return self.all()
        agency = agency_of(user)
        return self.for_agency(agency) if agency else self.none()

    def editable_by(self, user) -> AgencyScopedQuerySet:
        agency = captures_for(user)
        return self.for_agency(agency).unlocked() if agency else self.none()

    def unlocked(self) -> AgencyScopedQuerySet:
        """The objects whose workflow state still allows changes; models with a workflow narrow it."""
        return self.all()
