"""The authorisation workflow ("Elaboró / Autorizó") shared by everything that goes through it.

A plan and a progress round (aspects) and a replanning request inherit `Reviewable`. Each
transition is one method here: it locks the row, checks the current state and the actor's
right, changes the state, fixes the signatures, writes a `Transition` row and sends
`transitioned`, which the notification emails listen to (`notifications.py`, connected in
`apps.py`). Views only call these methods; nothing else changes `state`.

    borrador ──submit──▶ en revisión ──authorise──▶ autorizado
        ▲                    │
        └──── devuelto ◀─return_ (comment required)

Content without a workflow of its own is authorised as a step of its owner's authorisation
(`Reviewable.followers()`: a progress round's evidence), with a `Transition` row each. A cut-off
period's opening and closing (`programs.models.CutOffPeriod`) writes its `Transition` rows too:
every change of state has its history row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import ProtectedError
from django.dispatch import Signal
from django.utils import timezone

from audit.models import AppendOnlyModel, VersionedModel

from .roles import Role, captures_in, is_coordinator, membership_of, reviews_in


class State(models.TextChoices):
    DRAFT = "borrador", "Borrador"
    IN_REVIEW = "en_revision", "En revisión"
    RETURNED = "devuelto", "Devuelto"
    AUTHORISED = "autorizado", "Autorizado"


class PeriodStatus(models.TextChoices):
    """A cut-off period's: the coordinator opens it for reports, then closes it."""

    PENDING = "por_abrir", "Por abrir"
    OPEN = "abierto", "Abierto"
    CLOSED = "cerrado", "Cerrado"


EDITABLE_STATES = (State.DRAFT, State.RETURNED)
LOCKED_STATES = (State.IN_REVIEW, State.AUTHORISED)


# Sent inside a reviewable object's transition, after its Transition row is written, with
# instance= (the moved object) and step= (the Transition). What reacts to the workflow without
# being part of it listens: the emails (notifications.py), the rebuild of public files (public).
transitioned = Signal()


class LockedError(ProtectedError):
    """Deleting content that was submitted or authorised."""


def refuse_deleting_locked(sender, instance, **kwargs) -> None:
    """A `pre_delete` guard: submitted or authorised content (what `locked_reason()` names) is never
    deleted, not even by a cascade or the admin. Each app connects it to its models."""
    reason = instance.locked_reason()
    if reason:
        raise LockedError(f"No se puede eliminar «{instance}». {reason}", {instance})


class TransitionRefused(Exception):
    """A transition that cannot happen; `status` is the HTTP status a view answers with."""

    status = 409

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class NotPermitted(TransitionRefused):
    status = 403


class WrongState(TransitionRefused):
    status = 409


class NotReady(TransitionRefused):
    status = 409


STAND_IN_NOTE = (
    "Revisado por la coordinación de evaluación: la dependencia no tiene otro supervisor que pudiera hacerlo."
)


def display_name(user) -> str:
    """The name in the staff history; a signature takes the full name only (`signature_refusal`)."""
    return user.get_full_name() or user.get_username()


def signature_refusal(user) -> str | None:
    """Why `user` cannot sign: a signature prints the full name in public pages and annexes, and a
    username must never stand in for it."""
    if not (user.first_name.strip() and user.last_name.strip()):
        return (
            "Su cuenta no tiene registrados nombre y apellidos, que aparecen en la firma; pida al administrador "
            "del sistema que los registre y vuelva a intentarlo."
        )
    return None


class Transition(AppendOnlyModel):
    """One step of a reviewable object's history: who moved it, when, from which state to which."""

    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField("de", max_length=12, choices=State.choices + PeriodStatus.choices)
    to_state = models.CharField("a", max_length=12, choices=State.choices + PeriodStatus.choices)
    # PROTECT, as every link from history or a signature to a user: such a user is deactivated instead.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="por")
    by_name = models.CharField("nombre", max_length=255)
    at = models.DateTimeField("fecha y hora", auto_now_add=True)
    comment = models.TextField("comentario", blank=True)

    audit_exempt = True  # it is history already

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "transición"
        verbose_name_plural = "transiciones"
        indexes = [models.Index(fields=["content_type", "object_id"], name="transition_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()} ({self.by_name})"

    @classmethod
    def of(cls, obj: models.Model) -> models.QuerySet:
        """The history of `obj`, oldest first."""
        return cls.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)

    @classmethod
    def record(cls, obj: models.Model, *, source: str, target: str, by, comment: str = "") -> Transition:
        """The history row of `obj` moving from `source` to `target`, written by whoever moves it."""
        return cls.objects.create(
            content_object=obj, from_state=source, to_state=target, by=by, by_name=display_name(by), comment=comment
        )


def _signature(
    role: str, moment: str
) -> tuple[models.ForeignKey, models.CharField, models.CharField, models.DateTimeField]:
    """The columns of one signature («elaboró», «autorizó»): who signed, their name and position
    copied at the time (annexes print what was signed, whatever the account becomes), and when."""
    return (
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            models.PROTECT,
            null=True,
            blank=True,
            related_name="+",
            editable=False,
            verbose_name=role,
        ),
        models.CharField(f"{role} (nombre)", max_length=255, blank=True, editable=False),
        models.CharField(f"{role} (cargo)", max_length=200, blank=True, editable=False),
        models.DateTimeField(moment, null=True, blank=True, editable=False),
    )


