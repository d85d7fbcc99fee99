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
        else:
            # Through a reverse relation (an agency's plans) a join would repeat rows.
            public = self.filter(_reached_from_authorised_plans(self.model, path))
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


def _single_valued(model, path: str) -> bool:
    """Whether `path` follows only forward foreign keys (each row reaches at most one plan)."""
    for name in filter(None, path.split("__")):
        field = model._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return False
        model = field.related_model
    return True


def _reached_from_authorised_plans(model, path: str) -> models.Q:
    """The rows of `model` that `path` leads from to an authorised plan, asked from the plans' side:
    the reverse hops at the end of the path (an agency's programs, a program's plans) are forward
    keys seen from the plan, so the authorised plans name the rows' keys without joining back to
    `model` (a program is public when its id is among the authorised plans' `program_id`: an
    index of a few thousand plans, not a join of every program to its plans). A forward start
    of the path (a unit's agency) compares the row's own key. Another shape of path falls back to
    the join."""
    names, step, start = path.split("__"), model, 0
    while start < len(names) and _forward(step, names[start]):
        step = step._meta.get_field(names[start]).related_model
        start += 1
    back, nullable = [], False
    for name in names[start:]:
        field = step._meta.get_field(name)
        if not field.one_to_many:
            return models.Q(pk__in=model._base_manager.filter(**{f"{path}__state": State.AUTHORISED}).values("pk"))
        back.append(field.field.name)  # the foreign key of the row below, pointing up
        nullable |= field.field.null
        step = field.related_model
    keys = "__".join(reversed(back))
    plans = step._base_manager.filter(state=State.AUTHORISED)
    if nullable:  # `IN` a list holding NULL is unknown, not false, for a row not in it
        plans = plans.filter(**{f"{keys}__isnull": False})
    plans = plans.values(keys)
    return models.Q(**{"__".join([*names[:start], "in"]) if start else "pk__in": plans})


def _forward(model, name: str) -> bool:
    field = model._meta.get_field(name)
    return bool(field.many_to_one or field.one_to_one) and not field.auto_created
