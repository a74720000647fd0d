"""GET /applications/{id}/letter.docx — the unit's application letter of every type (篇2 申报材料)."""

import io

import pytest
from docx import Document

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db
UNIT_NAME = "北京示例科技有限公司"  # ops.demo.registration


def _text(response) -> str:
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].endswith('-letter.docx"')
    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_new_letter_carries_the_unit_and_the_applicant(held):
    client, _, _, case = held
    text = _text(client.get(f"/applications/{case['id']}/letter.docx"))
    person = case["data"]["person"]
    for phrase in (
        "关于为张伟办理北京市工作居住证的申请",
        "海淀区人力资源和社会保障局：",
        case["number"],
        UNIT_NAME,
        "软件开发",
        "1,200,000元",
        "员工120人",
        person["id_number"],
        "1990年5月17日出生",
        "中级",
        "主要工作业绩",
        "法定代表人（签字）",
        f"{UNIT_NAME}（盖章）",
        "2026年6月15日",
    ):
        assert phrase in text, phrase


def _letter_of(client, body):
    created = client.post("/applications", body)
    assert created.status_code == 201, created.content
    return _text(client.get(f"/applications/{created.json()['id']}/letter.docx"))


SPOUSE = {"name": "李静", "id_number": "11010819920512002X", "beijing_employment_contract": True}
CHILD = {"name": "张子涵", "id_number": "110108201806150031", "school_level": "primary"}
HOME = {"address": "北京市朝阳区曙光西里1号", "district": "chaoyang", "housing_type": "owned"}
LETTERS = {  # type: (fields besides permit_no, phrases the letter must hold)
    "renewal": (
        {"employment": {"contract_ends_on": "2031-12-31"}},
        ["关于为张伟同志办理北京市工作居住证续签的申请", "2031年12月31日", "有效期至2029年6月15日"],
    ),
    "address_change": (
        {"residence": HOME},
        ["关于为张伟同志办理居住地址变更的申请", "北京市朝阳区曙光西里1号", "朝阳区", "自有住房"],
    ),
    "dependents_change": (
        {
            "dependents": {
                "marital_status": "married",
                "custody_judgment": False,
                "spouse": SPOUSE,
                "children": [CHILD],
            }
        },
        ["关于为张伟同志办理随往人员变更的申请", "李静", "张子涵", "小学", "已婚"],
    ),
    "replacement": (
        {"reason": "lost", "reason_detail": "2026年6月1日在地铁上遗失"},
        ["关于为张伟同志补办北京市工作居住证的申请", "遗失", "2026年6月1日在地铁上遗失"],
    ),
    "general_change": (
        {"changes": {"name": "张卫", "hukou": "北京市海淀区"}},
        ["关于为张伟同志办理一般资料变更的申请", "姓名变更为", "张卫", "北京市海淀区"],
    ),
    "cancellation": (
        {"left_on": "2026-06-12"},
        ["关于张伟同志北京市工作居住证注销的说明", "2026年6月12日", "特此说明"],
    ),
}


def test_each_change_type_letter_holds_the_names_and_dates(held):
    client, _, _, case = held
    for case_type, (fields, phrases) in LETTERS.items():
        text = _letter_of(client, {"type": case_type, "permit_no": case["permit_no"], **fields})
        for phrase in [*phrases, case["permit_no"], "2026年6月15日", "（盖章）"]:
            assert phrase in text, (case_type, phrase)


def test_r_d01_the_dependents_change_letter_names_the_end_of_the_spouses_contract(held):
    client, _, _, case = held
    dependents = {"marital_status": "married", "spouse": SPOUSE, "children": []}
    created = client.post("/applications", {"type": "dependents_change", "permit_no": case["permit_no"],
                                            "dependents": dependents})
    letter = f"/applications/{created.json()['id']}/letter.docx"
    assert "与在京单位签订劳动合同：是）" in _text(client.get(letter))
    ends = {**dependents, "spouse": {**SPOUSE, "contract_ends_on": "2026-07-31"}}
    assert client.patch(f"/applications/{created.json()['id']}", {"dependents": ends}).status_code == 200
    assert "与在京单位签订劳动合同：是，至2026年7月31日）" in _text(client.get(letter))


def test_unit_info_change_letter_lists_the_changes(held):
    client = held.client
    text = _letter_of(
        client, {"type": "unit_info_change", "changes": {"name": "北京新名称科技有限公司", "high_tech": True}}
    )
    for phrase in (
        f"关于{UNIT_NAME}办理单位信息变更的申请",
        "单位名称变更为",
        "北京新名称科技有限公司",
        "高新技术企业变更为",
    ):
        assert phrase in text, phrase


def test_employer_change_letter_names_the_day_the_holder_starts(held, make_unit):
    case = held.case
    new_employer, _ = make_unit("chaoyang")
    text = _letter_of(
        new_employer,
        {
            "type": "employer_change",
            "permit_no": case["permit_no"],
            "left_previous_on": "2026-06-01",
            "starts_on": "2026-06-08",
            "employment": {"started_on": "2026-06-08", "contract_ends_on": "2029-06-07"},
        },
    )
    for phrase in (
        "关于为张*同志办理聘用单位变更的申请",  # the permit is still the other unit's (cases.privacy)
        "到岗时间：2026年6月8日",
        "2026年6月1日离职",
        f"原聘用单位为{UNIT_NAME}",
        "朝阳区人力资源和社会保障局",
        "2029年6月7日",
    ):
        assert phrase in text, phrase


def test_another_units_letter_is_404_and_admin_is_403(held, make_unit, officials):
    case = held.case
    other, _ = make_unit("haidian")
    path = f"/applications/{case['id']}/letter.docx"
    assert other.get(path).status_code == 404
    assert officials["chaoyang"].get(path).status_code == 404
    assert officials["admin"].get(path).status_code == 403
    assert officials["haidian"].get(path).status_code == 200
    assert officials["city"].get(path).status_code == 200


def test_a_letter_download_is_audited(held):
    client, _, _, case = held
    client.get(f"/applications/{case['id']}/letter.docx")
    event = AuditEvent.objects.filter(action="case.letter_downloaded").get()
    assert event.object_id == str(case["id"]) and event.after["number"] == case["number"]
