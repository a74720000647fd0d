"""Issue 11 point 6: the public /materials page says what the checklists do. Its conditions are the
checklists' own (rules.checklists): NEW-10E and DEP-06 as R-D02 says — a child older than 16 周岁,
i.e. 17 or more in full years on the submission date — NEW-05 and ADR-02 one proof per housing type,
and the unit registration (REG) and the password reset at the window (PWD, R-W12) have their lists.
The Chinese page speaks a clerk's Chinese, the English page English."""

import datetime as dt
import re
from typing import Any

import pytest

from ops.demo import make_id_number, new_case_data
from rules.checklists import CHECKLISTS, PWD_CHECKLIST, REG_CHECKLIST, checklist_for
from rules.tests.builders import case_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)

R_D02_ZH = ("随往子女中有年满17周岁（超过16周岁）的，周岁按提交之日计算；该子女须在读高中及以下，"
            "大学在读的不能随往。16周岁及以下的子女不需要")
R_D02_DEP_ZH = ("变更后随往的子女中有年满17周岁（超过16周岁）的，周岁按提交之日计算；该子女须在读高中及以下，"
                "大学在读的不能随往。16周岁及以下的子女不需要")
HOUSING = [("owned", "自有住房"), ("rented", "租赁房屋"), ("public_rented", "租赁公房"),
           ("borrowed", "借住亲友住房")]


def page(client: Any, language: str = "zh-hans") -> str:
    html = client.get("/materials", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S)
    assert main, "no <main> on /materials"
    return main.group(0)


def rows(html: str, section: str) -> dict[str, tuple[str, str]]:
    """The rows of one section's table: code → (material cell, condition cell), tags kept."""
    found = re.search(rf'<section id="{section}".*?</section>', html, re.S)
    assert found, f"no section {section}"
    return {code: (title, condition) for code, title, condition in re.findall(
        r'<tr><th scope="row">([A-Z0-9-]+)</th><td>(.*?)</td><td>(.*?)</td></tr>', found.group(0), re.S)}


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def born(years_before: int, days: int = 0) -> dt.date:
    return dt.date(TODAY.year - years_before, TODAY.month, TODAY.day) + dt.timedelta(days=days)


def with_child(case_type: str, birth: dt.date, school_level: str = "senior") -> dict[str, Any]:
    data = new_case_data(TODAY) if case_type == "new" else case_data(case_type, TODAY)
    child = {"name": "子女", "id_number": make_id_number(birth, "F"), "school_level": school_level}
    data["dependents"] = {"marital_status": "married", "custody_judgment": False, "children": [child],
                          "spouse": {"name": "配偶", "id_number": make_id_number(dt.date(1985, 1, 1), "F"),
                                     "beijing_employment_contract": True}}
    return data


def listed(case_type: str, data: dict[str, Any]) -> list[str]:
    return [i.code for i in checklist_for(case_type, data, TODAY, holder_sex="M")]


# 1. NEW-10E and DEP-06: R-D02's boundary, in the checklist and on the page -----------------------

@pytest.mark.parametrize(("case_type", "code"), [("new", "NEW-10E"), ("dependents_change", "DEP-06")])
def test_r_d02_school_certificate_from_the_17th_birthday_on_the_submission_date(case_type, code):
    assert code in listed(case_type, with_child(case_type, born(17)))          # 17 today: older than 16
    assert code in listed(case_type, with_child(case_type, born(18, days=-1)))  # 18 tomorrow
    assert code not in listed(case_type, with_child(case_type, born(17, days=1)))  # 16 until tomorrow
    assert code not in listed(case_type, with_child(case_type, born(16)))       # 16 today
    # …whatever the school: at university such a child may not accompany at all (R-D02's own check)
    assert code in listed(case_type, with_child(case_type, born(17), school_level="university"))


def test_r_d02_the_page_states_the_condition_the_checklist_applies(client):
    html = page(client)
    assert rows(html, "new")["NEW-10E"] == ("学校出具的在校证明", R_D02_ZH)
    assert rows(html, "dependents_change")["DEP-06"] == ("学校出具的在校证明", R_D02_DEP_ZH)
    # "16周岁以上" includes 16 in a clerk's reading (以上 counts the number itself): a child of 16 needs none
    assert "16周岁以上" not in html