def _sign(current: Reviewable, signature: str, by) -> None:
    """Stamp the signature `signature` («prepared», «authorised») of `current` with `by` now, or
    clear it when `by` is None."""
    setattr(current, f"{signature}_by", by)
    setattr(current, f"{signature}_by_name", by.get_full_name() if by else "")
    setattr(current, f"{signature}_by_position", _position(by) if by else "")
    setattr(current, f"{signature}_at", timezone.now() if by else None)


class Reviewable(VersionedModel):
    """State, signatures and transitions of something prepared by one person and authorised by another."""

    state = models.CharField("estado", max_length=12, choices=State.choices, default=State.DRAFT, editable=False)
    prepared_by, prepared_by_name, prepared_by_position, prepared_at = _signature("elaboró", "enviado el")
    authorised_by, authorised_by_name, authorised_by_position, authorised_at = _signature("autorizó", "autorizado el")
    # The agency's active supervisors, when read for a whole list (prime_reviewers); None: ask.
    _agency_supervisors: set[int] | None = None

    class Meta:
        abstract = True

    # Hooks for the concrete models.
    def workflow_agency_id(self) -> int:
        raise NotImplementedError

    def submission_problems(self) -> list[str]:
        """Why it cannot be submitted yet (empty when it can)."""
        return []

    def return_problems(self) -> list[str]:
        """Why it cannot be returned now (empty when it can)."""
        return []

    def on_authorised(self) -> None:
        """Runs inside the authorising transaction, on the locked row."""

    def followers(self) -> list[models.QuerySet]:
        """Content without a workflow of its own that is authorised with this object (a progress
        round's evidence): querysets of Reviewables, moved by `authorise()` in its transaction."""
        return []

    def authorisation_effects(self) -> tuple[list[str], list[str]]:
        """For the confirmation page of «Autorizar»: what the authorisation signs, and what it
        makes public. The concrete models say it in their own terms."""
        return [f"{str(self._meta.verbose_name).capitalize()} «{self}»."], []

    def following_counts(self) -> tuple[int, int]:
        """How many followers (evidence) this authorisation moves, and how many of them are
        marked publishable and so become public."""
        moving = publishable = 0
        for followers in self.followers():
            drafts = followers.filter(state__in=EDITABLE_STATES)
            moving += drafts.count()
            publishable += drafts.filter(publishable=True, current=True).count()
        return moving, publishable

    @property
    def transitions(self) -> models.QuerySet:
        # Not a GenericRelation on purpose: deleting a draft must not cascade to its history.
        return Transition.of(self)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_authorised(self) -> bool:
        return self.state == State.AUTHORISED

    # Who may do what, for the buttons a page shows; the transitions check the same.
    def may_submit(self, user) -> bool:
        return self.state in EDITABLE_STATES and self._submit_refusal(user) is None

    def _submit_refusal(self, user) -> str | None:
        if not captures_in(user, self.workflow_agency_id()):
            return "Solo el personal de captura de la dependencia puede enviar a revisión."
        return None

    def may_review(self, user) -> bool:
        return self.state == State.IN_REVIEW and self._review_refusal(user) is None

    def lacks_reviewer(self) -> bool:
        """Whether the agency has no active supervisor other than whoever prepared it: nobody
        there could review it, so the coordination (or an administrator) may stand in."""
        supervisors = self._agency_supervisors
        if supervisors is not None:  # read for a whole list at once (prime_reviewers)
            return not (supervisors - {self.prepared_by_id})
        return (
            not get_user_model()
            .objects.filter(
                membership__agency_id=self.workflow_agency_id(), membership__role=Role.SUPERVISOR, is_active=True
            )
            .exclude(pk__in=[self.prepared_by_id] if self.prepared_by_id else [])
            .exists()
        )

    def stands_in(self, user) -> bool:
        """Whether `user` reviews this as the coordination standing in for a missing supervisor."""
        return is_coordinator(user) and not reviews_in(user, self.workflow_agency_id()) and self.lacks_reviewer()

    def _review_refusal(self, user) -> str | None:
        if self.stands_in(user):
            return None
        if not reviews_in(user, self.workflow_agency_id()):
            return "Solo un supervisor de la dependencia puede devolver o autorizar."
        if self.prepared_by_id == user.pk:
            return "No puede devolver ni autorizar lo que usted mismo elaboró; debe hacerlo otro supervisor."
        return None

    # The transitions.
    def submit(self, *, by, comment: str = "") -> None:
        def check(current):
            refusal = current._submit_refusal(by) or signature_refusal(by)
            if refusal:
                raise NotPermitted(refusal)
            self._require_state(current, EDITABLE_STATES, "enviar a revisión")
            problems = current.submission_problems()
            if problems:
                raise NotReady("No se puede enviar a revisión: " + " ".join(problems))

        def sign(current):
            _sign(current, "prepared", by)
            _sign(current, "authorised", None)

        self._move(by=by, target=State.IN_REVIEW, comment=comment, check=check, sign=sign)

    def return_(self, *, by, comment: str) -> None:
        def check(current):
            self._check_reviewer(current, by, "devolver")
            if not comment.strip():
                raise NotReady("Para devolver escriba un comentario que explique qué corregir.")
            problems = current.return_problems()
            if problems:
                raise NotReady("No se puede devolver: " + " ".join(problems))

        self._move(by=by, target=State.RETURNED, comment=self._stand_in_note(by, comment.strip()), check=check)

    def authorise(self, *, by, comment: str = "") -> None:
        def check(current):
            self._check_reviewer(current, by, "autorizar")
            refusal = signature_refusal(by)
            if refusal:
                raise NotPermitted(refusal)

        def sign(current):
            _sign(current, "authorised", by)
            current.on_authorised()

        def follow(current, step):
            for followers in current.followers():
                _authorise_followers(followers, owner=current, step=step)

        self._move(
            by=by,
            target=State.AUTHORISED,
            comment=self._stand_in_note(by, comment),
            check=check,
            sign=sign,
            then=follow,
        )

    def _stand_in_note(self, by, comment: str) -> str:
        """The comment of a review by the coordination standing in, which says so in the history."""
        if not self.stands_in(by):
            return comment
        return " ".join(filter(None, [STAND_IN_NOTE, comment]))

    def check_reviewer(self, user, verb: str) -> None:
        """Raise what would refuse `user`'s review now (the confirmation page asks before the
        transition, which checks again under a row lock)."""
        self._check_reviewer(self, user, verb)

    def _check_reviewer(self, current, by, verb: str) -> None:
        refusal = current._review_refusal(by)
        if refusal:
            raise NotPermitted(refusal)
        self._require_state(current, (State.IN_REVIEW,), verb)

    @staticmethod
    def _require_state(current, allowed, verb: str) -> None:
        if current.state not in allowed:
            raise WrongState(f"No se puede {verb}: «{current}» está {current.get_state_display().lower()}.")

    def _move(self, *, by, target: str, comment: str, check, sign=None, then=None) -> None:
        with transaction.atomic():
            current = type(self)._base_manager.select_for_update().get(pk=self.pk)
            check(current)
            source = current.state
            current.state = target
            if sign:
                sign(current)
            current.save()
            step = Transition.record(current, source=source, target=target, by=by, comment=comment)
            if then:
                then(current, step)
            transitioned.send(sender=type(current), instance=current, step=step)
        self.refresh_from_db()


