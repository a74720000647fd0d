"""R-W10 / R-W09 / NEW-01: the printed 《北京市工作居住证申请表》 for a `new` case."""

from datetime import date

import pytest

from documents.forms import _months_summary, copy_label, new_application_form_pdf
from documents.pdf_fonts import markup, register_fonts
from documents.tests.pdf_support import UNIT, page_qr_codes
from documents.tests.pdf_support import page_images as _page_images
from documents.tests.pdf_support import photo as _photo
from documents.tests.pdf_support import reader as _reader
from documents.tests.pdf_support import text as _text

CASE_NUMBER = "XB2026-000123"

DATA = {
    "person": {
        "name": "王晓明",
        "id_number": "110105199003078716",
        "sex": "M",
        "birth_date": "1990-03-07",
        "hukou": "河北省石家庄市长安区建设北大街128号",
        "phone": "13812345678",
        "degree": "master",
        "degree_awarded_on": "2015-06-30",
        "work_started_on": "2015-07-15",
        "title_level": "intermediate",
        "special_talent_justification": "",
        "shortage_catalogue_code": "IT-03",
    },
    "employment": {"started_on": "2023-03-01", "contract_ends_on": "2028-02-29"},
    "residence": {
        "address": "北京市海淀区中关村南大街5号院3号楼2单元1201室",
        "district": "haidian",
        "housing_type": "rented",
        "lease_ends_on": "2026-12-31",
    },
    "tax_months": [{"month": f"2025-{m:02d}", "payer": "unit"} for m in range(7, 13)],
    "social_insurance_months": [{"month": f"2025-{m:02d}", "payer": "unit"} for m in range(7, 13)],
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
        "unit": UNIT,
        "photo": _photo(),
        "printed_on": date(2026, 1, 5),
    }
    kwargs.update(overrides)
    return new_application_form_pdf(**kwargs)


def test_r_w10_new_form_has_two_copies():
    one_copy = len(_reader(_render(copies=1)).pages)
    reader = _reader(_render())
    assert one_copy >= 1
    assert len(reader.pages) == 2 * one_copy
    text = _text(reader)
    assert "北京市工作居住证申请表" in text
    assert CASE_NUMBER in text
    assert "王晓明" in text
    assert "第一联（区人社局留存）" in text
    assert "第二联（申请单位留存）" in text
    # each copy is complete: the title and the applicant appear once per copy
    first = "\n".join(p.extract_text() for p in reader.pages[:one_copy])
    second = "\n".join(p.extract_text() for p in reader.pages[one_copy:])
    for part, label in ((first, "第一联"), (second, "第二联")):
        assert "北京市工作居住证申请表" in part
        assert "王晓明" in part
        assert CASE_NUMBER in part
        assert label in part


def test_r_w10_new_form_one_page_per_copy_for_ordinary_data():
    assert len(_reader(_render()).pages) == 2


def test_r_w10_new_form_prints_the_case_data_in_chinese():
    text = _text(_reader(_render()))
    for expected in (
        "110105199003078716",  # the full ID number: the official form the unit signs
        "男",
        "1990年3月7日",
        "硕士研究生",
        "中级",
        "租赁房屋",
        "海淀区",
        "2026年12月31日",
        "2028年2月29日",
        "北京智联未来科技有限公司",
        "91110108MA01ABCD2X",
        "李静",
        "小学",
        "2025年7月至2025年12月",
        "6个月",
        "申请人签字",
        "单位经办人签字",
        "单位公章",
        "区人社局",
        "初审意见",
        "市人社局",
        "审批意见",
        "打印日期：2026年1月5日",
    ):
        assert expected in text, expected


