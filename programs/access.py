"""Who may see or change what: the one place that knows a user's agency.

Every staff view starts from `Model.objects.visible_to(user)` or `.editable_by(user)`, so a
user never reaches another agency's objects: they simply are not in the queryset, and the
view answers 404 (not 403, so ids cannot be probed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import Agency


def agency_of(user) -> Agency | None:
    """The agency the user works for, or None (anonymous, no membership)."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "membership", None)
    return membership.agency if membership else None


def sees_all_agencies(user) -> bool:
    return user.is_authenticated and user.is_superuser


class AgencyScopedQuerySet(models.QuerySet):
    """A queryset of a model that belongs to an agency through `Model.agency_path`."""

    def for_agency(self, agency) -> AgencyScopedQuerySet:
        path = self.model.agency_path
        return self.filter(**{path: agency}) if path else self.filter(pk=agency.pk)

    def visible_to(self, user) -> AgencyScopedQuerySet:
        if sees_all_agencies(user):
            return self.all()
        agency = agency_of(user)
        return self.for_agency(agency) if agency else self.none()

    def editable_by(self, user) -> AgencyScopedQuerySet:
        return self.visible_to(user)
