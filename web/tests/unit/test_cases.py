"""The unit's cases: starting one, the form that redraws the eligibility and checklist as it is
filled and saves the draft, photo and copies, submit, withdraw, rating, printed documents."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import Case, Rating
from core.dates import add_months, months_before
from documents.tests.pdf_support import scan_pdf
from ops.demo import id_number, new_application, photo
from units.sweep import freeze_units
from web.tests.unit.support import html, relogin
from web.unit.forms import flatten

pytestmark = pytest.mark.django_db

COMMITTED = {"commitment": "on"}  # the 诚信声明 ticked on the submit box (cases.commitment)
HX = {"HTTP_HX_REQUEST": "true"}
TODAY = dt.date(2026, 6, 15)
PDF = scan_pdf()


def form_of(data: dict[str, Any]) -> dict[str, str]:
    """The case's data as the browser posts the case form."""
    out = {}
    for path, value in flatten(data).items():
        if value is True:
            out[path] = "on"
        elif value not in (False, None):
            out[path] = str(value)
    return out


def draft(api, data: dict[str, Any] | None = None) -> dict[str, Any]:
    response = api.post(
        "/applications", {"type": "new", **(data if data is not None else new_application(TODAY))}
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_start_a_new_case_then_fill_it_on_its_page(portal, clock):
    client, _, _ = portal()
    number = id_number(dt.date(1991, 2, 3), "F")
    response = client.post("/unit/cases/new/new", {"person.name": "赵敏", "person.id_number": number})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/unit/cases/{case.pk}"
    assert case.status == "draft" and case.data["person"]["name"] == "赵敏"
    page = html(client.get(response["Location"]))
    assert f'hx-post="/unit/cases/{case.pk}/live"' in page
    assert "项不符合办理条件" in page


def test_r_w05_a_second_draft_for_the_same_person_is_created_and_its_submission_refused(portal, clock):
    """Spec 1.1: a draft blocks nobody, so the second start is a draft too; once the first is
    submitted, the second's page shows R-W05 and its submission is refused (409), the case unchanged."""
    client, _, api = portal()
    body = {"person.name": "赵敏", "person.id_number": id_number(dt.date(1991, 2, 3), "F")}
    assert client.post("/unit/cases/new/new", body).status_code == 302
    assert client.post("/unit/cases/new/new", body).status_code == 302
    assert Case.objects.count() == 2
    data = new_application(TODAY)
    first, second = draft(api, data), draft(api, data)
    for case in (first, second):
        api.upload(f"/applications/{case['id']}/photo", "p.jpg", photo())
    assert "R-W05" not in html(client.get(f"/unit/cases/{second['id']}"))  # the first is only a draft
    assert client.post(f"/unit/cases/{first['id']}/submit", COMMITTED).status_code == 302
    assert "R-W05" in html(client.get(f"/unit/cases/{second['id']}"))
    response = client.post(f"/unit/cases/{second['id']}/submit", COMMITTED)
    assert response.status_code == 409
    assert "R-W05" in html(response)
    assert Case.objects.get(pk=second["id"]).status == "draft"


def test_start_with_an_unknown_permit_shows_the_error_next_to_the_field(portal, clock):
    client, _, _ = portal()
    response = client.post("/unit/cases/new/renewal", {"permit_no": "BJ20269999999"})
    assert response.status_code == 404
    assert '<p class="error" id="e-permit_no" aria-live="polite">工作居住证编号：没有该证件' in html(response)


def test_start_from_a_permit_prefills_its_number(portal, clock):
    client, _, _ = portal()
    page = html(client.get("/unit/cases/new/address_change?permit_no=BJ20260000007"))
    assert 'name="permit_no" value="BJ20260000007"' in page


def test_every_type_has_a_start_page(portal, clock):
    client, _, _ = portal()
    chooser = html(client.get("/unit/cases/new"))
    for case_type in [
        "new",
        "renewal",
        "employer_change",
        "address_change",
        "dependents_change",
        "general_change",
        "replacement",
        "unit_info_change",
        "cancellation",
    ]:
        assert f"/unit/cases/new/{case_type}" in chooser
        assert client.get(f"/unit/cases/new/{case_type}").status_code == 200
    assert client.get("/unit/cases/new/nonsense").status_code == 404


def test_r_p02_appears_in_the_live_panel_and_clears_when_fixed(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    data["employment"]["started_on"] = add_months(TODAY, -2).isoformat()
    response = client.post(f"/unit/cases/{case['id']}/live", form_of(data), **HX)
    assert response.status_code == 200
    assert "R-P02" in html(response)
    assert 'id="live-summary" hx-swap-oob="innerHTML"' in html(response)
    data["employment"]["started_on"] = add_months(TODAY, -6).isoformat()  # exactly 6 months: enough
    response = client.post(f"/unit/cases/{case['id']}/live", form_of(data), **HX)
    assert "R-P02" not in html(response)
    assert "目前符合全部办理条件" not in html(response)  # no photo yet: R-W09
    assert "R-W09" in html(response)


def test_a_malformed_section_is_reported_live_and_the_save_keeps_the_good_ones(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    stored = Case.objects.get(pk=case["id"]).data
    form = form_of(data) | {"person.hukou": "河北省保定市", "employment.started_on": "2026-02-30"}
    page = html(client.post(f"/unit/cases/{case['id']}/live", form, **HX))
    slot = page.split('id="e-employment-started_on"')[1].split("</p>")[0]
    # the slot on the page is a live region; the response fills it (innerHTML), it does not replace it
    assert 'aria-live="polite" hx-swap-oob="innerHTML">入职日期须为有效日期，格式如2026-01-31。' in slot
    form_page = html(client.get(f"/unit/cases/{case['id']}"))
    assert '<p class="error" id="e-employment-started_on" aria-live="polite"></p>' in form_page
    assert Case.objects.get(pk=case["id"]).data == stored  # the live answer saves nothing
    page = html(client.post(f"/unit/cases/{case['id']}", form))  # 保存草稿
    assert "入职日期须为有效日期" in _slot(page, "employment-started_on")
    saved = Case.objects.get(pk=case["id"]).data
    assert saved["person"]["hukou"] == "河北省保定市"
    assert saved["employment"] == data["employment"]


def test_save_without_scripts_and_the_all_months_button(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    data.pop("tax_months"), data.pop("social_insurance_months")
    case = draft(api, data)
    table = {
        f"{key}.{m}": ""
        for m in months_before(TODAY, 12)
        for key in ("tax_months", "social_insurance_months")
    }
    form = form_of(data) | table | {"fill_months": "unit"}
    response = client.post(f"/unit/cases/{case['id']}", form)
    assert response.status_code == 302
    saved = Case.objects.get(pk=case["id"]).data
    assert [m["month"] for m in saved["tax_months"]][-1] == "2026-05"
    assert len(saved["tax_months"]) == len(saved["social_insurance_months"]) == 12
    assert {m["payer"] for m in saved["tax_months"]} == {"unit"}


def test_a_child_row_and_a_spouse_become_the_dependents(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    form = form_of(data) | {
        "dependents.marital_status": "married",
        "dependents.spouse.name": "李娜",
        "dependents.spouse.id_number": id_number(dt.date(1992, 1, 1), "F"),
        "dependents.spouse.beijing_employment_contract": "on",
        "dependents.children.0.name": "张小明",
        "dependents.children.0.id_number": id_number(dt.date(2018, 1, 1)),
        "dependents.children.0.school_level": "primary",
        "dependents.children.1.name": "",
        "dependents.children.1.school_level": "none",
    }
    page = html(client.post(f"/unit/cases/{case['id']}/live", form, **HX))
    assert "NEW-10A" in page and "NEW-10D" in page  # the checklist follows the values on the page
    assert client.post(f"/unit/cases/{case['id']}", form).status_code == 302  # 保存草稿
    deps = Case.objects.get(pk=case["id"]).data["dependents"]
    assert deps["spouse"]["name"] == "李娜" and deps["spouse"]["beijing_employment_contract"] is True
    assert [c["name"] for c in deps["children"]] == ["张小明"]


def test_r_w09_photo_upload_preview_and_refusal(portal, clock):
    client, _, api = portal()
    case = draft(api)
    bad = client.post(f"/unit/cases/{case['id']}/photo", {"file": _file("p.jpg", b"not an image")})
    assert bad.status_code == 422 and "R-W09" in html(bad)
    good = client.post(f"/unit/cases/{case['id']}/photo", {"file": _file("p.jpg", photo())}, **HX)
    assert good.status_code == 200
    assert f'src="/unit/cases/{case["id"]}/photo?v=' in html(good)
    assert 'id="live-body" hx-swap-oob="innerHTML"' in html(good)
    preview = client.get(f"/unit/cases/{case['id']}/photo")
    assert preview["Content-Type"] == "image/jpeg" and preview.content == photo()
    assert AuditEvent.objects.filter(action="case.photo_downloaded").exists()


def test_copies_per_checklist_item(portal, clock):
    client, _, api = portal()
    case = draft(api)
    wrong = client.post(
        f"/unit/cases/{case['id']}/documents", {"item_code": "REN-01", "file": _file("a.pdf", PDF)}
    )
    assert wrong.status_code == 422 and "REN-01" in html(wrong)
    done = client.post(
        f"/unit/cases/{case['id']}/documents", {"item_code": "NEW-07", "file": _file("学位.pdf", PDF)}, **HX
    )
    assert done.status_code == 200 and "学位.pdf" in html(done)
    doc_id = Case.objects.get(pk=case["id"]).documents.get().pk
    download = client.get(f"/unit/cases/{case['id']}/documents/{doc_id}")
    assert download.content == PDF and "attachment" in download["Content-Disposition"]


def test_submit_refused_lists_every_failing_rule(portal, clock):
    client, _, api = portal()
    case = draft(api, {"person": {"name": "赵敏", "id_number": id_number(dt.date(1991, 2, 3), "F")}})
    response = client.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    assert response.status_code == 422
    for rule_id in ["R-P02", "R-P04", "R-P05", "R-P06", "R-W09"]:
        assert rule_id in html(response)
    assert Case.objects.get(pk=case["id"]).status == "draft"


def test_submit_without_the_commitment_ticked_submits_nothing(portal, clock):
    client, _, api = portal()
    case = draft(api)
    api.upload(f"/applications/{case['id']}/photo", "p.jpg", photo())
    page = html(client.get(f"/unit/cases/{case['id']}/check"))  # 核对信息, before 提交申请
    assert "诚信声明（告知承诺）" in page and "本单位承诺" in page
    assert 'type="checkbox" id="f-commitment" name="commitment"' in page
    response = client.post(f"/unit/cases/{case['id']}/submit")
    assert response.status_code == 400
    slot = html(response).split('id="e-commitment"')[1].split("</p>")[0]
    assert "请阅读诚信声明并勾选后再提交" in slot
    assert Case.objects.get(pk=case["id"]).status == "draft"
    assert not Case.objects.get(pk=case["id"]).events.filter(action="submit").exists()


def test_the_commitment_ticked_is_kept_in_the_history(portal, clock):
    client, _, api = portal()
    case = draft(api)
    api.upload(f"/applications/{case['id']}/photo", "p.jpg", photo())
    assert client.post(f"/unit/cases/{case['id']}/submit", COMMITTED).status_code == 302
    event = Case.objects.get(pk=case["id"]).events.get(action="submit")
    assert event.details == {"commitment": "web"}
    assert AuditEvent.objects.get(action="case.submit").after["commitment"] == "web"


def test_submit_a_complete_case(portal, clock):
    client, _, api = portal()
    case = draft(api)
    api.upload(f"/applications/{case['id']}/photo", "p.jpg", photo())
    response = client.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    assert response.status_code == 302
    assert Case.objects.get(pk=case["id"]).status == "submitted"
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert "已提交（待初审）" in page and 'id="case-form"' not in page
    assert "撤回申请" in page  # R-W06: still possible before a decision


def test_r_w06_withdraw_until_a_decision(portal, clock, file_new_case):
    client, _, api = portal()
    case = draft(api)
    assert client.post(f"/unit/cases/{case['id']}/withdraw").status_code == 302
    assert Case.objects.get(pk=case["id"]).status == "withdrawn"
    passed = file_new_case(api, until="district_passed")
    response = client.post(f"/unit/cases/{passed['id']}/withdraw")
    assert response.status_code == 409 and "R-W06" in html(response)
    assert "撤回申请" not in html(client.get(f"/unit/cases/{passed['id']}"))


def test_rating_once_a_case_has_ended(portal, clock):
    client, _, api = portal()
    open_case = draft(api)
    rating_form = f'action="/unit/cases/{open_case["id"]}/rating"'
    assert rating_form not in html(client.get(f"/unit/cases/{open_case['id']}"))
    assert client.post(f"/unit/cases/{open_case['id']}/rating", {"score": 5}).status_code == 409
    client.post(f"/unit/cases/{open_case['id']}/withdraw")
    assert rating_form in html(client.get(f"/unit/cases/{open_case['id']}"))
    response = client.post(f"/unit/cases/{open_case['id']}/rating", {"score": 4, "comment": "窗口很快"})
    assert response.status_code == 302
    assert Rating.objects.get().score == 4
    assert "您的评价：满意" in html(client.get(f"/unit/cases/{open_case['id']}"))


def test_a_rating_without_a_score_says_so_beside_the_score_and_keeps_the_comment(portal, clock):
    client, _, api = portal()
    case = draft(api)
    client.post(f"/unit/cases/{case['id']}/withdraw")
    response = client.post(f"/unit/cases/{case['id']}/rating", {"comment": "窗口很快，材料说明清楚"})
    assert response.status_code == 400
    page = html(response)
    rating = page.split('id="rating-title"')[1].split("</section>")[0]
    assert '<fieldset class="radios" aria-describedby="rating-score-error">' in rating
    assert "请选择一项评价。" in rating.split('id="rating-score-error"')[1].split("</p>")[0]
    assert ">窗口很快，材料说明清楚</textarea>" in rating
    assert not Rating.objects.exists()


def test_r_w10_printed_form_and_letter_stream_the_api_bytes(portal, clock, file_new_case):
    client, _, api = portal()
    case = file_new_case(api, until="approved")
    form = client.get(f"/unit/cases/{case['id']}/form.pdf")
    assert form.status_code == 200 and form.content.startswith(b"%PDF")
    letter = client.get(f"/unit/cases/{case['id']}/letter.docx")
    assert letter.status_code == 200 and letter.content.startswith(b"PK")
    cancel = api.post(
        "/applications", {"type": "cancellation", "permit_no": case["permit_no"], "left_on": "2026-06-14"}
    )
    assert client.get(f"/unit/cases/{cancel.json()['id']}/form.pdf").status_code == 404


def test_r_u05_a_frozen_unit_reads_but_cannot_change_its_draft(portal, clock):
    client, unit_id, api = portal()
    case = draft(api)
    year = timezone.now().year + 1
    clock(f"{year}-05-02")
    freeze_units(dt.date(year, 5, 2))
    relogin(client, unit_id)
    assert client.get(f"/unit/cases/{case['id']}").status_code == 200
    response = client.post(f"/unit/cases/{case['id']}/live", {"person.name": "改名"}, **HX)
    assert "R-U05" in html(response)
    assert Case.objects.get(pk=case["id"]).data["person"]["name"] == "张伟"


def test_r_w07_supplement_request_shown_then_resubmitted(portal, clock, officials, file_new_case):
    client, _, api = portal()
    case = file_new_case(api, until="submitted")
    officials["haidian"].post(
        f"/applications/{case['id']}/review",
        {"decision": "request_supplement", "missing": ["NEW-07"], "note": "请补交学位证书"},
    )
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert "区人社局要求补充材料" in page and "请补交学位证书" in page and "NEW-07" in page
    assert "补正后重新提交" in page and 'id="case-form"' in page
    assert client.post(f"/unit/cases/{case['id']}/submit", COMMITTED).status_code == 302
    assert Case.objects.get(pk=case["id"]).status == "submitted"
    assert "补正后重新提交" in html(client.get(f"/unit/cases/{case['id']}"))  # in the history


def test_r_r03_renewal_form_offers_the_months_of_the_holding_period(portal, clock, file_new_case):
    client, _, api = portal()
    clock("2023-06-15")
    permit = file_new_case(api, until="approved")["permit_no"]
    clock("2026-05-20")
    response = client.post("/unit/cases/new/renewal", {"permit_no": permit})
    page = html(client.get(response["Location"]))
    assert 'name="tax_months.2023-06"' in page and 'name="tax_months.2026-04"' in page
    assert 'name="tax_months.2026-05"' not in page


def test_case_list_filters_by_type_and_status(portal, clock, file_new_case):
    client, _, api = portal()
    approved = file_new_case(api, until="approved")
    cancel = api.post(
        "/applications", {"type": "cancellation", "permit_no": approved["permit_no"], "left_on": "2026-06-14"}
    ).json()
    page = html(client.get("/unit/cases?type=cancellation"))
    assert cancel["number"] in page and approved["number"] not in page
    page = html(client.get("/unit/cases?status=approved"))
    assert approved["number"] in page and cancel["number"] not in page
    assert client.get("/unit/cases?cursor=garbage").status_code == 404


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_unit_info_change_keeps_the_capital_typed_as_a_number(portal, clock):
    """The form posts digits; the case's data takes a JSON integer (core.strict), so the form turns
    them into one: the change is filed, not refused as malformed."""
    client, _, _ = portal()
    body = {"changes.registered_capital_cny": "5000000", "changes.high_tech": "true"}
    response = client.post("/unit/cases/new/unit_info_change", body)
    assert response.status_code == 302, html(response)
    assert Case.objects.get().data["changes"] == {"registered_capital_cny": 5000000, "high_tech": True}


# Issue 13, point 5: what the case form refuses, beside the field, the draft as it was --------------


def _slot(page: str, path: str) -> str:
    return page.split(f'id="e-{path}"')[1].split("</p>")[0]


@pytest.mark.parametrize(("phone", "status"), [("abc", 400), ("12345", 400), ("13812345678", 302)])
def test_the_applicants_phone_is_a_telephone_number(portal, clock, phone, status):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    response = client.post(f"/unit/cases/{case['id']}", form_of(data) | {"person.phone": phone})
    assert response.status_code == status
    saved = Case.objects.get(pk=case["id"]).data["person"].get("phone", "")
    if status == 400:
        assert "电话号码格式不正确" in _slot(html(response), "person-phone")
        assert saved != phone
    else:
        assert saved == phone


@pytest.mark.parametrize(("ends", "status"), [("2024-12-31", 400), ("2025-01-01", 302)])
def test_a_contract_that_ends_before_it_starts_is_refused(portal, clock, ends, status):
    client, _, api = portal()
    data = new_application(TODAY)
    data["employment"]["started_on"] = "2025-01-01"
    case = draft(api, data)
    form = form_of(data) | {"employment.contract_ends_on": ends}
    response = client.post(f"/unit/cases/{case['id']}", form)
    assert response.status_code == status
    saved = Case.objects.get(pk=case["id"]).data["employment"]
    if status == 400:
        assert "早于入职日期" in _slot(html(response), "employment-contract_ends_on")
        assert saved == data["employment"]  # the section as it was
    else:
        assert saved["contract_ends_on"] == ends


def test_r_e01_an_employer_change_without_the_new_contract_is_not_all_conditions_met(
    portal, clock, file_new_case
):
    former, _, former_api = portal()
    client, _, api = portal()
    clock("2026-01-05")
    permit = file_new_case(former_api, until="approved")["permit_no"]
    clock("2026-06-01")
    body = {"type": "employer_change", "permit_no": permit, "left_previous_on": "2026-05-01",
            "starts_on": "2026-06-01"}
    case = api.post("/applications", body).json()
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert "全部条件均已满足" not in page
    assert "未填写与本单位的入职日期" in page and "未填写与本单位的劳动合同截止日期" in page
    form = {"permit_no": permit, "left_previous_on": "2026-05-01", "starts_on": "2026-06-01",
            "employment.started_on": "2026-06-01", "employment.contract_ends_on": "2028-05-31"}
    assert client.post(f"/unit/cases/{case['id']}", form).status_code == 302
    assert "未填写与本单位" not in html(client.get(f"/unit/cases/{case['id']}"))
