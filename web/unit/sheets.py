"""Excel in and out for the employer portal: the bulk import of staff (the staff-import.xlsx sheet
becomes one draft `new` case per good row, documents.imports.import_staff exactly as
POST /api/v1/applications/import), and the permits and cases lists as .xlsx (documents.exports, as
GET /api/v1/exports/…), filtered as the list on screen is. Nothing is judged here."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import policies
from cases import services as case_services
from cases.models import CaseStatus, CaseType
from cases.selectors import cases_visible_to
from core import clock
from core.errors import DomainError
from documents import exports
from documents.imports import MAX_ROWS, import_staff
from permits.models import PermitStatus
from web.access import actor, error_messages, unit_page, user
from web.errors import summary
from web.unit.common import rule_title
from web.wording import page_message

# The eligibility of at most this many new drafts is shown on the result page (each needs several
# look-ups); the others show theirs when opened, like any draft.
ELIGIBILITY_SHOWN = 200
MB = 1024 * 1024


def _drafts(request: HttpRequest, created: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The created drafts in the sheet's order: row, case, and (for the first ELIGIBILITY_SHOWN)
    the rules that fail as of today (cases.services.eligibility, as the case page shows them)."""
    today = clock.today()
    ids = [r["application_id"] for r in created]
    cases = cases_visible_to(user(request)).select_related("unit").in_bulk(ids)
    out = []
    for k, r in enumerate(created):
        case = cases[r["application_id"]]
        row: dict[str, Any] = {"row": r["row"], "case": case, "checked": k < ELIGIBILITY_SHOWN}
        if row["checked"]:
            failing = dict.fromkeys(f.rule for f in case_services.eligibility(case, today).failures)
            row["failures"] = [{"rule": rule, "title": rule_title(rule)} for rule in failing]
        out.append(row)
    return out


def _bad_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The refused rows: each error with its column title apart from the message."""
    out = []
    for r in results:
        if "errors" not in r:
            continue
        errors = []
        for e in r["errors"]:
            column, message = e.get("column", ""), e["message"]
            if column and message.startswith(column + "："):
                message = message[len(column) + 1 :]
            message = page_message(message, _("此列"), prefix=False)  # the column is shown beside it
            errors.append({"column": column, "rule": e.get("rule", ""), "message": message})
        out.append({"row": r["row"], "errors": errors})
    return out


@unit_page(policies.CASE_CREATE)
@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST (multipart `file`): the import, and its result on the same page —
    the drafts created (with their eligibility as of today) and the rows refused, by sheet row."""
    context: dict[str, Any] = {
        "max_mb": settings.UPLOAD_MAX_BYTES // MB,
        "max_rows": MAX_ROWS,
        "file_errors": [],
        "general_errors": [],
        "posted": False,
    }
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                context["file_errors"] = [{"message": _("请选择要导入的Excel文件（.xlsx）。")}]
                status = 400
            elif (upload.size or 0) > settings.UPLOAD_MAX_BYTES:
                raise RequestDataTooBig
            else:
                results = import_staff(actor(request), upload.read())
                created = [r for r in results if "application_id" in r]
                context.update(
                    posted=True, drafts=_drafts(request, created), bad_rows=_bad_rows(results),
                    eligibility_shown=ELIGIBILITY_SHOWN,
                )
        except RequestDataTooBig:
            context["file_errors"] = [
                {"message": _("文件超过%(mb)d MB，请分成几个文件导入。") % {"mb": context["max_mb"]}}
            ]
            status = 413
        except DomainError as exc:
            items = error_messages(exc)
            context["file_errors"] = [e for e in items if e.get("field") == "file"]
            context["general_errors"] = [e for e in items if e.get("field") != "file"]
            status = exc.status
    context["summary"] = summary(
        context["general_errors"], [("f-file", _("填好的员工批量导入表（.xlsx）"), context["file_errors"])]
    )
    return render(request, "unit/case_import.html", context, status=status)


PERMIT_FILTERS = {"status": PermitStatus.values}
CASE_FILTERS = {"type": CaseType.values, "status": CaseStatus.values}


def chosen(values: Mapping[str, str], allowed: Mapping[str, list[str]]) -> dict[str, str]:
    """The list's filters that hold a valid choice (any other value is ignored, as the list does)."""
    return {name: values[name] for name, choices in allowed.items() if values.get(name) in choices}


def export_query(values: Mapping[str, str], allowed: Mapping[str, list[str]]) -> str:
    """The list's filters as the export's query string (only valid choices are kept)."""
    kept = chosen(values, allowed)
    return "?" + urlencode(kept) if kept else ""


@unit_page(policies.PERMIT_READ)
@require_GET
def permits_xlsx(request: HttpRequest) -> FileResponse:
    """The unit's permits as GET /api/v1/exports/permits.xlsx, of the list's status if one is chosen."""
    status = chosen(request.GET, PERMIT_FILTERS).get("status")
    return exports.xlsx_response(exports.permits_export(actor(request), status=status), "permits.xlsx")


@unit_page(policies.CASE_READ)
@require_GET
def cases_xlsx(request: HttpRequest) -> FileResponse:
    """The unit's cases as GET /api/v1/exports/applications.xlsx, of the list's type and status."""
    filters = chosen(request.GET, CASE_FILTERS)
    stream = exports.applications_export(actor(request), **filters)
    return exports.xlsx_response(stream, "applications.xlsx")
