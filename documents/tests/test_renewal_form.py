"""R-W10 / REN-01: the printed 《北京市工作居住证续签申请表》 for a `renewal` case (2 copies)."""

from datetime import date

import pytest

from documents.forms import RENEWAL_FORM_TITLE, renewal_form_pdf, renewed_expiry
from documents.tests.pdf_support import UNIT
from documents.tests.pdf_support import page_images as _page_images
from documents.tests.pdf_support import photo as _photo
from documents.tests.pdf_support import reader as _reader
from documents.tests.pdf_support import text as _text

CASE_NUMBER = "XQ2026012000007"
PERMIT_NO = "BJ20230012345"
TAX_MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13) if f"{y}-{m:02d}" >= "2023-03"]
TAX_MONTHS += ["2026-01"]

DATA = {
    "permit_no": PERMIT_NO,
    "employment": {"contract_ends_on": "2029-02-28"},
    "tax_months": [{"month": m, "payer": "unit"} for m in TAX_MONTHS],
    "social_insurance_months": [{"month": m, "payer": "unit"} for m in TAX_MONTHS if m != "2024-06"],
}

PERMIT = {
    "permit_no": PERMIT_NO,
    "holder_name": "王晓明",
    "holder_id_number": "110105199003078716",
    "holder_sex": "M",
    "holder_birth_date": date(1990, 3, 7),
    "issue_date": date(2023, 3, 1),
    "first_issued_on": date(2020, 2, 29),
    "expiry_date": date(2026, 3, 1),
    "residence": {
        "address": "北京市海淀区中关村南大街5号院3号楼2单元1201室",
        "district": "haidian",
        "housing_type": "rented",
        "lease_ends_on": "2026-12-31",
    },
    "dependents": {
        "marital_status": "married",
        "custody_judgment": False,
        "spouse": {"name": "李静", "id_number": "11010819920512002X", "beijing_employment_contract": True},
        "children": [{"name": "王子涵", "id_number": "110108201806150031", "school_level": "primary"}],
    },
}


def _render(**overrides) -> bytes:
    kwargs = {
        "case_number": CASE_NUMBER,
        "data": DATA,
        "permit": PERMIT,
        "unit": UNIT,
        "photo": _photo(),
        "printed_on": date(2026, 1, 20),
    }
    kwargs.update(overrides)
    return renewal_form_pdf(**kwargs)


def test_r_w10_renewal_form_has_two_copies():
    one_copy = len(_reader(_render(copies=1)).pages)
    reader = _reader(_render())
    assert one_copy == 1  # ordinary data: one page per copy
    assert len(reader.pages) == 2
    text = _text(reader)
    assert RENEWAL_FORM_TITLE == "北京市工作居住证续签申请表"
    for page, label, other in (
        (reader.pages[0], "第一联（区人社局留存）", "第二联"),
        (reader.pages[1], "第二联（申请单位留存）", "第一联"),
    ):
        part = page.extract_text()
        assert "北京市工作居住证续签申请表" in part
        assert CASE_NUMBER in part
        assert "王晓明" in part
        assert PERMIT_NO in part
        assert label in part
        assert other not in part
    assert "本表一式二份" in text


def test_r_w10_renewal_form_prints_the_permit_and_the_case_data():
    text = _text(_reader(_render()))
    for expected in (
        "一、持证人基本情况",
        "二、证件情况",
        "三、聘用情况",
        "四、持证期间个人所得税及社会保险缴纳情况",
        "五、声明及审核意见",
        "110105199003078716",
        "男",
        "1990年3月7日",
        "已婚",
        "配偶：李静（11010819920512002X）",
        "王子涵（110108201806150031，小学）",
        "北京市海淀区中关村南大街5号院3号楼2单元1201室",
        "租赁房屋",
        "2026年12月31日",
        "2020年2月29日",  # 首次发证日期
        "2023年3月1日",  # 本期发证日期
        "2026年3月1日",  # 有效期至
        "2029年3月1日",  # 申请续签后有效期至 (R-R05)
        "2029年2月28日",  # 合同截止日期
        "北京智联未来科技有限公司",
        "91110108MA01ABCD2X",
        "张建国",
        "010-82345678",
        "2023年3月1日至2026年3月1日",  # 本期持证期间
        "35个月",
        "2023年3月至2026年1月",
        "34个月",
        "2023年3月至2024年5月；",
        "2024年7月至2026年1月",
        "本单位缴纳35个月",
        "申请人签字",
        "单位经办人签字",
        "单位公章",
        "继续聘用",
        "初审意见",
        "审批意见",
        "打印日期：2026年1月20日",
    ):
        assert expected in text, expected


