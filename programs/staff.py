"""Building blocks of the staff pages (/panel/), shared by the apps that have them.

Every view here starts from the model's `visible_to(user)` or `editable_by(user)` queryset,
so an object of another agency is a 404, whichever URL is tried.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import generic


def breadcrumbs(obj=None, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The trail from the panel home to `obj` (following `crumb_parent`), then `tail`."""
    chain = []
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
    def get_queryset(self):
        return self.model.objects.editable_by(self.request.user)


class StaffDetailView(StaffMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=breadcrumbs(self.object), **kwargs)


class StaffFormMixin:
    """Create/update pages: one form, optionally with inline formsets saved in one transaction."""

    template_name = "staff/form.html"
    success_message = "Se guardó «{object}»."
    formset_classes: dict = {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_formsets(self) -> dict:
        bound = self.request.method == "POST"
        return {
            name: cls(
                self.request.POST if bound else None,
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

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formsets = self.get_formsets()
        # Validate everything before saving anything: nothing half-saved.
        form_ok = form.is_valid()
        for formset in formsets.values():
            formset.instance = form.instance
        if form_ok and all(formset.is_valid() for formset in formsets.values()):
            with transaction.atomic():
                self.object = form.save()
                for formset in formsets.values():
                    formset.instance = self.object
                    formset.save()
            messages.success(request, self.success_message.format(object=self.object))
            return HttpResponseRedirect(self.get_success_url())
        messages.error(request, "No se guardó nada: corrija los campos señalados.")
        return self.render_to_response(self.get_context_data(form=form, formsets=formsets))


class StaffCreateView(LoginRequiredMixin, StaffFormMixin, generic.CreateView):
    """Create a child of a parent object that the user may edit (parent_model, parent_field)."""

    parent_model: type[models.Model] | None = None
    parent_field: str = ""

    def dispatch(self, request, *args, **kwargs):
        self.parent = None
        # Anonymous users fall through to LoginRequiredMixin's redirect.
        if request.user.is_authenticated and self.parent_model is not None:
            self.parent = get_object_or_404(self.parent_model.objects.editable_by(request.user), pk=kwargs["parent_pk"])
        return super().dispatch(request, *args, **kwargs)

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
            title=title, crumbs=breadcrumbs(self.object, ("Editar", None)), cancel_url=self.object.get_absolute_url(), **kwargs
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
            self.object.delete()
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
    filterset_class = None
    title = ""

    def get_queryset(self):
        return self.filter(super().get_queryset())

    def filter(self, queryset):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=self.filterset,
            title=self.title,
            querystring=query.urlencode(),
            crumbs=breadcrumbs(None, (self.title, None)),
            **kwargs,
        )
