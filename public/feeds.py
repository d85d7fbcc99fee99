"""An Atom feed per program of what gets authorised: its plans, its progress rounds and its
replanning requests, newest first. Items are the workflow's own history (`Transition` rows into
«autorizado») of objects the public rule lets through, so a feed shows nothing the public pages
do not, and never who moved anything."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.contrib.syndication.views import Feed
from django.db.models import Case, Model, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from aspects.models import ChangeRequest, Plan, ReportRound
from aspects.templatetags.asm import written_date
from programs.models import Program
from programs.workflow import State, Transition

MAX_ITEMS = 50


def program_page(program: Program) -> str:
    return reverse("public:program", kwargs={"key": program.key})


def authorised_objects(program: Program) -> dict[type[Model], QuerySet]:
    """What the feed may speak of, per model: the program's authorised plans, rounds and replanning."""
    return {
        Plan: Plan.objects.public().filter(program=program).select_related("program", "cycle"),
        ReportRound: ReportRound.objects.public()
        .filter(plan__program=program)
        .select_related("plan__program", "period__cycle"),
        ChangeRequest: ChangeRequest.objects.public()
        .filter(activity__aspect__plan__program=program)
        .select_related("activity__aspect__plan__program"),
    }


class PlainTextAtomFeed(Atom1Feed):
    """Atom with each entry's summary sent as plain text. Django's writer declares it `type="html"`, so a feed
    reader would run the markup of an authorised text (a replanning's wording, a justification) as HTML: a
    live link, an image, a form. As text, whatever it holds is shown as the characters it is."""

    def add_item_elements(self, handler, item) -> None:
        description = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if description is not None:
            handler.addQuickElement("summary", description, {"type": "text"})


class ProgramFeed(Feed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request, key: str) -> Program:
        program = get_object_or_404(Program.objects.public(), key=key)
        # The entries' ids are absolute; the feed instance is shared, so the address rides on the object.
        program.feed_page = request.build_absolute_uri(program_page(program))
        return program

    def title(self, program: Program) -> str:
        return f"ASM Tracker · {program.key} · {program.name}: autorizaciones"

    def subtitle(self, program: Program) -> str:
        return f"Programas de trabajo, avances y replanteamientos autorizados de {program.key} · {program.name}."

    def link(self, program: Program) -> str:
        return program_page(program)

    def feed_url(self, program: Program) -> str:
        return reverse("open-data:program-feed", kwargs={"key": program.key})

    def items(self, program: Program) -> list[Transition]:
        objects = authorised_objects(program)
        condition = Q()
        authorised_on = []
        for model, queryset in objects.items():
            content_type = ContentType.objects.get_for_model(model)
            # The program's own ids (dozens), so that the history is read through its index on
            # (content type, object) instead of scanning every authorisation of the country.
            condition |= Q(content_type=content_type, object_id__in=list(queryset.values_list("pk", flat=True)))
            # Unordered: a lookup by primary key needs none of the model's default ordering joins.
            signed = model._base_manager.filter(pk=OuterRef("object_id")).order_by().values("authorised_at")[:1]
            authorised_on.append(When(content_type=content_type, then=Subquery(signed)))
        # Newest first by the date the object was signed as authorised (`authorised_at`, which the
        # demo and the imported history set to the document's date); the row's own moment is the
        # day it was recorded here.
        steps = (
            Transition.objects.filter(condition, to_state=State.AUTHORISED)
            .annotate(authorised_on=Coalesce(Case(*authorised_on), "at"))
            .prefetch_related(GenericPrefetch("content_object", list(objects.values())))
            .order_by("-authorised_on", "-pk")[:MAX_ITEMS]
        )
        items = [step for step in steps if step.content_object is not None]
        for step in items:
            step.feed_page = program.feed_page
        return items

    def item_title(self, step: Transition) -> str:
        obj = step.content_object
        if isinstance(obj, Plan):
            return f"Autorizado: Programa de trabajo {obj.program.key} · {obj.cycle.name}"
        if isinstance(obj, ReportRound):
            return f"Autorizado: Avance {obj.plan.program.key} · {obj.period.name}"
        activity = obj.activity
        program = activity.aspect.plan.program
        return f"Autorizado: Replanteamiento {program.key} · ASM {activity.aspect.number}, actividad {activity.number}"

    def item_description(self, step: Transition) -> str:
        obj = step.content_object
        if isinstance(obj, Plan):
            return obj.title or f"Programa de trabajo de ASM del ciclo «{obj.cycle.name}»."
        if isinstance(obj, ReportRound):
            return f"Avance de las actividades al periodo de corte «{obj.period.name}» ({obj.period.cycle.name})."
        changes = []
        if obj.new_end_date:
            changes.append(f"Nueva fecha de término: {written_date(obj.new_end_date)}.")
        if obj.new_description.strip():
            changes.append(f"Nueva redacción: {obj.new_description.strip()}")
        if obj.cancel:
            changes.append("Se cancela la actividad.")
        return " ".join([*changes, f"Justificación: {obj.justification}"])

    def item_link(self, step: Transition) -> str:
        """Where the public pages show what was authorised: the plan's section and the round's
        line on the program page, the replanning's row on its activity's page."""
        obj = step.content_object
        if isinstance(obj, Plan):
            return f"{program_page(obj.program)}#plan-{obj.pk}"
        if isinstance(obj, ReportRound):
            return f"{program_page(obj.plan.program)}#avance-{obj.pk}"
        program = obj.activity.aspect.plan.program
        return (
            reverse("public:activity", kwargs={"key": program.key, "pk": obj.activity_id})
            + f"#replanteamiento-{obj.pk}"
        )

    def item_guid(self, step: Transition) -> str:
        # The entry's id, as it has been since the first feed: readers keep what they have read.
        return f"{step.feed_page}#autorizacion-{step.pk}"

    def item_pubdate(self, step: Transition):
        return step.authorised_on

    def item_updateddate(self, step: Transition):
        return step.authorised_on
