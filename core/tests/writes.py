"""One valid write per scenario, for every write of the API and every form of the site: each sets up
its state in a `World` (core/tests/world.py) and returns the one request that then succeeds, as a
`Write`. Test code only.

The tests that go through every write keep their own table of routes and pick their scenarios here:
audit/tests/test_one_row_per_mutation.py sends each once and counts the audit rows it writes,
core/tests/test_protected_fields.py sends each twice, with and without protected fields. A route may
have several scenarios (a `new` case's submission and a cancellation's are different operations).
`api_writes` walks the API's routers for the tables' meta-tests.
"""

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.api import api as ninja_api
from core import clock
from core.tests.world import CITY, HX, PERSON, REG, REVIEWER, UNIT_PASSWORD, XLSX, World, Write
from documents.tests.pdf_support import scan_pdf
from documents.tests.sheets import filled_template, staff_row
from notices.models import NoticeKind
from ops.demo import id_number, new_application, photo, registration
from permits.models import Permit
from units.models import Unit
from verification.tests.factories import stamp_frozen
from web.unit.forms import flatten

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def _route(path: str) -> str:
    """A router path as the tables write it: `/applications/{case_id}` for `/applications/{int:case_id}`."""
    path = re.sub(r"\{\w+:(\w+)\}", r"{\1}", path)
    return re.sub(r"/+", "/", path).rstrip("/") or "/"


def api_writes() -> set[str]:
    """Every mutating operation (POST / PUT / PATCH / DELETE) of the NinjaAPI object, from its routers
    (not the OpenAPI document, which an operation can leave itself out of)."""
    found = set()
    for prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in set(operation.methods) & MUTATING:
                    found.add(f"{method} {_route(prefix + '/' + path)}")
    return found


def form_of(data: dict[str, Any]) -> dict[str, str]:
    """A case's data as the browser posts the case form."""
    return {
        path: "on" if value is True else str(value)
        for path, value in flatten(data).items()
        if value not in (False, None)
    }


def registration_form(username: str) -> dict[str, str]:
    """The web registration form of `ops.demo.registration`."""
    body = registration(username)
    operator = body.pop("operator")
    form = {k: str(v) for k, v in body.items() if k != "high_tech"} | {"high_tech": "on"}
    return form | {
        "operator_name": operator["name"],
        "operator_id_number": operator["id_number"],
        "operator_phone": operator["phone"],
        "password_confirm": body["password"],
        "consent": "on",  # the personal-data notice agreed to (units.consent)
    }


def checklist_codes(client: Any, case_id: int) -> list[str]:
    """The codes of a case's checklist, as a reviewer ticks them all."""
    return [i["code"] for i in client.get(f"/applications/{case_id}").json()["checklist"]]


def photo_file() -> dict[str, SimpleUploadedFile]:
    """A case photo, as the upload field posts it."""
    return {"file": SimpleUploadedFile("p.jpg", photo(), "image/jpeg")}


def pdf_file() -> dict[str, SimpleUploadedFile]:
    """A scanned degree certificate, as the upload field posts it."""
    return {"file": SimpleUploadedFile("学位证书.pdf", scan_pdf(), "application/pdf")}


# --- the API ---------------------------------------------------------------------------------------------


def token(w: World) -> Write:
    _, _, username = w.unit()
    body = {"username": username, "password": UNIT_PASSWORD}
    return Write(w.api, "POST", "/auth/token", body, actor=username)


def logout(w: World) -> Write:
    client, _, username = w.unit()
    return Write(client, "POST", "/auth/logout", actor=username)


def password(w: World) -> Write:
    client, _, username = w.unit()
    body = {"old_password": UNIT_PASSWORD, "new_password": "Another-pass-2027"}
    return Write(client, "POST", "/auth/password", body, actor=username)


def register(w: World) -> Write:
    body = registration("self_registered_hr")
    return Write(w.api, "POST", "/units/register", body, actor="self_registered_hr")


def verify_unit(w: World) -> Write:
    _, unit_id, _ = w.unit(active=False)
    body = {"decision": "approve", "materials_received": REG, "note": ""}
    return Write(w.officials["haidian"], "POST", f"/units/{unit_id}/verification", body, actor=REVIEWER)


