"""What the public may see: the one rule of the public section.

`Model.objects.public()` is where every public page, search, count, download, feed, job and API
resource starts, the way a blog's `Entry.objects.published()` is; nothing reaches the public any
other way. Staff rights (who works on which agency's objects) are another rule, in `access.py`.

- An object is public when the plan that `Model.public_plan_path` leads to is authorised (a
  program or an agency: when it has such a plan). ASM and activities read that plan's state from
  a copy on their own row (`public_state_copy`), kept with the plan (aspects.progress.refresh_keys).
- An object with a workflow of its own (a progress round, a replanning) must be authorised itself.
- Models narrow it where they know more: a progress report's round must be authorised
  (`ProgressReportQuerySet.public()`), evidence must be publishable and in force
  (`EvidenceQuerySet.public()`).
- Derived progress read after `public()` is the public's (`public().with_progress()`: authorised
  reports only, `aspects.progress`), so a percentage being prepared never shows.
"""

from __future__ import annotations

from typing import ClassVar, Self, TypeVar

from django.db import models

from audit.models import AuditedQuerySet

from .workflow import Reviewable, State


class PublicModel(models.Model):
    """A model that the public reads through `public()`."""

    # The lookup from the model to the plan (or plans) whose authorisation makes it public; "" on
    # a plan itself. A model whose queryset writes its own `public()` (evidence) need not name one.
    public_plan_path: ClassVar[str]
    # A copy of that plan's state on the row itself, where the model keeps one (ASM and activities:
    # aspects.progress.refresh_keys), so that a list of a country's rows reads the rule from the
    # row instead of joining the plan for each; "" for none.
    public_state_copy: ClassVar[str] = ""

    class Meta:
        abstract = True


_P = TypeVar("_P", bound=PublicModel, covariant=True)


class PublicQuerySet(AuditedQuerySet[_P]):
    """A queryset that knows whether its rows came through the public rule (`is_public`), so that
    what is read from them afterwards (derived progress) is the public's too."""

    is_public = False

    def public(self) -> Self:
        """What the public may see (the module's docstring says what that is)."""
        path = self.model.public_plan_path
        lookup = f"{path}__state" if path else "state"
        copy = getattr(self.model, "public_state_copy", "")
        if copy:
            public = self.filter(**{copy: State.AUTHORISED})
        elif _single_valued(self.model, path):
            # A plain join: the database can walk it page by page instead of hashing every row.
            public = self.filter(**{lookup: State.AUTHORISED})
        elif reached := _plans_at_the_end(self.model, path):
            # Forward keys, then the plans that point back (a recommendation's evaluation's plans):
            # the last key among the authorised plans' own, a set of plans, not a join of every row.
            prefix, plans, key = reached
            authorised = plans.filter(state=State.AUTHORISED, **{f"{key}__isnull": False}).values(key)
            public = self.filter(**{f"{prefix}__in" if prefix else "pk__in": authorised})
        else:
            # Through a reverse relation (an agency's plans) a join would repeat rows.
            public = self.filter(pk__in=self.model._base_manager.filter(**{lookup: State.AUTHORISED}).values("pk"))
        # A workflow of its own, not any field called `state` (an agency's is its entidad federativa).
        if issubclass(self.model, Reviewable):
            public = public.filter(state=State.AUTHORISED)
        public.is_public = True
        return public

    def _clone(self) -> Self:
        # Django copies only its own attributes to the next queryset of a chain; the audience must
        # follow every filter, order and slice, or a later with_progress() would read staff values.
        clone = super()._clone()  # type: ignore[misc]  # django-stubs leave out the private QuerySet._clone
        clone.is_public = self.is_public
        return clone


def _plans_at_the_end(model, path: str) -> tuple[str, models.QuerySet, str] | None:
    """For a path of forward foreign keys that ends in a reverse one (`evaluation__plans`): the
    forward part, the plans' queryset and the plans' key back to the model before them."""
    *forward, last = path.split("__")
    if not _single_valued(model, "__".join(forward)):
        return None
    for name in forward:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    if not (field.one_to_many and field.auto_created):
        return None
    return "__".join(forward), field.related_model._base_manager.all(), field.field.name


def _single_valued(model, path: str) -> bool:
    """Whether `path` follows only forward foreign keys (each row reaches at most one plan)."""
    for name in filter(None, path.split("__")):
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return False
        model = field.related_model
    return True
