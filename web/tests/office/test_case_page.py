"""The case page: the full, audited applicant data, checklist, eligibility with citations, copies,
history, and only the decisions the state and the role allow, refusals beside the controls."""

import pytest

from audit.models import AuditEvent
from cases.models import Case
from ops.demo import new_application, photo
from web.tests.summary import error_summary

pytestmark = pytest.mark.django_db


def page(client, case):
    return client.get(f"/office/cases/{case['id']}/")


def test_r_s02_case_page_shows_the_full_data_and_is_audited(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    full_id = Case.objects.get(pk=case["id"]).data["person"]["id_number"]
    response = page(office["haidian"], case)
    assert response.status_code == 200
    html = response.content.decode()
    assert full_id in html  # the full number, on the case page only
    assert "张伟" in html and "中级" in html and "租赁房屋" in html
    assert AuditEvent.objects.filter(
        action="case.viewed", object_id=str(case["id"]), actor_username="hd_reviewer"
    ).exists()


def test_case_page_of_another_district_is_404_and_a_unit_is_refused(
    office, make_unit, file_new_case, unit_web, clock
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    assert page(office["chaoyang"], case).status_code == 404
    assert (
        office["chaoyang"].post(f"/office/cases/{case['id']}/review", {"decision": "pass"}).status_code == 404
    )
    web, _, _ = unit_web()
    assert page(web, case).status_code == 403
    assert not AuditEvent.objects.filter(action="case.viewed", actor_username="cy_reviewer").exists()


def test_case_page_shows_checklist_boxes_eligibility_citations_photo_and_history(
    office, make_unit, file_new_case, clock
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    html = page(office["haidian"], case).content.decode()
    for item in case["checklist"]:
        assert f'name="materials_received" value="{item["code"]}"' in html
        assert f'name="missing" value="{item["code"]}"' in html
    assert "R-P01" in html and "篇2 申请人资格要求" in html  # rule and its seed citation
    assert "本申请符合全部规则" in html
    assert f'src="/office/cases/{case["id"]}/photo"' in html
    assert "提交" in html.split('id="history-title"')[1]
    photo_response = office["haidian"].get(f"/office/cases/{case['id']}/photo")
    assert photo_response.status_code == 200 and photo_response.content == photo()
    assert AuditEvent.objects.filter(action="case.photo_downloaded").exists()


@pytest.mark.parametrize(
    ("until", "who", "shown", "hidden"),
    [
        ("submitted", "haidian", ["初审通过", "要求补充材料", "不予通过"], ["批准", "登记领证"]),
        ("submitted", "city", [], ['value="pass"', 'value="approve"', "登记领证"]),
        ("district_passed", "city", ['value="approve"', 'value="reject"'], ['value="pass"', "登记领证"]),
        ("district_passed", "haidian", [], ['value="pass"', 'value="approve"', "登记领证"]),
        ("approved", "haidian", ["登记领证"], ['value="pass"', 'value="approve"']),
        ("approved", "city", [], ["登记领证", 'value="approve"']),
    ],
)
def test_only_the_decisions_the_state_and_role_allow_are_shown(
    office, make_unit, file_new_case, clock, until, who, shown, hidden
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until=until)
    decision = page(office[who], case).content.decode().split('id="rules-title"')[1].split("</section>", 1)[1]
    for text in shown:
        assert text in decision
    for text in hidden:
        assert text not in decision


def test_r_w02_pass_with_an_item_not_ticked_is_refused_beside_the_checklist(
    office, make_unit, file_new_case, clock
):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    codes = [i["code"] for i in case["checklist"] if i["required"]]
    response = office["haidian"].post(
        f"/office/cases/{case['id']}/review", {"decision": "pass", "materials_received": codes[1:]}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-describedby="checklist-error"' in html
    assert '<strong class="rule">R-W02</strong>' in html.split('id="checklist-error"')[1].split("</div>")[0]
    assert codes[0] in html.split('id="checklist-error"')[1].split("</div>")[0]
    top = error_summary(html)  # on top of the page too, linked to the checklist's first box
    assert top.target_of("R-W02") == f"received-{case['checklist'][0]['code']}" and codes[0] in top.text
    assert f'value="{codes[1]}" checked' in html  # what was ticked stays ticked
    assert Case.objects.get(pk=case["id"]).status == "submitted"


def test_r_w07_reject_without_a_reason_is_refused_beside_the_note(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    response = office["haidian"].post(f"/office/cases/{case['id']}/review", {"decision": "reject"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-invalid="true" aria-describedby="review-note-error"' in html
    assert "R-W07" in html.split('id="review-note-error"')[1].split("</div>")[0]
    assert error_summary(html).items == [("review-note", "意见：R-W07 不予通过须填写理由")]


def test_r_w07_supplement_request_names_the_missing_items(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    reviewer = office["haidian"]
    refused = reviewer.post(f"/office/cases/{case['id']}/review", {"decision": "request_supplement"})
    assert refused.status_code == 422 and "R-W07" in refused.content.decode()
    code = case["checklist"][0]["code"]
    response = reviewer.post(
        f"/office/cases/{case['id']}/review",
        {"decision": "request_supplement", "missing": [code], "note": "请补充"},
    )
    assert response.status_code == 302
    stored = Case.objects.get(pk=case["id"])
    assert stored.status == "supplement_requested" and stored.materials_missing == [code]
    html = reviewer.get(response["Location"]).content.decode()
    assert "已通知单位补充材料" in html and "要求补充的材料" in html


def test_review_pass_moves_the_case_to_the_city(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    codes = [i["code"] for i in case["checklist"]]
    response = office["haidian"].post(
        f"/office/cases/{case['id']}/review", {"decision": "pass", "materials_received": codes}
    )
    assert response.status_code == 302 and response["Location"] == f"/office/cases/{case['id']}/"
    assert Case.objects.get(pk=case["id"]).status == "district_passed"
    html = office["haidian"].get(response["Location"]).content.decode()
    assert "初审通过。" in html and "初审通过（待审批）" in html


def test_a_decision_on_a_case_in_the_wrong_state_is_409(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="district_passed")
    response = office["haidian"].post(
        f"/office/cases/{case['id']}/review", {"decision": "pass", "materials_received": []}
    )
    assert response.status_code == 409
    top = error_summary(response.content.decode())  # the review form is gone: the refusal on top
    assert [i.target for i in top.items] == [""] and "当前状态不允许这个操作" in top.text


def test_a_wrong_role_may_not_post_a_decision(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="district_passed")
    assert (
        office["haidian"].post(f"/office/cases/{case['id']}/approval", {"decision": "approve"}).status_code
        == 403
    )
    assert office["city"].post(f"/office/cases/{case['id']}/review", {"decision": "pass"}).status_code == 403


def test_city_approves_and_the_district_records_collection(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="district_passed")
    approved = office["city"].post(f"/office/cases/{case['id']}/approval", {"decision": "approve"})
    assert approved.status_code == 302
    stored = Case.objects.get(pk=case["id"])
    assert stored.status == "approved" and stored.permit is not None
    collected = office["haidian"].post(
        f"/office/cases/{case['id']}/collection", {"collected_by": "operator", "note": "经办人李经办领取"}
    )
    assert collected.status_code == 302
    assert Case.objects.get(pk=case["id"]).status == "collected"
    html = office["haidian"].get(collected["Location"]).content.decode()
    assert "领证" in html.split('id="history-title"')[1] and "经办人李经办领取" in html


def test_r_p03_confirmation_is_offered_only_when_needed_and_required_to_approve(
    office, make_unit, file_new_case, clock
):
    from core import clock as system_clock

    client, _ = make_unit("haidian")
    plain = file_new_case(client, until="district_passed")
    assert "confirm_special_talent" not in page(office["city"], plain).content.decode()
    data = new_application(system_clock.today())
    data["person"].update(
        degree="associate", title_level="none", special_talent_justification="国家级技能大赛金奖获得者"
    )
    special = file_new_case(client, data, until="district_passed")
    html = page(office["city"], special).content.decode()
    assert 'name="confirm_special_talent"' in html and "待市级确认" in html
    refused = office["city"].post(f"/office/cases/{special['id']}/approval", {"decision": "approve"})
    assert refused.status_code == 422
    assert "R-P03" in refused.content.decode().split('id="confirm-error"')[1].split("</div>")[0]
    assert error_summary(refused.content.decode()).target_of("R-P03") == "confirm-special-talent"
    done = office["city"].post(
        f"/office/cases/{special['id']}/approval", {"decision": "approve", "confirm_special_talent": "on"}
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=special["id"]).special_talent_confirmed


def _checklist_row(html: str, code: str) -> str:
    start = html.index(f'<th scope="row">{code}</th>')
    return html[start : html.index("</tr>", start)]


def test_uploaded_copies_are_shown_in_their_checklist_row_and_downloaded_through_the_checked_view(
    office, make_unit, file_new_case, clock
):
    from accounts.actor import Actor
    from accounts.models import User
    from documents.tests.pdf_support import scan_pdf
    from documents.uploads import document_upload

    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    operator = User.objects.get(unit_id=unit_id)
    first, second, third = (item["code"] for item in case["checklist"][:3])
    pdf, jpeg = scan_pdf(), photo()
    contract = document_upload(
        Actor(operator, "unit"), case["id"], item_code=first, filename="合同.pdf", content=pdf
    )
    # a real JPEG under a program's name: kept, but never served under that name
    renamed = document_upload(
        Actor(operator, "unit"), case["id"], item_code=second, filename="劳动合同.bat", content=jpeg
    )
    html = page(office["haidian"], case).content.decode()
    link = f"/office/cases/{case['id']}/documents/{contract.pk}"
    renamed_link = f"/office/cases/{case['id']}/documents/{renamed.pk}"
    assert link in _checklist_row(html, first) and "合同.pdf" in _checklist_row(html, first)
    assert renamed_link in _checklist_row(html, second) and link not in _checklist_row(html, second)
    assert "/documents/" not in _checklist_row(html, third) and "未上传" in _checklist_row(html, third)
    assert html.index(renamed_link) < html.index('name="decision"')  # in the checklist, above the buttons
    response = office["haidian"].get(link)
    assert response.status_code == 200 and response.content == pdf
    assert response["Content-Disposition"] == f'attachment; filename="{first}-{contract.pk}.pdf"'
    served = office["haidian"].get(renamed_link)
    assert served.status_code == 200 and served.content == jpeg and served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"] == f'attachment; filename="{second}-{renamed.pk}.jpg"'
    assert ".bat" not in served["Content-Disposition"] and served["X-Content-Type-Options"] == "nosniff"
    assert office["chaoyang"].get(link).status_code == 404