def unfreeze_unit(w: World) -> Write:
    _, unit_id, _ = w.unit()
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # the 2 May job's doing
    body = {"note": "已出示营业执照"}
    return Write(w.officials["haidian"], "POST", f"/units/{unit_id}/unfreeze", body, actor=REVIEWER)


def cap(w: World) -> Write:
    _, unit_id, _ = w.unit()
    body = {"permit_cap": 50, "note": "重点引进企业"}
    return Write(w.officials["city"], "POST", f"/units/{unit_id}/cap", body, actor=CITY)


def operator_password_reset(w: World) -> Write:
    """The district resets the unit operator's password at the window, on PWD-01 (R-W12)."""
    _, unit_id, _ = w.unit()
    body = {"materials_received": ["PWD-01"], "note": "营业执照副本原件已核验"}
    path = f"/units/{unit_id}/operator-password-reset"
    return Write(w.officials["haidian"], "POST", path, body, actor=REVIEWER)


def create(w: World) -> Write:
    """A `new` case."""
    client, _, username = w.unit()
    body = {"type": "new", **new_application(clock.today())}
    return Write(client, "POST", "/applications", body, actor=username)


def create_unit_info_change(w: World) -> Write:
    """A unit-information change, whose `changes` the approval sets on the unit field by field."""
    client, _, username = w.unit()
    body = {"type": "unit_info_change", "changes": {"address": "北京市海淀区中关村南大街5号"}}
    return Write(client, "POST", "/applications", body, actor=username)


def create_general_change(w: World) -> Write:
    """A general change of a permit, whose `changes` the approval sets on the holder."""
    client, _, username = w.unit()
    body = {"type": "general_change", "permit_no": w.permit(client), "changes": {"name": "张维"}}
    return Write(client, "POST", "/applications", body, actor=username)


def patch(w: World) -> Write:
    client, _, username = w.unit()
    case_id, data = w.draft(client)
    body = {"person": {**data["person"], "hukou": "河北省保定市"}}
    return Write(client, "PATCH", f"/applications/{case_id}", body, actor=username)


def upload_photo(w: World) -> Write:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    return Write(client, "POST", f"/applications/{case_id}/photo", {}, files=photo_file, actor=username)


def upload_document(w: World) -> Write:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    body = {"item_code": "NEW-07"}
    return Write(client, "POST", f"/applications/{case_id}/documents", body, files=pdf_file, actor=username)


def import_staff(w: World) -> Write:
    client, _, username = w.unit()
    content = filled_template(client.get("/templates/staff-import.xlsx").content, [staff_row(clock.today())])
    files = lambda: {"file": SimpleUploadedFile("staff.xlsx", content, XLSX)}  # noqa: E731
    return Write(client, "POST", "/applications/import", {}, files=files, actor=username)


def submit(w: World) -> Write:
    """A `new` case's submission."""
    client, _, username = w.unit()
    case_id, _ = w.draft(client, with_photo=True)
    return Write(client, "POST", f"/applications/{case_id}/submit", actor=username)


def submit_cancellation(w: World) -> Write:
    """A cancellation's submission, which takes effect at once (R-W03)."""
    client, _, username = w.unit()
    permit_no = w.permit(client)
    made = client.post(
        "/applications", {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-06-14"}
    )
    assert made.status_code == 201, made.content
    return Write(client, "POST", f"/applications/{made.json()['id']}/submit", actor=username)


def withdraw(w: World) -> Write:
    client, _, username = w.unit()
    case = w.file_new_case(client, until="submitted")
    return Write(client, "POST", f"/applications/{case['id']}/withdraw", actor=username)


def review(w: World) -> Write:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="submitted")
    body = {"decision": "pass", "materials_received": checklist_codes(client, case["id"]), "note": "材料齐全"}
    return Write(w.officials["haidian"], "POST", f"/applications/{case['id']}/review", body, actor=REVIEWER)


def approval(w: World) -> Write:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="district_passed")
    body = {"decision": "approve"}
    return Write(w.officials["city"], "POST", f"/applications/{case['id']}/approval", body, actor=CITY)


def collection(w: World) -> Write:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="approved")
    body = {"collected_by": "holder", "note": ""}
    path = f"/applications/{case['id']}/collection"
    return Write(w.officials["haidian"], "POST", path, body, actor=REVIEWER)