# The columns of both signatures, copied from an owner to what follows it.
SIGNATURE_COLUMNS = [
    "prepared_by_id",
    "prepared_by_name",
    "prepared_by_position",
    "prepared_at",
    "authorised_by_id",
    "authorised_by_name",
    "authorised_by_position",
    "authorised_at",
]


def _authorise_followers(followers: models.QuerySet, *, owner: Reviewable, step: Transition) -> None:
    """Authorise the drafts among `followers` with `owner`: its state and signatures, and a history
    row each, by the same supervisor. What was already authorised stays as it was."""
    moving = dict(followers.filter(state__in=EDITABLE_STATES).values_list("pk", "state"))
    if not moving:
        return
    model = followers.model
    model.objects.filter(pk__in=list(moving)).update(
        state=State.AUTHORISED, **{name: getattr(owner, name) for name in SIGNATURE_COLUMNS}
    )
    content_type = ContentType.objects.get_for_model(model)
    comment = f"Autorizada con «{owner}»."
    Transition.objects.bulk_create(
        Transition(
            content_type=content_type,
            object_id=pk,
            from_state=state,
            to_state=State.AUTHORISED,
            by_id=step.by_id,
            by_name=step.by_name,
            comment=comment,
        )
        for pk, state in moving.items()
    )


def _position(user) -> str:
    membership = membership_of(user)
    return membership.position if membership else ""


def prime_reviewers(items: Iterable[Reviewable]) -> None:
    """Read the active supervisors of every agency of `items` in one query, for their
    `lacks_reviewer()`: a list of a hundred items to review then asks once, not once per item."""
    items = list(items)
    agencies = {item.workflow_agency_id() for item in items}
    supervisors: dict[int, set[int]] = {agency: set() for agency in agencies}
    for agency, user in (
        get_user_model()
        .objects.filter(membership__agency_id__in=agencies, membership__role=Role.SUPERVISOR, is_active=True)
        .values_list("membership__agency_id", "pk")
    ):
        supervisors[agency].add(user)
    for item in items:
        item._agency_supervisors = supervisors[item.workflow_agency_id()]