def test_r_w10_new_form_embeds_its_fonts():
    pdf = _render()
    reader = _reader(pdf)
    seen = 0
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "STSong" not in str(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType"  # no Type1 base-14 font, no CID font
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen += 1
    assert seen
    assert b"STSong" not in pdf
    assert b"/FontFile2" in pdf
    assert b"/CIDFontType0" not in pdf


def test_r_w10_r_w09_new_form_carries_the_photo_on_each_copy():
    reader = _reader(_render())
    assert all(_page_images(page) for page in reader.pages)


def test_r_w10_r_w09_new_form_accepts_a_png_photo_with_transparency():
    reader = _reader(_render(photo=_photo("PNG", "RGBA")))
    assert all(_page_images(page) for page in reader.pages)


def test_r_w10_new_form_without_photo_prints_an_empty_photo_box():
    reader = _reader(_render(photo=None))
    assert len(reader.pages) == 2
    assert not any(_page_images(page) for page in reader.pages)
    assert "照片" in _text(reader)


def test_r_w10_new_form_unreadable_photo_still_prints():
    reader = _reader(_render(photo=b"not an image"))
    assert len(reader.pages) == 2
    assert not any(_page_images(page) for page in reader.pages)


def test_r_w10_new_form_missing_sections_print_blanks():
    reader = _reader(_render(data={}, unit={}, photo=None))
    assert len(reader.pages) == 2
    text = _text(reader)
    assert "北京市工作居住证申请表" in text
    assert "一、申请人基本情况" in text
    assert "六、声明及审核意见" in text


def test_r_w10_new_form_sex_and_birth_date_read_from_the_id_number_when_absent():
    person = {k: v for k, v in DATA["person"].items() if k not in ("sex", "birth_date")}
    text = _text(_reader(_render(data={**DATA, "person": person})))
    assert "1990年3月7日" in text
    assert "男" in text


def test_r_w10_new_form_long_justification_goes_to_an_annex():
    person = {**DATA["person"], "special_talent_justification": "在人工智能领域有突出贡献。" * 300}
    dependents = {
        **DATA["dependents"],
        "children": [
            {"name": f"子女{i}", "id_number": "110108201806150031", "school_level": "primary"}
            for i in range(8)
        ],
    }
    data = {**DATA, "person": person, "dependents": dependents}
    one_copy = len(_reader(_render(data=data, copies=1)).pages)
    reader = _reader(_render(data=data))
    assert one_copy > 1
    assert len(reader.pages) == 2 * one_copy
    text = _text(reader)
    assert "附页：特殊人才申报理由" in text
    assert "第二联（申请单位留存）" in reader.pages[one_copy].extract_text()


def test_every_page_carries_the_case_number_as_a_qr_a_72_dpi_scan_reads_clear_of_the_edges():
    """The window's scanner reads the case number from any page; the code is at least 15 mm wide and
    outside the 10 mm edge band that most printers cannot print."""
    person = {**DATA["person"], "special_talent_justification": "在人工智能领域有突出贡献。" * 300}
    for data in (DATA, {**DATA, "person": person}):  # one page a copy, and a copy over several pages
        pages = page_qr_codes(_render(data=data), dpi=72)
        assert len(pages) >= 2
        for codes in pages:
            assert [text for text, _ in codes] == [CASE_NUMBER]
            left, top, right, bottom = codes[0][1]
            assert right - left >= 15 * 21 / 29 and bottom - top >= 15 * 21 / 29  # the symbol in 15 mm
            assert left >= 10 and top >= 10 and right <= 210 - 10 and bottom <= 297 - 10


def test_r_d01_the_spouses_contract_prints_with_its_end_date_when_given():
    spouse = {**DATA["dependents"]["spouse"], "contract_ends_on": "2026-02-28"}
    with_end = {**DATA, "dependents": {**DATA["dependents"], "spouse": spouse}}
    lines = _text(_reader(_render(data=with_end, copies=1))).splitlines()
    assert "有在京聘用（劳动）合同，至2026年2月28日" in lines
    lines = _text(_reader(_render(copies=1))).splitlines()  # optional: without it, no date
    assert "有在京聘用（劳动）合同" in lines


def test_r_w10_copy_labels():
    assert copy_label(0, 2) == "第一联（区人社局留存）"
    assert copy_label(1, 2) == "第二联（申请单位留存）"
    assert copy_label(2, 3) == "第三联"
    with pytest.raises(ValueError):
        _render(copies=0)


def test_months_summary_compresses_ranges_and_counts_payers():
    items = (
        [{"month": "2025-01", "payer": "agency"}]
        + [{"month": f"2025-{m:02d}", "payer": "unit"} for m in (2, 3, 5, 11, 12)]
        + [{"month": "2026-01", "payer": "unit"}]
    )
    count, months, payers = _months_summary(items)
    assert count == "7个月"
    assert months == "2025年1月至2025年3月；2025年5月；2025年11月至2026年1月"
    assert payers == "本单位缴纳6个月；中介机构代缴1个月"
    assert _months_summary(None) == ("", "", "")
    assert _months_summary([]) == ("0个月", "无", "")


def test_font_registration_is_cached_and_mixes_scripts():
    assert register_fonts() is register_fonts()
    fonts = register_fonts()
    assert fonts.runs("编号XB-1 号") == [(fonts.cjk, "编号"), (fonts.latin, "XB-1 "), (fonts.cjk, "号")]
    assert markup("<a>&") == f'<font face="{fonts.latin}">&lt;a&gt;&amp;</font>'