def unfreeze_permit(w: World) -> Write:
    client, _, _ = w.unit()
    permit_no = w.permit(client)
    stamp_frozen(permit_no, timezone.now())  # the 2 May job's doing
    body = {"note": "单位书面申请"}
    return Write(w.officials["haidian"], "POST", f"/permits/{permit_no}/unfreeze", body, actor=REVIEWER)


def loss_report(w: World) -> Write:
    """The holding unit reports the card lost (R-W11)."""
    client, _, username = w.unit()
    permit_no = w.permit(client)
    return Write(client, "POST", f"/permits/{permit_no}/loss-report", {"note": "地铁上遗失"}, actor=username)


def loss_report_withdraw(w: World) -> Write:
    """The district withdraws a standing loss report: the card was found (R-W11)."""
    client, _, _ = w.unit()
    permit_no = w.permit(client)
    assert client.post(f"/permits/{permit_no}/loss-report", {"note": ""}).status_code == 200
    path = f"/permits/{permit_no}/loss-report/withdraw"
    return Write(w.officials["haidian"], "POST", path, {"note": "证件已找到"}, actor=REVIEWER)


def inspect_unit(w: World) -> Write:
    w.clock("2026-04-15")  # in the season (R-I01)
    client, _, username = w.unit()
    return Write(client, "POST", "/inspections/unit", actor=username)


def inspect_persons(w: World) -> Write:
    client, _, username = w.unit()
    permit_no = w.permit(client, issued_on="2026-03-01")
    w.clock("2026-04-15")
    return Write(client, "POST", "/inspections/persons", {"permit_nos": [permit_no]}, actor=username)


def impose(w: World) -> Write:
    """A unit's penalty: its `unit_id` is the operation's own input."""
    _, unit_id, _ = w.unit()
    body = {"kind": "unit_review_failure", "unit_id": unit_id, "note": "年度审核不合格"}
    return Write(w.officials["haidian"], "POST", "/penalties", body, actor=REVIEWER)


def lift(w: World) -> Write:
    path = f"/penalties/{w.penalty()}/lift"
    return Write(w.officials["city"], "POST", path, {"note": "复核后撤销"}, actor=CITY)


def lookup(w: World) -> Write:
    w.penalty()
    return Write(w.officials["haidian"], "POST", "/penalties/lookup", {"id_number": PERSON}, actor=REVIEWER)


def search(w: World) -> Write:
    """An official's search by a holder's full ID number (api.md `POST /search`): the permit and its case."""
    client, _, _ = w.unit()
    holder = Permit.objects.get(permit_no=w.permit(client)).holder
    return Write(w.officials["haidian"], "POST", "/search", {"q": holder.id_number}, actor=REVIEWER)


def investigate(w: World) -> Write:
    client, _, _ = w.unit()
    w.permit(client)
    # `district` is the body's own (R-C02, spec 1.1: the city names one; a reviewer only its own)
    body = {"size": 1, "district": "haidian"}
    return Write(w.officials["haidian"], "POST", "/investigations", body, actor=REVIEWER)


def finding(w: World) -> Write:
    """The holder still employed."""
    investigation_id, permit_no = w.investigation()
    body = {"permit_no": permit_no, "outcome": "employed"}
    path = f"/investigations/{investigation_id}/findings"
    return Write(w.officials["haidian"], "POST", path, body, actor=REVIEWER)


