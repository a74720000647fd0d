"""The printed application forms (R-W10): 《北京市工作居住证申请表》 for a `new` case (NEW-01) and
《北京市工作居住证续签申请表》 for a `renewal` case (REN-01).

The unit prints the form, the applicant and the unit sign it and affix the seal, and it goes to the
district window with the paper materials. R-W10: two copies — the PDF holds the complete form
twice, each copy labelled (第一联（区人社局留存）, 第二联（申请单位留存）) and each starting on a
new page, with the case number at the top and the print date at the foot of every page. The
photo (R-W09) is printed in the 1-inch box at the upper right.

``data`` is the case data exactly as api.md "Fields by type" gives it for the case's type; a
missing section or field prints as a blank to be filled in by hand. The layout pieces both forms
share are in ``documents.formkit``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from rules import validity

from .formkit import (
    BODY_H,
    CELL_PAD_X,
    COL_WIDTHS,
    DEGREE,
    DISTRICTS,
    HOUSING_TYPE,
    LEADING,
    MARITAL_STATUS,
    PAGE_H,
    SCHOOL_LEVEL,
    SEX,
    TABLE_W,
    TITLE_LEVEL,
    FormGrid,
    PhotoBox,
    as_date,
    copy_label,
    date_cn,
    declaration_rows,
    enum,
    from_id_number,
    payment_rows,
    photo_image,
    render_form,
    section_of,
    text,
)
from .formkit import months_summary as _months_summary
from .pdf_fonts import markup

# copy_label and _months_summary have always been importable from here.
__all__ = [
    "FORM_TITLE",
    "Commitment",
    "RENEWAL_FORM_TITLE",
    "_months_summary",
    "copy_label",
    "new_application_form_pdf",
    "renewal_form_pdf",
    "renewed_expiry",
]

FORM_TITLE = "北京市工作居住证申请表"
RENEWAL_FORM_TITLE = "北京市工作居住证续签申请表"
ANNEX_AFTER_LINES = 4


# --------------------------------------------------------------------------- 申请表 (new)


def new_application_form_pdf(
    *,
    case_number: str,
    data: Mapping[str, Any],
    unit: Mapping[str, Any],
    photo: bytes | None,
    printed_on: date,
    copies: int = 2,
    shortage_catalogue_name: str | None = None,
    commitment: Commitment | None = None,
    draft: bool = False,
) -> bytes:
    """Render 《北京市工作居住证申请表》 for a `new` case as PDF bytes, the whole form ``copies``
    times (R-W10: 2), each copy starting on a new page and labelled 第一联/第二联.

    ``unit`` has name, uscc, district_name, address, legal_representative, operator_name and
    operator_phone. ``photo`` is the uploaded JPEG/PNG (R-W09) or None for an empty photo box.
    ``shortage_catalogue_name`` optionally names the applicant's shortage-catalogue entry beside
    its code. ``commitment`` is the unit's 诚信声明 as the case's submission recorded it. A
    ``draft`` prints with the 草稿（不得作为申请材料） watermark on every page (formkit.render_form)."""
    image = photo_image(photo)
    return render_form(
        title=FORM_TITLE,
        case_number=case_number,
        printed_on=printed_on,
        copies=copies,
        one_copy=lambda: _new_copy(data, unit, image, shortage_catalogue_name, commitment),
        draft=draft,
    )


def _new_copy(
    data: Mapping[str, Any],
    unit: Mapping[str, Any],
    image: ImageReader | None,
    shortage_catalogue_name: str | None,
    commitment: Commitment | None = None,
) -> list[Flowable]:
    g = FormGrid()
    v, lab = g.v, g.lab
    if not isinstance(data, Mapping):
        data = {}
    person = section_of(data, "person")
    employment = section_of(data, "employment")
    residence = section_of(data, "residence")
    dependents = section_of(data, "dependents")
    id_number = text(person.get("id_number")).upper()
    id_sex, id_birth = from_id_number(id_number)

    # 一、申请人基本情况 — the photo spans rows 1-4 of the section in the last column.
    g.section("一、申请人基本情况")
    sex = SEX.get(text(person.get("sex")), "") or id_sex
    birth = date_cn(person.get("birth_date")) or date_cn(id_birth)
    shortage = text(person.get("shortage_catalogue_code"))
    if shortage and shortage_catalogue_name:
        shortage = f"{shortage} {shortage_catalogue_name}"
    special = text(person.get("special_talent_justification"))
    first = g.row(
        [lab("姓名"), v(person.get("name")), lab("性别"), v(sex), lab("出生日期"), v(birth), PhotoBox(image)],
        labels=(0, 2, 4),
    )
    g.row(
        [lab("身份证号码"), v(id_number), "", "", lab("联系电话"), v(person.get("phone"))],
        spans=[(1, 3)],
        labels=(0, 4),
    )
    g.row([lab("户籍所在地"), v(person.get("hukou"))], spans=[(1, 5)], labels=(0,))
    last = g.row(
        [
            lab("学历／学位"),
            v(enum(DEGREE, person.get("degree"))),
            lab("学位授予日期"),
            v(date_cn(person.get("degree_awarded_on"))),
            lab("参加工作时间"),
            v(date_cn(person.get("work_started_on"))),
        ],
        labels=(0, 2, 4),
    )
    g.photo_column(first, last)
    g.row(
        [lab("职称"), v(enum(TITLE_LEVEL, person.get("title_level"))), lab("急需紧缺目录"), v(shortage)],
        spans=[(3, 6)],
        labels=(0, 2),
    )
    # R-P03(c): the justification is printed in full; one too long for a table row (a row cannot
    # break across pages) goes on an annex after the table of the same copy.
    annex: list[Flowable] = []
    special_para = v(special or ("未申报" if person else ""))
    _, special_h = special_para.wrap(sum(COL_WIDTHS[1:]) - 2 * CELL_PAD_X, PAGE_H)
    if special_h > ANNEX_AFTER_LINES * LEADING:
        special_para = v("见本联附页《特殊人才申报理由》")
        annex = [
            Spacer(1, 5 * mm),
            Paragraph(
                markup(f"附页：特殊人才申报理由（申请人：{text(person.get('name'))}）"), g.st["section"]
            ),
            Spacer(1, 2 * mm),
            *[Paragraph(markup(part), g.st["value"]) for part in special.split("\n") if part.strip()],
        ]
    g.row([lab("特殊人才申报"), special_para], spans=[(1, 6)], labels=(0,))

    # 二、聘用情况
    g.section("二、聘用情况")
    _unit_rows(g, unit)
    g.row(
        [
            lab("法定代表人"),
            v(unit.get("legal_representative")),
            lab("聘用开始日期"),
            v(date_cn(employment.get("started_on"))),
            lab("合同截止日期"),
            v(date_cn(employment.get("contract_ends_on"))),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )
    _operator_row(g, unit)

    # 三、在京固定住所
    g.section("三、在京固定住所")
    _address_row(g, residence)
    _housing_row(g, residence)

    # 四、随往人员
    g.section("四、随往人员")
    spouse = dependents.get("spouse") if isinstance(dependents.get("spouse"), Mapping) else None
    children = [c for c in dependents.get("children") or [] if isinstance(c, Mapping)]
    custody = dependents.get("custody_judgment")
    g.row(
        [
            lab("婚姻状况"),
            v(enum(MARITAL_STATUS, dependents.get("marital_status"))),
            lab("子女抚养判决"),
            v("" if custody is None else ("有" if custody else "无")),
            lab("随往人数"),
            v(f"{int(spouse is not None) + len(children)}人" if dependents else ""),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )
    g.row(
        [lab("关系"), lab("姓名"), lab("身份证号码"), "", lab("在京聘用合同／就学阶段", fit=False)],
        spans=[(2, 3), (4, 6)],
        labels=(0, 1, 2, 4),
    )
    if spouse is not None:
        contract = _spouse_contract(spouse)
        g.row(
            [lab("配偶"), v(spouse.get("name")), v(text(spouse.get("id_number")).upper()), "", v(contract)],
            spans=[(2, 3), (4, 6)],
            labels=(0,),
        )
    else:
        g.row([lab("配偶"), v("无" if dependents else "")], spans=[(2, 3), (4, 6)], labels=(0,))
    for child in children:
        g.row(
            [
                lab("子女"),
                v(child.get("name")),
                v(text(child.get("id_number")).upper()),
                "",
                v(enum(SCHOOL_LEVEL, child.get("school_level"))),
            ],
            spans=[(2, 3), (4, 6)],
            labels=(0,),
        )
    for blank in range(max(0, 2 - len(children))):
        g.row(
            [lab("子女"), v("无" if dependents and not children and blank == 0 else "")],
            spans=[(2, 3), (4, 6)],
            labels=(0,),
        )

    # 五、个人所得税及社会保险缴纳情况
    g.section("五、个人所得税及社会保险缴纳情况")
    payment_rows(g, data)

    # 六、声明及审核意见
    declaration_rows(
        g,
        "六、声明及审核意见",
        unit_opinion="经审核，申请人所填信息及所附材料属实，本单位同意为其申请办理《北京市工作居住证》。"
        + commitment_text(commitment),
    )
    return [g.table(), *annex]


# --------------------------------------------------------------------------- 续签申请表 (renewal)


def renewal_form_pdf(
    *,
    case_number: str,
    data: Mapping[str, Any],
    permit: Mapping[str, Any],
    unit: Mapping[str, Any],
    photo: bytes | None,
    printed_on: date,
    copies: int = 2,
    commitment: Commitment | None = None,
    draft: bool = False,
) -> bytes:
    """Render 《北京市工作居住证续签申请表》 for a `renewal` case as PDF bytes, the whole form
    ``copies`` times (R-W10: 2), labelled like the new form.

    ``data`` is the renewal case data (``permit_no``, ``employment.contract_ends_on``,
    ``tax_months`` and ``social_insurance_months`` of the holding period). ``permit`` is the permit
    renewed: permit_no, holder_name, holder_id_number, holder_sex ("M"/"F"), holder_birth_date,
    issue_date, first_issued_on, expiry_date, residence and dependents (as api.md gives them for
    `new`). ``unit`` is as for the new form. ``photo`` is the holder's photo from the original
    application, or None for an empty photo box. The expiry after renewal is the current expiry
    + 3 years (R-R05, 29 February → 28 February). ``commitment`` and ``draft`` as for the new
    form."""
    image = photo_image(photo)
    return render_form(
        title=RENEWAL_FORM_TITLE,
        case_number=case_number,
        printed_on=printed_on,
        copies=copies,
        one_copy=lambda: _renewal_body(data, permit, unit, image, commitment),
        draft=draft,
    )


def renewed_expiry(expiry: Any) -> date | None:
    """R-R05: the expiry after an approved renewal — the old expiry + 3 years (R-V01's
    arithmetic: the same month and day, 29 February → 28 February); None if unknown."""
    d = as_date(expiry)
    return validity.renewed_expiry(d) if d is not None else None


def _renewal_body(
    data: Mapping[str, Any],
    permit: Mapping[str, Any],
    unit: Mapping[str, Any],
    image: ImageReader | None,
    commitment: Commitment | None = None,
) -> list[Flowable]:
    """One copy's table: roomy boxes for the officials' opinions, smaller ones when that keeps
    the copy on one page (long month lists); a table longer still runs on to a second page."""
    for opinion_height in (42 * mm, 32 * mm, 26 * mm):
        table = _renewal_table(data, permit, unit, image, opinion_height, commitment)
        if table.wrap(TABLE_W, BODY_H)[1] <= BODY_H:
            break
    return [table]


def _renewal_table(
    data: Mapping[str, Any],
    permit: Mapping[str, Any],
    unit: Mapping[str, Any],
    image: ImageReader | None,
    opinion_height: float,
    commitment: Commitment | None = None,
) -> Table:
    g = FormGrid()
    v, lab = g.v, g.lab
    if not isinstance(data, Mapping):
        data = {}
    if not isinstance(permit, Mapping):
        permit = {}
    employment = section_of(data, "employment")
    residence = section_of(permit, "residence")
    dependents = section_of(permit, "dependents")
    id_number = text(permit.get("holder_id_number")).upper()
    id_sex, id_birth = from_id_number(id_number)

    # 一、持证人基本情况 — the photo spans rows 1-4 of the section in the last column.
    g.section("一、持证人基本情况")
    sex = enum(SEX, permit.get("holder_sex")) or id_sex
    birth = date_cn(permit.get("holder_birth_date")) or date_cn(id_birth)
    first = g.row(
        [
            lab("姓名"),
            v(permit.get("holder_name")),
            lab("性别"),
            v(sex),
            lab("出生日期"),
            v(birth),
            PhotoBox(image),
        ],
        labels=(0, 2, 4),
    )
    g.row(
        [
            lab("身份证号码"),
            v(id_number),
            "",
            "",
            lab("婚姻状况"),
            v(enum(MARITAL_STATUS, dependents.get("marital_status"))),
        ],
        spans=[(1, 3)],
        labels=(0, 4),
    )
    g.row([lab("随往人员"), v(_dependents_summary(dependents))], spans=[(1, 5)], labels=(0,))
    last = _address_row(g, residence, span=(1, 5))
    g.photo_column(first, last)
    _housing_row(g, residence)

    # 二、证件情况
    g.section("二、证件情况")
    permit_no = text(permit.get("permit_no")) or text(data.get("permit_no"))
    new_expiry = renewed_expiry(permit.get("expiry_date"))
    g.row(
        [
            lab("证件编号"),
            v(permit_no),
            lab("首次发证日期"),
            v(date_cn(permit.get("first_issued_on"))),
            lab("本期发证日期"),
            v(date_cn(permit.get("issue_date"))),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )
    g.row(
        [
            lab("有效期至"),
            v(date_cn(permit.get("expiry_date"))),
            lab("续签期限"),
            v("3年"),
            lab("申请续签后\n有效期至", fit=False),
            v(date_cn(new_expiry)),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )

    # 三、聘用情况
    g.section("三、聘用情况")
    _unit_rows(g, unit)
    g.row(
        [
            lab("法定代表人"),
            v(unit.get("legal_representative")),
            lab("合同截止日期"),
            v(date_cn(employment.get("contract_ends_on"))),
        ],
        spans=[(3, 6)],
        labels=(0, 2),
    )
    _operator_row(g, unit)

    # 四、持证期间个人所得税及社会保险缴纳情况
    g.section("四、持证期间个人所得税及社会保险缴纳情况")
    issued, expires = date_cn(permit.get("issue_date")), date_cn(permit.get("expiry_date"))
    g.row(
        [lab("本期持证期间"), v(f"{issued}至{expires}" if issued or expires else "")],
        spans=[(1, 6)],
        labels=(0,),
    )
    payment_rows(g, data, months_cols=(2, 4))  # 36 months: room for the ranges

    # 五、声明及审核意见
    declaration_rows(
        g,
        "五、声明及审核意见",
        unit_opinion="经审核，持证人所填信息及所附材料属实，本单位决定继续聘用该同志，"
        "同意为其申请续签《北京市工作居住证》。" + commitment_text(commitment),
        opinion_height=opinion_height,
    )
    return g.table()


# --------------------------------------------------------------------------- rows both forms print


def _unit_rows(g: FormGrid, unit: Mapping[str, Any]) -> None:
    v, lab = g.v, g.lab
    g.row(
        [lab("聘用单位"), v(unit.get("name")), "", "", lab("统一社会信用代码"), v(unit.get("uscc"))],
        spans=[(1, 3), (5, 6)],
        labels=(0, 4),
    )
    g.row(
        [lab("单位地址"), v(unit.get("address")), "", "", lab("注册所在区"), v(unit.get("district_name"))],
        spans=[(1, 3), (5, 6)],
        labels=(0, 4),
    )


@dataclass(frozen=True)
class Commitment:
    """The unit's 诚信声明 (告知承诺) as the case's last submission recorded it (cases.commitment):
    `how` is "web" (ticked on the web form) or "api" (an API client's submission), `on` its date."""

    how: str
    on: date


def commitment_text(commitment: Commitment | None) -> str:
    """The sentence the form prints beside 诚信声明; before the case is submitted, what the
    submission will ask."""
    if commitment is None:
        return "本单位提交本申请时，须在系统中作出诚信声明（告知承诺）。"
    on = date_cn(commitment.on)
    if commitment.how == "web":
        return f"本单位已于{on}在系统中提交本申请，并勾选作出诚信声明（告知承诺）。"
    return f"本单位已于{on}通过系统接口提交本申请，提交即作出诚信声明（告知承诺）。"


def _operator_row(g: FormGrid, unit: Mapping[str, Any]) -> None:
    v, lab = g.v, g.lab
    g.row(
        [lab("单位经办人"), v(unit.get("operator_name")), lab("经办人电话"), v(unit.get("operator_phone"))],
        spans=[(3, 6)],
        labels=(0, 2),
    )


def _address_row(g: FormGrid, residence: Mapping[str, Any], *, span: tuple[int, int] = (1, 6)) -> int:
    return g.row([g.lab("住所地址"), g.v(residence.get("address"))], spans=[span], labels=(0,))


def _housing_row(g: FormGrid, residence: Mapping[str, Any]) -> None:
    """所在区 / 住房类型 / 租赁截止日期 (a dash when the housing is not rented)."""
    v, lab = g.v, g.lab
    housing = text(residence.get("housing_type"))
    lease = date_cn(residence.get("lease_ends_on"))
    if residence and housing != "rented" and not lease:
        lease = "—"
    g.row(
        [
            lab("所在区"),
            v(enum(DISTRICTS, residence.get("district"))),
            lab("住房类型"),
            v(enum(HOUSING_TYPE, housing)),
            lab("租赁截止日期"),
            v(lease),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )


def _spouse_contract(spouse: Mapping[str, Any]) -> str:
    """``有在京聘用（劳动）合同``, with the day it ends when the data gives it (R-D01: less than 2
    months left asks for the renewed contract, NEW-10AR)."""
    has = "有" if spouse.get("beijing_employment_contract") else "无"
    ends = date_cn(spouse.get("contract_ends_on"))
    return f"{has}在京聘用（劳动）合同" + (f"，至{ends}" if ends else "")


def _dependents_summary(dependents: Mapping[str, Any]) -> str:
    """The permit's dependents on one line: ``配偶：李静（身份证号码）；子女：王子涵（身份证号码，小学）``,
    ``无`` when there are none, blank when the permit records nothing."""
    if not dependents:
        return ""
    parts = []
    spouse = dependents.get("spouse")
    if isinstance(spouse, Mapping):
        parts.append(f"配偶：{text(spouse.get('name'))}（{text(spouse.get('id_number')).upper()}）")
    children = [c for c in dependents.get("children") or [] if isinstance(c, Mapping)]
    if children:
        listed = []
        for child in children:
            details = [text(child.get("id_number")).upper(), enum(SCHOOL_LEVEL, child.get("school_level"))]
            listed.append(f"{text(child.get('name'))}（{'，'.join(d for d in details if d)}）")
        parts.append("子女：" + "、".join(listed))
    return "；".join(parts) or "无"