def test_r_w10_r_r05_expiry_after_renewal_is_three_years_on_29_february_to_28():
    assert renewed_expiry(date(2026, 3, 1)) == date(2029, 3, 1)
    assert renewed_expiry("2024-02-29") == date(2027, 2, 28)
    assert renewed_expiry(None) is None
    text = _text(_reader(_render(permit={**PERMIT, "expiry_date": date(2024, 2, 29)})))
    assert "2024年2月29日" in text
    assert "2027年2月28日" in text


def test_r_w10_renewal_form_embeds_its_fonts():
    pdf = _render()
    seen = 0
    for page in _reader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert font["/Subtype"] == "/TrueType"  # no Type1 base-14 font, no CID font
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen += 1
    assert seen
    assert b"STSong" not in pdf
    assert b"/CIDFontType0" not in pdf


def test_r_w10_renewal_form_carries_the_holder_photo_on_each_copy():
    reader = _reader(_render())
    assert all(_page_images(page) for page in reader.pages)


def test_r_w10_renewal_form_without_photo_prints_an_empty_photo_box():
    reader = _reader(_render(photo=None))
    assert len(reader.pages) == 2
    assert not any(_page_images(page) for page in reader.pages)
    assert "照片" in _text(reader)


def test_r_w10_renewal_form_missing_data_prints_blanks():
    reader = _reader(_render(data={}, permit={}, unit={}, photo=None))
    assert len(reader.pages) == 2
    text = _text(reader)
    assert "北京市工作居住证续签申请表" in text
    assert CASE_NUMBER in text
    assert "申请续签后" in text
    assert "五、声明及审核意见" in text


def test_r_w10_renewal_form_falls_back_on_the_case_data_and_the_id_number():
    left_out = ("permit_no", "holder_sex", "holder_birth_date", "dependents")
    permit = {k: v for k, v in PERMIT.items() if k not in left_out}
    text = _text(_reader(_render(permit=permit)))
    assert PERMIT_NO in text  # from the case data
    assert "1990年3月7日" in text  # from the 身份证 number
    assert "男" in text


def _gapped(step: int) -> dict:
    months = [
        {"month": m, "payer": "agency" if i % 3 else "unit"} for i, m in enumerate(TAX_MONTHS) if i % step
    ]
    return {**DATA, "tax_months": months, "social_insurance_months": months}


def test_r_w10_renewal_form_with_a_few_unpaid_months_keeps_one_page_per_copy():
    reader = _reader(_render(data=_gapped(6)))  # 6 months unpaid: 7 ranges in each list
    assert len(reader.pages) == 2
    text = _text(reader)
    assert "2023年4月至2023年8月；" in text  # a range is never broken across lines
    assert "中介机构代缴" in text


def test_r_w10_renewal_form_too_long_for_a_page_keeps_its_declaration_whole():
    # every other month of six years unpaid (a draft that R-R03/R-R04 would refuse): each copy
    # runs on to a second page, which carries the whole 声明及审核意见 section and the copy's label
    months = [{"month": f"{y}-{m:02d}", "payer": "unit"} for y in range(2020, 2026) for m in range(1, 13, 2)]
    reader = _reader(_render(data={**DATA, "tax_months": months, "social_insurance_months": months}))
    assert len(reader.pages) == 4
    pages = [page.extract_text() for page in reader.pages]
    for first, second, label in ((0, 1, "第一联（区人社局留存）"), (2, 3, "第二联（申请单位留存）")):
        assert "北京市工作居住证续签申请表" in pages[first]
        assert label in pages[first] and label in pages[second]
        for part in ("五、声明及审核意见", "申请人签字", "单位公章", "初审意见", "审批意见"):
            assert part in pages[second], part
            assert part not in pages[first], part


def test_r_w10_renewal_form_copies_must_be_sensible():
    with pytest.raises(ValueError):
        _render(copies=0)
    reader = _reader(_render(copies=3))
    assert len(reader.pages) == 3
    assert "第三联" in reader.pages[2].extract_text()
