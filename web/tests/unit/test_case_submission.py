"""Submitting a case from the employer portal (issue 13, point 3): 提交申请 saves the form and leads to
核对信息 (every answer with its 修改 link, the eligibility, photo and materials, the 诚信声明 and the
submit button only while every condition holds); a refusal is summarised at the top of 核对信息; a
submission leads to 申请已提交 with the case number, the district window and the materials."""

import datetime as dt
import re
from typing import Any

import pytest

from audit.models import AuditEvent
from cases.models import Case
from ops.demo import id_number, photo
from reference.models import District
from web.tests.unit.support import html
from web.tests.unit.test_cases import COMMITTED, draft, form_of

pytestmark = pytest.mark.django_db


def ready(api: Any) -> dict[str, Any]:
    """A new case that meets every condition, with its photo."""
    case = draft(api)
    api.upload(f"/applications/{case['id']}/photo", "p.jpg", photo())
    return case


def summary_items(page: str) -> list[tuple[str, str]]:
    """The error summary's items: (the link's target, "" for none; the text)."""
    box = page.split('class="error-summary"')[1].split("</div>")[0]
    items = re.findall(r"<li>(.*?)</li>", box)
    links = [re.search(r'href="([^"]+)"', i) for i in items]
    return [(m.group(1) if m else "", re.sub(r"<[^>]+>", "", i)) for m, i in zip(links, items, strict=True)]


def test_submit_on_the_case_page_saves_the_form_then_shows_the_check_page(portal, clock):
    client, _, api = portal()
    case = ready(api)
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert 'form="case-form" name="next" value="check"' in page
    assert f'action="/unit/cases/{case["id"]}/submit"' not in page  # the submit itself is on 核对信息
    form = form_of(Case.objects.get(pk=case["id"]).data) | {"person.hukou": "河北省保定市", "next": "check"}
    response = client.post(f"/unit/cases/{case['id']}", form)
    assert response.status_code == 302 and response["Location"] == f"/unit/cases/{case['id']}/check"
    assert Case.objects.get(pk=case["id"]).data["person"]["hukou"] == "河北省保定市"
    assert Case.objects.get(pk=case["id"]).status == "draft"


def test_the_check_page_lists_every_answer_with_a_change_link_to_its_field(portal, clock):
    client, _, api = portal()
    case = ready(api)
    response = client.get(f"/unit/cases/{case['id']}/check")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>核对信息</h1>" in page and case["number"] in page
    data = Case.objects.get(pk=case["id"]).data
    person = data["person"]
    for label, value, field in [
        ("姓名", person["name"], "person-name"),
        ("身份证号码", person["id_number"], "person-id_number"),
        ("最高学位", "硕士", "person-degree"),
        ("入职日期", data["employment"]["started_on"], "employment-started_on"),
        ("住房类型", "租赁房屋", "residence-housing_type"),
    ]:
        row = page.split(f"<dt>{label}</dt>")[1].split("</div>")[0]
        assert f"<dd>{value}</dd>" in row, label
        assert f'href="/unit/cases/{case["id"]}#f-{field}">修改' in row, label
    assert "<dt>随往配偶姓名</dt><dd>未填写</dd>" in page  # every question, answered or not
    month = data["tax_months"][0]["month"]
    assert f"<dt>{month}</dt><dd>个人所得税：本单位缴纳；社会保险：本单位缴纳</dd>" in page
    assert "全部条件均已满足" in page
    assert f'href="/unit/cases/{case["id"]}#photo-block">修改' in page and "已上传" in page
    assert "NEW-01" in page  # the materials
    assert 'type="checkbox" id="f-commitment" name="commitment"' in page and "本单位承诺" in page
    assert f'action="/unit/cases/{case["id"]}/submit"' in page and ">提交申请</button>" in page
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(case["id"])).exists()  # R-S02


def test_the_check_page_offers_no_submit_while_a_rule_fails(portal, clock):
    client, _, api = portal()
    case = draft(api)  # no photo: R-W09
    page = html(client.get(f"/unit/cases/{case['id']}/check"))
    assert "还有 1 项不符合办理条件，暂不能提交" in page
    assert "R-W09" in page and f'href="/unit/cases/{case["id"]}#photo-block">修改' in page
    assert f'action="/unit/cases/{case["id"]}/submit"' not in page and 'id="f-commitment"' not in page
    assert f'<a class="button" href="/unit/cases/{case["id"]}">返回申请表修改</a>' in page


def test_a_refused_submission_is_summarised_at_the_top_of_the_check_page(portal, clock):
    client, _, api = portal()
    case = draft(api, {"person": {"name": "赵敏", "id_number": id_number(dt.date(1991, 2, 3), "F")}})
    response = client.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    assert response.status_code == 422
    page = html(response)
    assert page.index('class="error-summary"') < page.index("<h1>核对信息</h1>")
    links = dict((text.split()[0], href) for href, text in summary_items(page))
    assert links["R-W09"] == f"/unit/cases/{case['id']}#photo-block"  # the photo's block on the case page
    assert links["R-P10"] == f"/unit/cases/{case['id']}#f-person-shortage_catalogue_code"  # its field
    for rule_id in ["R-P02", "R-P04", "R-P05", "R-P06", "R-W09"]:
        assert rule_id in links, rule_id
    assert Case.objects.get(pk=case["id"]).status == "draft"


