"""Who may see or change what, from the user's agency and role (`roles.py`).

- Capturistas and supervisors work on their own agency's objects; supervisors also review.
- Coordinators (the evaluation unit) and administrators read every agency, drafts included,
  but never edit an agency's content in the staff pages.
- Anyone else sees nothing here (the public section shows only what is authorised).

Every staff view starts from `Model.objects.visible_to(user)` or `.editable_by(user)`, so a
user never reaches another agency's objects: they simply are not in the queryset, and the
view answers 404 (not 403, so ids cannot be probed).
"""

from __future__ import annotations

from audit.models import AuditedQuerySet

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


class AgencyScopedQuerySet(AuditedQuerySet):
    """A queryset of a model that belongs to an agency through `Model.agency_path`."""

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

    def authorised(self) -> AgencyScopedQuerySet:
        """What the public may see: the one rule of the public section, its counts, search,
        feeds, exports and API. An object is public when it belongs to an authorised plan
        (`Model.public_plan_path` leads to it; a program or an agency needs one such plan); an
        object with a workflow of its own (a progress round, a replanning) must be authorised
        itself too. Models narrow it further where they have more (progress reports)."""
        from .workflow import Reviewable, State

        path = self.model.public_plan_path
        lookup = f"{path}__state" if path else "state"
        if _single_valued(self.model, path):
            # A plain join: the database can walk it page by page instead of hashing every row.
            public = self.filter(**{lookup: State.AUTHORISED})
        else:
            # Through a reverse relation (an agency's plans) a join would repeat rows.
            public = self.filter(pk__in=self.model._base_manager.filter(**{lookup: State.AUTHORISED}).values("pk"))
        # A workflow of its own, not any field called `state` (an agency's is its entidad federativa).
        if issubclass(self.model, Reviewable):
            public = public.filter(state=State.AUTHORISED)
        return public


def _single_valued(model, path: str) -> bool:
    """Whether `path` follows only forward foreign keys (each row reaches at most one plan)."""
    for name in filter(None, path.split("__")):
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return False
        model = field.related_model
    return True