def finding_left(w: World) -> Write:
    """The holder gone and the permit never cancelled (R-C02, R-B03)."""
    investigation_id, permit_no = w.investigation()
    body = {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-06-10"}
    path = f"/investigations/{investigation_id}/findings"
    return Write(w.officials["haidian"], "POST", path, body, actor=REVIEWER)


def read_notice(w: World) -> Write:
    client, username, notice = w.notice()
    return Write(client, "POST", f"/notices/{notice.pk}/read", actor=username)


def preference(w: World) -> Write:
    client, _, username = w.unit()
    body = {"kind": NoticeKind.RENEWAL_WINDOW_OPEN.value, "enabled": False}
    return Write(client, "PUT", "/notices/preferences", body, actor=username)


# --- the site's forms ------------------------------------------------------------------------------------


def web_login(w: World) -> Write:
    _, _, username = w.unit()
    body = {"username": username, "password": UNIT_PASSWORD}
    return Write(Client(), "POST", "/login", body, web=True, actor=username)


def web_logout(w: World) -> Write:
    _, _, username = w.unit()
    return Write(w.browser(username), "POST", "/logout", web=True, actor=username)


def _registration_step(n: int) -> Write:
    """下一步 on step `n` of the web registration (web.registration.STEPS; 3: 提交注册 on 确认), from
    an anonymous browser that has answered the steps before it."""
    from web.registration import STEPS

    client, form = Client(), registration_form("web_registered_hr")
    pages = [*(reverse(step.url_name) for step in STEPS), reverse("register-confirm")]
    for step, path in zip(STEPS[:n], pages, strict=False):
        answered = client.post(path, {k: v for k, v in form.items() if k in step.fields})
        assert answered.status_code == 302, answered.status_code
    if n == len(STEPS):
        return Write(client, "POST", pages[n], {"consent": "on"}, web=True, actor="web_registered_hr")
    return Write(client, "POST", pages[n], {k: v for k, v in form.items() if k in STEPS[n].fields}, web=True)


def web_register_unit(w: World) -> Write:
    return _registration_step(0)


def web_register_operator(w: World) -> Write:
    return _registration_step(1)


def web_register_account(w: World) -> Write:
    return _registration_step(2)


def web_register(w: World) -> Write:
    """提交注册: the unit and its operator are created (units.services.unit_register)."""
    return _registration_step(3)


def web_register_check(w: World) -> Write:
    body = {"uscc": "91110105MA01C0DE0X"}
    return Write(Client(), "POST", "/register/check/uscc", body, web=True, headers=HX)


def web_case_start(w: World) -> Write:
    _, _, username = w.unit()
    form = {"person.name": "赵敏", "person.id_number": id_number(dt.date(1991, 2, 3), "F")}
    return Write(w.browser(username), "POST", "/unit/cases/new/new", form, web=True, actor=username)


def _case_form(w: World) -> tuple[Client, int, dict[str, str], str]:
    """A draft and its form as the browser posts it, with one field changed: (browser, id, form, username)."""
    client, _, username = w.unit()
    case_id, data = w.draft(client)
    return w.browser(username), case_id, form_of(data) | {"person.hukou": "河北省保定市"}, username


def web_case_save(w: World) -> Write:
    browser, case_id, form, username = _case_form(w)
    return Write(browser, "POST", f"/unit/cases/{case_id}", form, web=True, actor=username)


def web_case_live(w: World) -> Write:
    browser, case_id, form, username = _case_form(w)
    return Write(browser, "POST", f"/unit/cases/{case_id}/live", form, web=True, headers=HX, actor=username)


def web_case_photo(w: World) -> Write:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    browser = w.browser(username)
    return Write(browser, "POST", f"/unit/cases/{case_id}/photo", files=photo_file, web=True, actor=username)


def web_case_document(w: World) -> Write:
    client, _, username = w.unit()
    case_id, _ = w.draft(client)
    browser, path = w.browser(username), f"/unit/cases/{case_id}/documents"
    return Write(browser, "POST", path, {"item_code": "NEW-07"}, files=pdf_file, web=True, actor=username)


def web_case_submit(w: World) -> Write:
    client, _, username = w.unit()
    case_id, _ = w.draft(client, with_photo=True)
    path, ticked = f"/unit/cases/{case_id}/submit", {"commitment": "on"}  # the 诚信声明 (cases.commitment)
    return Write(w.browser(username), "POST", path, ticked, web=True, actor=username)


def web_password_change(w: World) -> Write:
    """The operator's own password changed on the site (/password), here the one R-W12 leads to."""
    _, _, username = w.unit()
    body = {"old_password": UNIT_PASSWORD, "new_password": "Another-pass-2027",
            "new_password_confirm": "Another-pass-2027"}
    return Write(w.browser(username), "POST", "/password", body, web=True, actor=username)


def web_case_withdraw(w: World) -> Write:
    client, _, username = w.unit()
    case = w.file_new_case(client, until="submitted")
    return Write(w.browser(username), "POST", f"/unit/cases/{case['id']}/withdraw", web=True, actor=username)


def web_case_rate(w: World) -> Write:
    client, _, username = w.unit()
    case = w.file_new_case(client, until="submitted")
    assert client.post(f"/applications/{case['id']}/withdraw").status_code == 200  # an ended case
    form = {"score": 5, "comment": "窗口很快"}
    path = f"/unit/cases/{case['id']}/rating"
    return Write(w.browser(username), "POST", path, form, web=True, actor=username)


def web_case_import(w: World) -> Write:
    _, _, username = w.unit()
    browser = w.browser(username)
    content = filled_template(
        browser.get("/unit/downloads/staff-import.xlsx").content, [staff_row(clock.today())]
    )
    files = lambda: {"file": SimpleUploadedFile("staff.xlsx", content, XLSX)}  # noqa: E731
    return Write(browser, "POST", "/unit/cases/import", files=files, web=True, actor=username)


def web_loss_report(w: World) -> Write:
    """The unit confirms the loss report of one of its cards (R-W11)."""
    client, _, username = w.unit()
    path = f"/unit/permits/{w.permit(client)}/loss-report"
    return Write(w.browser(username), "POST", path, {"note": "地铁上遗失"}, web=True, actor=username)


def web_inspect_unit(w: World) -> Write:
    w.clock("2026-04-15")  # in the season (R-I01)
    _, _, username = w.unit()
    return Write(w.browser(username), "POST", "/unit/inspection", {"unit": "1"}, web=True, actor=username)


def _inspection_staff(w: World) -> tuple[Client, str, str]:
    """A unit with a permit issued before the season, in the season: (its browser, username, permit)."""
    client, _, username = w.unit()
    permit_no = w.permit(client, issued_on="2026-03-01")
    w.clock("2026-04-15")
    return w.browser(username), username, permit_no


def web_inspect_persons(w: World) -> Write:
    browser, username, permit_no = _inspection_staff(w)
    form = {"scope": "selected", "permit_no": [permit_no]}
    return Write(browser, "POST", "/unit/inspection", form, web=True, actor=username)


def web_inspect_both(w: World) -> Write:
    browser, username, permit_no = _inspection_staff(w)
    form = {"unit": "1", "scope": "selected", "permit_no": [permit_no]}
    return Write(browser, "POST", "/unit/inspection", form, web=True, actor=username)


def web_notice_read(w: World) -> Write:
    _, username, notice = w.notice()
    path = f"/unit/inbox/{notice.pk}/read"
    return Write(w.browser(username), "POST", path, web=True, headers=HX, actor=username)


def web_notice_kind(w: World) -> Write:
    """One kind turned off."""
    _, _, username = w.unit()
    form = {"kind": [k for k in NoticeKind.values if k != NoticeKind.RENEWAL_WINDOW_OPEN]}
    return Write(w.browser(username), "POST", "/unit/inbox/settings", form, web=True, actor=username)


def web_notice_email(w: World) -> Write:
    """Every kind kept, an address added."""
    _, _, username = w.unit()
    form = {"kind": list(NoticeKind.values), "email": "hr@example.com"}
    return Write(w.browser(username), "POST", "/unit/inbox/settings", form, web=True, actor=username)


def web_notice_kind_and_email(w: World) -> Write:
    """One kind turned off and an address added: both halves of the form change something."""
    _, _, username = w.unit()
    kinds = [k for k in NoticeKind.values if k != NoticeKind.RENEWAL_WINDOW_OPEN]
    form = {"kind": kinds, "email": "hr@example.com"}
    return Write(w.browser(username), "POST", "/unit/inbox/settings", form, web=True, actor=username)


def web_review(w: World) -> Write:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="submitted")
    form = {"decision": "pass", "materials_received": checklist_codes(client, case["id"])}
    path = f"/office/cases/{case['id']}/review"
    return Write(w.browser(REVIEWER), "POST", path, form, web=True, actor=REVIEWER)