def test_r_d02_the_english_page_states_it_in_english(client):
    html = page(client, "en")
    _, condition = rows(html, "new")["NEW-10E"]
    assert condition == ("A child who has turned 17 (older than 16, age in full years on the day of "
                         "submission) accompanies; that child must be at senior high school level or below — "
                         "a university student may not accompany. Not needed for a child of 16 or younger")
    assert rows(html, "dependents_change")["DEP-06"][0] == "Certificate of enrolment issued by the school"


# 2. NEW-05 and ADR-02: one proof per housing type, each the title the checklist gives ---------------

@pytest.mark.parametrize(("case_type", "code", "heading"), [
    ("new", "NEW-05", "在京固定住所证明"), ("address_change", "ADR-02", "新居住地址的固定住所证明")])
def test_residence_proof_shows_each_housing_type_as_the_checklist_titles_it(client, case_type, code, heading):
    title, condition = rows(page(client), case_type)[code]
    variants = re.findall(r"<li>(.*?)：(.*?)</li>", title)
    assert title.startswith(f"{heading}<ul>") and [label for label, _ in variants] == [h for _, h in HOUSING]
    assert condition == "都需要，按住房类型提供相应的一种"
    for (housing, label), (shown_label, proof) in zip(HOUSING, variants, strict=True):
        data = new_case_data(TODAY) if case_type == "new" else case_data(case_type, TODAY)
        data["residence"]["housing_type"] = housing
        [item] = [i for i in checklist_for(case_type, data, TODAY) if i.code == code]
        assert (shown_label, item.title) == (label, f"{heading}：{proof}")
    if code == "ADR-02":  # R-A01: the lease of a rented new address
        assert variants[1] == ("租赁房屋", "住建委网站下载的房屋租赁协议（有效期不低于3个月）及纳税证明")


# 3. The unit registration (REG) and the password reset at the window (PWD, R-W12) ----------------

def test_registration_and_password_reset_lists_are_the_ones_the_window_uses(client):
    html = page(client)
    for section, label, checklist in [("registration", "单位注册", REG_CHECKLIST),
                                      ("password-reset", "经办人密码重置", PWD_CHECKLIST)]:
        assert f'<h2 id="h-{section}">{label}</h2>' in html
        assert {code: title for code, (title, _) in rows(html, section).items()} == {
            item.code: item.title for item in checklist}
        assert all(condition == "都需要" for _, condition in rows(html, section).values())
    assert [i.code for i in REG_CHECKLIST] == ["REG-01", "REG-02", "REG-03"]
    assert [(i.code, i.title, i.rule) for i in PWD_CHECKLIST] == [("PWD-01", "单位营业执照副本原件", "R-W12")]
    assert "临时密码只能用来设置新密码" in html  # R-W12, said where the unit reads it


# Every item: the page lists what the checklists can ask for, with the condition that decides it ------

def test_every_item_the_checklists_can_ask_for_is_on_the_page_with_its_condition(client):
    html = page(client)
    for case_type, materials in CHECKLISTS.items():
        assert list(rows(html, case_type)) == [m.code for m in materials], case_type
    shown = rows(html, "new")
    assert shown["NEW-01"][1] == "都需要"
    assert shown["NEW-04R"][1] == "聘用（劳动）合同自提交之日起不足2个月到期"
    assert shown["NEW-10B"][1] == "有配偶或子女随往"
    assert shown["NEW-10F"][1] == "申请人为离异男性，且有子女随往"
    assert rows(html, "dependents_change")["DEP-07"][1] == "持证人为离异男性，且变更后有子女随往"
    assert rows(html, "unit_info_change")["UIC-03"][1] == (
        "变更单位地址、所在区、法定代表人、统一社会信用代码或注册资本")
    assert "无需提交纸质材料" in html  # cancellation


# 4. A clerk's Chinese; English throughout in English -------------------------------------------

CODES_AND_A4 = r"(?<![A-Za-z0-9])(?:[A-Z]{3}-\d{2}[A-Z]{0,2}|A4)(?![A-Za-z0-9])"  # NEW-10AR; A4复印件


def test_the_chinese_page_has_no_english_words(client):
    text = words(page(client))
    latin = re.sub(CODES_AND_A4, "", text)
    assert not re.search(r"[A-Za-z]", latin), re.findall(r"[A-Za-z_]+", latin)[:10]


def test_the_english_page_is_english_throughout(client):
    text = words(page(client, "en"))
    assert not re.search(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]", text), re.findall(
        r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", text)[:10]
    assert "Unit registration" in text and "Operator password reset" in text
    assert "Own home: Property ownership certificate or house purchase contract" in text
