"""Building blocks of the staff pages (/panel/), shared by the apps that have them.

Every view here starts from the model's `visible_to(user)` queryset, so an object of another
agency is a 404, whichever URL is tried. Pages that change something then ask
`editable_by(user)`: an object the user may see but not change (a coordinator, or content
already submitted or authorised) is a 403 that says why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import generic
from django_filters import FilterSet

from audit.models import ConcurrentEditError

from .access import EditableModel, captures_for, membership_of
from .pagination import humane_page
from .workflow import LockedError


def get_for_edit(user, pk, editable: models.QuerySet, refusal: str = ""):
    """The object `pk` of `editable`'s model if the user may change it: 404 when the user may
    not even see it, 403 with the reason when they may see but not change it."""
    model = editable.model
    obj = get_object_or_404(model.objects.visible_to(user), pk=pk)
    if not editable.filter(pk=pk).exists():
        raise PermissionDenied(edit_refusal(user, obj, refusal))
    return obj


def refused(request, refusal, obj=None):
    """The page of a workflow step that could not happen, with the reason and its HTTP status."""
    crumbs = breadcrumbs(obj if hasattr(obj, "crumb_parent") else None, ("No se pudo completar", None))
    context = {"message": refusal.message, "object": obj, "crumbs": crumbs}
    return render(request, "staff/refused.html", context, status=refusal.status)


def edit_refusal(user, obj, refusal: str = "") -> str:
    if membership_of(user) is None:
        return (
            "Su usuario no está adscrito a ninguna dependencia ni tiene un papel asignado; "
            "pida al administrador que lo adscriba."
        )
    if captures_for(user) is None:
        return (
            "Su papel permite consultar esta información, no modificarla: "
            "la captura corresponde al personal de la dependencia."
        )
    reason = refusal or getattr(obj, "locked_reason", lambda: None)()
    return reason or f"«{obj}» no se puede modificar."


def breadcrumbs(obj=None, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The trail from the panel home to `obj` (following `crumb_parent`), then `tail`."""
    chain: list[tuple[str, str | None]] = []
    while obj is not None:
        chain.insert(0, (_label(obj), obj.get_absolute_url()))
        obj = obj.crumb_parent
    return [("Inicio", reverse("staff-home"))] + chain + list(tail)


def _label(obj) -> str:
    label = str(obj)
    return label if len(label) <= 60 else label[:57] + "…"


