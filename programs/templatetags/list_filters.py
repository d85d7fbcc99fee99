"""The fields of the lists' filter forms (templates/public/_filters.html, templates/staff/_filter.html).

A filter form tops every list page, staff and public. Laid out by crispy-bootstrap5 (`as_crispy_field`), its
nine fields took a third of such a page's time: a template per field, and Django's <select> a template per
<option> (27 of some 90 ms for /asm/ at national scale; 15 ms written here, with the same queries for the
choices). `filter_field` writes the same markup (the same ids, classes and ARIA attributes as crispy's layout)
in one pass, and hands any other kind of field to crispy."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Inputs written as crispy writes them; checkboxes, radios, files and multi-part widgets go to crispy.
_INPUTS = (forms.TextInput, forms.NumberInput, forms.DateInput)


@register.filter
def filter_field(field: BoundField) -> SafeString:
    """One filter: its label, its control, its errors and its help, as crispy-bootstrap5 lays out a field."""
    widget = field.field.widget
    is_select = type(widget) is forms.Select
    if field.is_hidden or not (is_select or isinstance(widget, _INPUTS)):
        return as_crispy_field(field)
    kind = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    css = f"{css} {kind}" if css and kind not in css else css or kind
    for name in ["form-select" if is_select else "form-control", *(["is-invalid"] if field.errors else [])]:
        css += "" if name in css.split() else f" {name}"
    control = _select(field, css) if is_select else None
    if control is None:
        control = field.as_widget(attrs={"class": css})
    label = ""
    if field.label:
        required = field.field.required
        label = format_html(
            '<label{} class="form-label{}">{}{}</label>',
            format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
            " requiredField" if required else "",
            field.label,
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        # Written by the developers, as Django's own forms and crispy print it: not escaped.
        help_text = format_html(
            '<div{} class="form-text">{}</div>',
            format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
            mark_safe(field.help_text),
        )
    wrapper = " ".join(filter(None, ["mb-3", field.css_classes()]))
    return format_html(
        '<div id="div_{}" class="{}">{}{}{}{}</div>', field.auto_id, wrapper, label, control, errors, help_text
    )


def _select(field: BoundField, css: str) -> SafeString | None:
    """A <select> of flat choices, as Django's Select writes it (the first option holding the value is
    the selected one); None for choices in groups, which Django's widget writes."""
    widget = field.field.widget
    value = set(widget.format_value(field.value()))
    options, selected = [], False
    for choice, label in getattr(field.field, "choices", ()):
        if isinstance(label, list | tuple):
            return None
        choice = "" if choice is None else str(choice)
        chosen = not selected and choice in value
        selected = selected or chosen
        options.append((choice, mark_safe(" selected") if chosen else "", label))
    attrs = field.build_widget_attrs({**widget.attrs, "class": css}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return format_html(
        '<select name="{}"{}>{}</select>',
        field.html_name,
        flatatt(attrs),
        format_html_join("", '<option value="{}"{}>{}</option>', options),
    )
