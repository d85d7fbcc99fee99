"""Who may see or change what, from the user's agency and role (`roles.py`).

- Capturistas and supervisors work on their own agency's objects; supervisors also review.
- Coordinators (the evaluation unit) and administrators read every agency, drafts included,
  but never edit an agency's content in the staff pages.
- Anyone else sees nothing here (what the public may see is `visibility.py`).

Every staff view starts from `Model.objects.visible_to(user)` or `.editable_by(user)`, so a
user never reaches another agency's objects: they simply are not in the queryset, and the
view answers 404 (not 403, so ids cannot be probed).
"""

from __future__ import annotations

from .roles import (
    Role,
    agency_of,
    captures_for,
    captures_in,
    is_coordinator,
    membership_of,
    reviews_for,
    reviews_in,
    role_of,
    sees_all_agencies,
)
from .visibility import PublicQuerySet

# Who a user is (role, agency) is `roles.py`, below the workflow; what that lets them see or change is here.
__all__ = [
    "AgencyScopedQuerySet",
    "Role",
    "agency_of",
    "captures_for",
    "captures_in",
    "is_coordinator",
    "membership_of",
    "reviews_for",
    "reviews_in",
    "role_of",
    "sees_all_agencies",
]


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

    def captured_by(self, user) -> AgencyScopedQuerySet:
        """The objects of the agency whose content the user prepares, whatever their workflow state."""
        agency = captures_for(user)
        return self.for_agency(agency) if agency else self.none()

    def editable_by(self, user) -> AgencyScopedQuerySet:
        return self.captured_by(user).unlocked()

    def unlocked(self) -> AgencyScopedQuerySet:
        """The objects whose workflow state still allows changes; models with a workflow narrow it."""
        return self.all()