def web_approval(w: World) -> Write:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="district_passed")
    path = f"/office/cases/{case['id']}/approval"
    return Write(w.browser(CITY), "POST", path, {"decision": "approve"}, web=True, actor=CITY)


def web_collection(w: World) -> Write:
    client, _, _ = w.unit()
    case = w.file_new_case(client, until="approved")
    path = f"/office/cases/{case['id']}/collection"
    return Write(w.browser(REVIEWER), "POST", path, {"collected_by": "holder"}, web=True, actor=REVIEWER)


def web_office_loss_report(w: World) -> Write:
    """The district reports a card lost at the window (R-W11)."""
    client, _, _ = w.unit()
    path = f"/office/permits/{w.permit(client)}/loss-report"
    return Write(w.browser(REVIEWER), "POST", path, {"note": "到窗口申报遗失"}, web=True, actor=REVIEWER)


def web_office_loss_withdraw(w: World) -> Write:
    """The district withdraws a loss report: the card was found (R-W11)."""
    client, _, _ = w.unit()
    permit_no = w.permit(client)
    assert client.post(f"/permits/{permit_no}/loss-report", {"note": ""}).status_code == 200
    path = f"/office/permits/{permit_no}/loss-report/withdraw"
    return Write(w.browser(REVIEWER), "POST", path, {"note": "证件已找到"}, web=True, actor=REVIEWER)


