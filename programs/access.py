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

from typing import Any, ClassVar, Protocol, Self, TypeVar

from django.db.models import QuerySet

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
from .visibility import PublicModel, PublicQuerySet

# Who a user is (role, agency) is `roles.py`, below the workflow; what that lets them see or change is here.
__all__ = [
    "AgencyScopedModel",
    "AgencyScopedQuerySet",
    "EditableModel",
    "StaffModel",
    "Role",
    "agency_of",
    "captures_for",
    "captures_in",
    "is_coordinator",
    "lock_of",
    "membership_of",
    "reviews_for",
    "reviews_in",
    "role_of",
    "sees_all_agencies",
]


class AgencyScopedModel(PublicModel):
    """A model whose rows belong to an agency: staff see and change them by their agency's rights."""

    # The lookup from the model to its agency; "" on an agency itself.
    agency_path: ClassVar[str]

    class Meta:
        abstract = True


_A = TypeVar("_A", bound=AgencyScopedModel, covariant=True)


class AgencyScopedQuerySet(PublicQuerySet[_A]):
    """A queryset of a model that belongs to an agency through `Model.agency_path`. Staff pages
    start from `visible_to()` or `editable_by()`; public ones from `public()` (`visibility.py`)."""

    def for_agency(self, agency) -> Self:
        path = self.model.agency_path
        return self.filter(**{path: agency}) if path else self.filter(pk=agency.pk)

    def visible_to(self, user) -> Self:
        if sees_all_agencies(user):
            return self.all()
        agency = agency_of(user)
        return self.for_agency(agency) if agency else self.none()

    def captured_by(self, user) -> Self:
        """The objects of the agency whose content the user prepares, whatever their workflow state."""
        agency = captures_for(user)
        return self.for_agency(agency) if agency else self.none()

    def editable_by(self, user) -> Self:
        return self.captured_by(user).unlocked()

    def unlocked(self) -> Self:
        """The objects whose workflow state still allows changes; models with a workflow narrow it."""
        return self.all()


LOCKED = "Este registro forma parte de contenido enviado o autorizado: ya no se modifica."


def lock_of(obj: Any) -> str | None:
    """Why `obj` no longer changes, in the staff pages and the admin alike, or None when it may.

    The rule is its queryset's `unlocked()`, the one `editable_by()` narrows to (content under a
    submitted or authorised plan, round or replanning is locked); the words are its model's
    `locked_reason()`. Models without a workflow above them never lock."""
    if obj is None or obj.pk is None:
        return None
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if not isinstance(rows, AgencyScopedQuerySet) or rows.unlocked().exists():
        return None
    reason = getattr(obj, "locked_reason", None)
    return (reason() if reason else None) or LOCKED


# Code that takes a model as a value (a transition's URL, a form's parent) reaches its rows through
# these: the model's `objects` answers `visible_to()` (AgencyScopedQuerySet, a cut-off period's
# queryset), and for a parent that takes children also `editable_by()`.
class VisibleRows(Protocol):
    def visible_to(self, user: Any) -> QuerySet[Any]: ...


class EditableRows(VisibleRows, Protocol):
    def editable_by(self, user: Any) -> QuerySet[Any]: ...


class StaffModel(Protocol):
    @property
    def objects(self) -> VisibleRows: ...


class EditableModel(StaffModel, Protocol):
    @property
    def objects(self) -> EditableRows: ...
