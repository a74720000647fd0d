"""The error summary at the top of a form (GOV.UK's pattern, issue 13 point 1): a titled box that
lists every error of the submission, each a link to the field it is about, focused when the page
loads (static/js/error-summary.js) so that a clerk who pressed a button at the bottom of a long page
sees at once what to change. Drawn by templates/web/_error_summary.html; the messages beside the
fields stay where they are.

A page builds its summary from the errors it already has: those that name no field (the page's
general errors) and each field's own (`fields`: (dom id, label, errors) — `form_fields` reads a
Django form, `web.unit.forms.summary_fields` the case and registration forms)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from web.wording import short_label

FieldErrors = tuple[str, Any, Iterable[Mapping[str, Any]]]


def summary(
    general: Iterable[Mapping[str, Any]] = (), fields: Iterable[FieldErrors] = ()
) -> list[dict[str, Any]]:
    """The summary's items, in the order of the page: the general errors first, then each field's,
    as {message, rule, href, label}. A field's message that does not name its field is headed by
    the field's label, so that every line of the summary says what to change where."""
    items = [{"message": e.get("message", ""), "rule": e.get("rule"), "href": e.get("href", "")}
             for e in general]
    for dom_id, label, errors in fields:
        name = short_label(label)
        for e in errors:
            message = str(e.get("message", ""))
            items.append({
                "message": message, "rule": e.get("rule"), "href": f"#{dom_id}",
                "label": name if name and name.lower() not in message.lower() else "",
            })
    return items


def form_fields(form: forms.BaseForm) -> list[FieldErrors]:
    """A bound Django form's fields with their errors, as `summary` reads them. A group of radios or
    boxes, which has no one input to label, is linked by its first ("<id>_0")."""
    if not form.is_bound:
        return []
    return [
        (bf.id_for_label or f"{bf.auto_id}_0", bf.label, [{"message": m} for m in errors])
        for name, errors in form.errors.items() if name != "__all__" and name in form.fields
        for bf in [form[name]]
    ]


def form_summary(form: forms.BaseForm, general: Iterable[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """The summary of a Django form: its non-field errors and `general` first, then each field's."""
    top = [*({"message": m} for m in form.non_field_errors()), *general] if form.is_bound else list(general)
    return summary(top, form_fields(form))