class StaffMixin(LoginRequiredMixin):
    """A staff page whose objects come from `model.objects.visible_to(user)`."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class StaffEditMixin(StaffMixin):
    def get_object(self, queryset=None):
        return get_for_edit(self.request.user, self.kwargs["pk"], self.model.objects.editable_by(self.request.user))


class StaffDetailView(StaffMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        kwargs.setdefault(
            "can_edit", self.model.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists()
        )
        return super().get_context_data(crumbs=breadcrumbs(self.object), **kwargs)


class StaffFormMixin(generic.base.TemplateResponseMixin, generic.edit.ModelFormMixin):
    """Create/update pages: one form, optionally with inline formsets saved in one transaction.
    Mixed into a CreateView or an UpdateView, whose bases it names (in their order) for what it uses."""

    template_name = "staff/form.html"
    success_message = "Se guardó «{object}»."
    formset_classes: dict = {}

    def get_formsets(self) -> dict:
        bound = self.request.method == "POST"
        return {
            name: cls(
                self.posted_data() if bound else None,
                self.request.FILES if bound else None,
                instance=self.object_for_formsets(),
                prefix=name,
                form_kwargs={"user": self.request.user},
            )
            for name, cls in self.formset_classes.items()
        }

    def object_for_formsets(self):
        return self.object if self.object is not None else self.model()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formsets", self.get_formsets())
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if "data" in kwargs:
            kwargs["data"] = self.posted_data()
        return kwargs

    def posted_data(self):
        # One mutable copy shared by the form and its formsets, so that a conflict can move
        # their hidden versions forward and the page shows the user's input again.
        if not hasattr(self, "_posted_data"):
            self._posted_data = self.request.POST.copy()
        return self._posted_data

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formsets = self.get_formsets()
        # Validate everything before saving anything: nothing half-saved.
        form_ok = form.is_valid()
        for formset in formsets.values():
            formset.instance = form.instance
        if form_ok and all(formset.is_valid() for formset in formsets.values()):
            try:
                with transaction.atomic():
                    self.object = form.save()
                    for formset in formsets.values():
                        formset.instance = self.object
                        formset.save()
            except ConcurrentEditError as conflict:
                return self.conflict(conflict, form, formsets)
            messages.success(request, self.success_message.format(object=self.object))
            return HttpResponseRedirect(self.get_success_url())
        messages.error(request, "No se guardó nada: corrija los campos señalados.")
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))

    def conflict(self, conflict: ConcurrentEditError, form, formsets):
        """Someone saved the same object first: keep this user's input on the page, with the
        version moved forward so that saving again, after checking, is a deliberate choice."""
        if self.object is not None and self.object.pk is None:
            self.object = None
        for each in [form, *(sub for formset in formsets.values() for sub in formset.forms)]:
            if (
                type(each.instance) is type(conflict.obj)
                and each.instance.pk == conflict.obj.pk
                and "version" in each.fields
            ):
                self.posted_data()[each.add_prefix("version")] = conflict.current_version
        messages.error(
            self.request,
            f"No se guardó nada: {conflict.message} Sus datos siguen en el formulario; revise los cambios de la otra "
            "persona "
            "y guarde de nuevo si desea conservar los suyos.",
        )
        form.add_error(None, conflict.message)
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))


class StaffCreateView(LoginRequiredMixin, StaffFormMixin, generic.CreateView):
    """Create a child of a parent object that the user may edit (parent_model, parent_field)."""

    parent_model: EditableModel | None = None
    parent_field: str = ""
    parent_refusal: str = ""  # why a visible parent takes no children, when its lock does not say

    def dispatch(self, request, *args, **kwargs):
        self.parent = None
        # Anonymous users fall through to LoginRequiredMixin's redirect.
        if request.user.is_authenticated:
            if self.parent_model is not None:
                self.parent = get_for_edit(
                    request.user, kwargs["parent_pk"], self.parent_queryset(request.user), self.parent_refusal
                )
            elif captures_for(request.user) is None:
                raise PermissionDenied(edit_refusal(request.user, None))
        return super().dispatch(request, *args, **kwargs)

    def parent_queryset(self, user) -> models.QuerySet:
        """The parents a user may add children to; their editable ones unless a view says otherwise."""
        assert self.parent_model is not None, "asked by dispatch() of a view with a parent only"
        return self.parent_model.objects.editable_by(user)

    def get(self, request, *args, **kwargs):
        self.object = None
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = None
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object_for_formsets()
        return kwargs

    def object_for_formsets(self):
        if not hasattr(self, "_new_object"):
            self._new_object = self.model(**({self.parent_field: self.parent} if self.parent else {}))
        return self._new_object

    def get_context_data(self, **kwargs):
        title = f"Nuevo registro: {self.model._meta.verbose_name}"
        return super().get_context_data(
            title=title, crumbs=breadcrumbs(self.parent, (title, None)), cancel_url=self._cancel_url(), **kwargs
        )

    def _cancel_url(self) -> str:
        return self.parent.get_absolute_url() if self.parent else reverse("staff-home")


class StaffUpdateView(StaffEditMixin, StaffFormMixin, generic.UpdateView):
    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        title = f"Editar {self.model._meta.verbose_name}"
        return super().get_context_data(
            title=title,
            crumbs=breadcrumbs(self.object, ("Editar", None)),
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )


class StaffDeleteView(StaffEditMixin, generic.DeleteView):
    """GET asks for confirmation; POST deletes, or explains why it cannot."""

    template_name = "staff/confirm_delete.html"

    def get_success_url(self) -> str:
        parent = self.object.crumb_parent
        return parent.get_absolute_url() if parent else reverse("staff-home")

    def form_valid(self, form):
        label = str(self.object)
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                self.object.delete()
        except LockedError as error:
            messages.error(self.request, error.args[0])
            return HttpResponseRedirect(self.object.get_absolute_url())
        except ProtectedError:
            messages.error(self.request, f"No se puede eliminar «{label}» porque otros registros dependen de él.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"Se eliminó «{label}».")
        return HttpResponseRedirect(success_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=breadcrumbs(self.object, ("Eliminar", None)), cancel_url=self.object.get_absolute_url(), **kwargs
        )


class StaffListView(StaffMixin, generic.ListView):
    """A paginated list filtered with django-filter (filterset_class)."""

    paginate_by = 25
    page_kwarg = "pagina"
    filterset_class: type[FilterSet] | None = None  # set by each list
    title = ""

    def get_queryset(self):
        return self.filter(super().get_queryset())

    def paginate_queryset(self, queryset, page_size):
        """As ListView's, but a page number past the end shows the last page with a notice
        (programs.pagination.humane_page) instead of a 404."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=self.get_allow_empty())
        page = humane_page(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def filter(self, queryset):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("pagina", None)
        return super().get_context_data(
            filter=self.filterset,
            title=self.title,
            querystring=query.urlencode(),
            crumbs=breadcrumbs(None, (self.title, None)),
            # «Nuevo…» only for who may create (the coordinator reads, and would get a 403).
            can_create=captures_for(self.request.user) is not None,
            **kwargs,
        )