def web_verify_unit(w: World) -> Write:
    _, unit_id, _ = w.unit(active=False)
    form = {"decision": "approve", "materials_received": REG}
    path = f"/office/units/{unit_id}/verify"
    return Write(w.browser(REVIEWER), "POST", path, form, web=True, actor=REVIEWER)


def web_operator_password(w: World) -> Write:
    """R-W12 at the window, on the unit's page of the workbench: the answer is the slip."""
    _, unit_id, _ = w.unit()
    path = f"/office/units/{unit_id}/operator-password-reset"
    body = {"materials_received": ["PWD-01"], "note": "营业执照副本原件已核验"}
    return Write(w.browser(REVIEWER), "POST", path, body, web=True, actor=REVIEWER)


def web_unfreeze_unit(w: World) -> Write:
    _, unit_id, _ = w.unit()
    Unit.objects.filter(pk=unit_id).update(status="frozen")  # the 2 May job's doing
    path = f"/office/units/{unit_id}/unfreeze"
    return Write(w.browser(REVIEWER), "POST", path, {"note": "已出示营业执照"}, web=True, actor=REVIEWER)


def web_unfreeze_permit(w: World) -> Write:
    client, _, _ = w.unit()
    permit_no = w.permit(client)
    stamp_frozen(permit_no, timezone.now())  # the 2 May job's doing
    path = f"/office/frozen-permits/{permit_no}/unfreeze"
    return Write(w.browser(REVIEWER), "POST", path, {"note": "单位书面申请"}, web=True, actor=REVIEWER)


def web_penalty_filter(w: World) -> Write:
    w.penalty()
    form = {"id_number": PERSON}
    return Write(w.browser(REVIEWER), "POST", "/office/penalties/", form, web=True, actor=REVIEWER)


def web_search(w: World) -> Write:
    """The workbench's search box, a permit number as typed in lower case: straight to the permit."""
    client, _, _ = w.unit()
    form = {"q": w.permit(client).lower()}
    return Write(w.browser(REVIEWER), "POST", "/office/search", form, web=True, actor=REVIEWER)


def web_impose(w: World) -> Write:
    form = {"kind": "person_false_materials", "id_number": PERSON, "note": "伪造学历证明"}
    return Write(w.browser(REVIEWER), "POST", "/office/penalties/impose", form, web=True, actor=REVIEWER)


def web_lift(w: World) -> Write:
    path = f"/office/penalties/{w.penalty()}/lift"
    return Write(w.browser(CITY), "POST", path, {"note": "复核后撤销"}, web=True, actor=CITY)


def web_investigate(w: World) -> Write:
    client, _, _ = w.unit()
    w.permit(client)
    return Write(
        w.browser(REVIEWER), "POST", "/office/investigations/new", {"size": 1}, web=True, actor=REVIEWER
    )


def web_finding(w: World) -> Write:
    investigation_id, permit_no = w.investigation()
    form = {"permit_no": permit_no, "outcome": "employed"}
    path = f"/office/investigations/{investigation_id}/findings"
    return Write(w.browser(REVIEWER), "POST", path, form, web=True, actor=REVIEWER)
