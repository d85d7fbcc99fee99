"""«Importar» in the panel: upload a file of annexes, preview it sheet by sheet, commit it.

Staff see their agency's imports, the coordinator every agency's (read only). Only a capturista
or supervisor of the agency uploads, chooses, commits or discards; an import of another agency
is a 404, whichever URL is tried."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from evidence.views import content_disposition
from programs.access import captures_for, captures_in
from programs.staff import breadcrumbs, edit_refusal, get_for_edit

from .forms import SheetForm, SkippedSheetsForm, UploadForm, initial_for
from .models import Import
from .services import (
    SKIPPED,
    ImportBlocked,
    ImportRefused,
    commit_import,
    discard,
    error_message,
    preview,
    receive_file,
)

LIST_TITLE = "Importaciones"


@login_required
@require_GET
def import_list(request):
    imports = Import.objects.visible_to(request.user).select_related("agency").prefetch_related("plans__program")
    page = Paginator(imports, 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "imports/import_list.html",
        {
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "imports": page.object_list,
            "can_upload": captures_for(request.user) is not None,
            "title": LIST_TITLE,
            "crumbs": breadcrumbs(None, (LIST_TITLE, None)),
        },
    )


@login_required
def import_upload(request):
    agency = captures_for(request.user)
    if agency is None:
        raise PermissionDenied(edit_refusal(request.user, None))
    form = UploadForm(request.POST or None, request.FILES or None, request=request)
    first = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            import_ = receive_file(upload=upload, name=upload.name, size=upload.size, agency=agency, by=request.user)
        except ImportRefused as refusal:
            form.add_error("file", refusal.message)
            first = refusal.first
        else:
            messages.info(request, f"Se leyó «{import_.original_name}». Revise la vista previa antes de importar.")
            return HttpResponseRedirect(import_.get_absolute_url())
    title = "Importar anexos"
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "first": first,
            "title": title,
            "crumbs": breadcrumbs(None, (LIST_TITLE, reverse("imports:import-list")), (title, None)),
        },
    )


def _sheet_forms(import_: Import, user, data=None) -> list[SheetForm]:
    return [
        SheetForm(
            data,
            user=user,
            table=table,
            prefix=f"tabla{index}",
            initial=initial_for(import_.choice(index)),
        )
        for index, table in enumerate(import_.tables)
    ]


@login_required
def import_detail(request, pk: int):
    """The preview of an import not yet committed (choices, rows, errors, «Importar»); the
    record of one committed."""
    import_ = get_object_or_404(Import.objects.visible_to(request.user).select_related("agency"), pk=pk)
    if request.method == "POST":
        import_ = get_for_edit(request.user, pk, Import.objects.editable_by(request.user))
    may_edit = not import_.is_imported and captures_in(request.user, import_.agency_id)
    data = request.POST if request.method == "POST" else None
    forms = _sheet_forms(import_, request.user, data)
    if not may_edit:
        for form in forms:
            for field in form.fields.values():
                field.disabled = True
    planned = preview(import_, by=request.user if may_edit else None)
    unplaced = sorted({str(error.get("sheet", "")) for error in planned.unplaced_errors})
    skipped_form = SkippedSheetsForm(data, names=unplaced, initial={"sheets": import_.choices.get(SKIPPED, [])})
    if request.method == "POST":
        if all(form.is_valid() for form in forms) and skipped_form.is_valid():
            import_.choices = {
                **{str(index): form.choice() for index, form in enumerate(forms)},
                **skipped_form.choice(),
            }
            import_.save(update_fields=["choices"])
            if request.POST.get("accion") == "importar":
                try:
                    plans = commit_import(import_=import_, by=request.user)
                except ImportBlocked as blocked:
                    messages.error(request, "No se importó nada: " + " ".join(blocked.problems))
                else:
                    messages.success(
                        request,
                        f"Se importó «{import_.original_name}»: los programas de trabajo quedan en borrador.",
                    )
                    return HttpResponseRedirect(plans[0].get_absolute_url() if plans else import_.get_absolute_url())
            return HttpResponseRedirect(import_.get_absolute_url())
        messages.error(request, "No se guardó nada: corrija los campos señalados.")
        planned = preview(import_, by=request.user)
    sheets = list(zip(planned.sheets, forms, strict=True))
    return render(
        request,
        "imports/import_detail.html",
        {
            "object": import_,
            "preview": planned,
            "sheets": sheets,
            "skipped_form": skipped_form,
            "may_edit": may_edit,
            "blocking": [error_message(error) for error in planned.errors],
            "title": str(import_),
            "crumbs": breadcrumbs(None, (LIST_TITLE, reverse("imports:import-list")), (str(import_), None)),
        },
    )


@login_required
@require_POST
def import_discard(request, pk: int):
    """Forget an import not committed, and its file: the same file may then be uploaded again."""
    import_ = get_for_edit(request.user, pk, Import.objects.editable_by(request.user))
    label = str(import_)
    discard(import_)
    messages.success(request, f"Se descartó «{label}».")
    return HttpResponseRedirect(reverse("imports:import-list"))


@login_required
@require_GET
def import_file(request, pk: int):
    """The uploaded file as it was received, to anyone who may see the import."""
    import_ = get_object_or_404(Import.objects.visible_to(request.user), pk=pk)
    try:
        handle = import_.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("El archivo de esta importación no se encuentra en el almacenamiento.") from None
    response = FileResponse(handle, content_type=import_.content_type)
    response["Content-Disposition"] = content_disposition(import_.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