def test_submit_without_the_commitment_says_so_at_the_top_and_beside_the_box(portal, clock):
    client, _, api = portal()
    case = ready(api)
    response = client.post(f"/unit/cases/{case['id']}/submit")
    assert response.status_code == 400
    page = html(response)
    assert summary_items(page) == [("#f-commitment", "请阅读诚信声明并勾选后再提交。")]
    assert "请阅读诚信声明并勾选后再提交" in page.split('id="e-commitment"')[1].split("</p>")[0]
    assert Case.objects.get(pk=case["id"]).status == "draft"


def test_a_submission_leads_to_its_confirmation_with_the_number_and_the_window(portal, clock):
    client, _, api = portal()
    case = ready(api)
    District.objects.filter(code="haidian").update(address="北京市海淀区示例路1号", phone="62345678")
    response = client.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    assert response.status_code == 302 and response["Location"] == f"/unit/cases/{case['id']}/submitted"
    assert Case.objects.get(pk=case["id"]).status == "submitted"
    page = html(client.get(response["Location"]))
    assert "<h1>申请已提交</h1>" in page
    assert f'<p class="reference" id="case-reference"><strong>{case["number"]}</strong></p>' in page
    window = page.split("<h3>办理窗口</h3>")[1].split("</dl>")[0]
    assert "<dt>办理地点</dt><dd>海淀区办理窗口</dd>" in window
    assert "北京市海淀区示例路1号" in window and "62345678" in window and "最近的办理时间" in window
    assert "需要带到窗口的材料" in page and "NEW-01" in page
    assert f'href="/progress?number={case["number"]}"' in page
    assert f'href="/unit/cases/{case["id"]}/form.pdf"' in page
    assert not client.get(f"/unit/cases/{case['id']}/check").status_code == 200  # nothing to check now


def test_a_resubmission_goes_through_the_check_page_too(portal, clock, officials, file_new_case):
    client, _, api = portal()
    case = file_new_case(api, until="submitted")
    officials["haidian"].post(
        f"/applications/{case['id']}/review", {"decision": "request_supplement", "missing": ["NEW-07"]}
    )
    page = html(client.get(f"/unit/cases/{case['id']}/check"))
    assert ">补正后重新提交</button>" in page
    response = client.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    assert response["Location"] == f"/unit/cases/{case['id']}/submitted"
    assert Case.objects.get(pk=case["id"]).status == "submitted"


def test_a_cancellation_takes_effect_and_its_confirmation_says_so(portal, clock, file_new_case):
    client, _, api = portal()
    permit_no = file_new_case(api, until="approved")["permit_no"]
    body = {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-06-14"}
    cancel = api.post("/applications", body)
    response = client.post(f"/unit/cases/{cancel.json()['id']}/submit", COMMITTED)
    page = html(client.get(response["Location"]))
    assert "<h1>申请已提交</h1>" in page and "注销已生效，本件已办结，无需再到窗口办理。" in page
    assert "<h3>办理窗口</h3>" not in page


def test_the_confirmation_is_404_for_another_unit_and_not_shown_for_a_draft(portal, clock):
    owner, _, api = portal()
    other, _, _ = portal()
    case = ready(api)
    draft_page = owner.get(f"/unit/cases/{case['id']}/submitted")
    assert draft_page.status_code == 302 and draft_page["Location"] == f"/unit/cases/{case['id']}"
    assert other.get(f"/unit/cases/{case['id']}/check").status_code == 404
    owner.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    assert owner.get(f"/unit/cases/{case['id']}/submitted").status_code == 200
    assert other.get(f"/unit/cases/{case['id']}/submitted").status_code == 404


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_english_check_and_confirmation_pages_are_in_english(portal, clock):
    client, _, api = portal()
    case = ready(api)
    check = html(client.get(f"/unit/cases/{case['id']}/check", **EN)).split("<main")[1]
    for said in ["<h1>Check your answers</h1>", "<dd>Not provided</dd>", ">Edit<span", "Income tax: ",
                 "Integrity declaration (commitment)", ">Submit application</button>"]:
        assert said in check, said
    for gone in ["核对信息", "未填写", "修改", "个人所得税", "诚信声明", "提交申请", "申请人照片"]:
        assert gone not in check, gone
    refused = html(client.post(f"/unit/cases/{case['id']}/submit", **EN))
    assert "The application was not submitted: there is a problem" in refused
    client.post(f"/unit/cases/{case['id']}/submit", COMMITTED)
    done = html(client.get(f"/unit/cases/{case['id']}/submitted", **EN)).split("<main")[1]
    for said in ["<h1>Application submitted</h1>", "What happens next", "Haidian service window",
                 "Where to go", "Follow the progress", "See this application in the employer portal"]:
        assert said in done, said
    for gone in ["申请已提交", "接下来", "办理地点", "办件进度查询", "打印申请表"]:
        assert gone not in done, gone
