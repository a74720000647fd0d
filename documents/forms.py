"""The printed application form 《北京市工作居住证申请表》 for a `new` case (R-W10, NEW-01).

The unit prints it, the applicant and the unit sign it and affix the seal, and it goes to the
district window with the paper materials. R-W10: two copies — the PDF holds the complete form
twice, each copy labelled (第一联（区人社局留存）, 第二联（申请单位留存）) and each starting on a
new page. The uploaded photo (R-W09) is printed in the 1-inch box at the upper right.

``data`` is the case data exactly as api.md "Fields by type" gives it for `new`; a missing section
or field prints as a blank to be filled in by hand.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .pdf_fonts import draw_text, markup, register_fonts, text_width

logger = logging.getLogger(__name__)

FORM_TITLE = "北京市工作居住证申请表"

SEX = {"M": "男", "F": "女"}
DEGREE = {
    "none": "无",
    "associate": "大学专科",
    "bachelor": "大学本科／学士",
    "master": "硕士研究生／硕士",
    "doctor": "博士研究生／博士",
}
TITLE_LEVEL = {
    "none": "无",
    "junior": "初级",
    "intermediate": "中级",
    "deputy_senior": "副高级",
    "senior": "正高级",
}
HOUSING_TYPE = {
    "owned": "自有住房",
    "rented": "租赁房屋",
    "public_rented": "租赁公房",
    "borrowed": "借住亲友住房",
}
SCHOOL_LEVEL = {
    "none": "未入学",
    "kindergarten": "幼儿园",
    "primary": "小学",
    "junior": "初中",
    "senior": "高中",
    "university": "大学",
}
MARITAL_STATUS = {"single": "未婚", "married": "已婚", "divorced": "离异", "widowed": "丧偶"}
PAYER = {"unit": "本单位缴纳", "agency": "中介机构代缴"}
# domain.md "Districts": the codes are fixed everywhere.
DISTRICTS = {
    "dongcheng": "东城区",
    "xicheng": "西城区",
    "chaoyang": "朝阳区",
    "haidian": "海淀区",
    "fengtai": "丰台区",
    "shijingshan": "石景山区",
    "mentougou": "门头沟区",
    "fangshan": "房山区",
    "tongzhou": "通州区",
    "shunyi": "顺义区",
    "changping": "昌平区",
    "daxing": "大兴区",
    "huairou": "怀柔区",
    "pinggu": "平谷区",
    "miyun": "密云区",
    "yanqing": "延庆区",
    "etdz": "北京经济技术开发区",
}

CN_NUMERALS = "一二三四五六七八九十"
# R-W10: who keeps which copy of the two.
COPY_HOLDERS = ("区人社局留存", "申请单位留存")

PAGE_W, PAGE_H = A4
MARGIN_X = 12 * mm
MARGIN_TOP = 17 * mm
MARGIN_BOTTOM = 14 * mm
# Seven grid columns: label, value, label, value, label, value, photo.
COL_WIDTHS = [24 * mm, 29 * mm, 24 * mm, 29 * mm, 25 * mm, 27 * mm, 28 * mm]
TABLE_W = sum(COL_WIDTHS)
PHOTO_W, PHOTO_H = 25 * mm, 35 * mm  # 一寸照片
FONT_SIZE = 9
LEADING = 11
CELL_PAD_X = 2.5
CELL_PAD_Y = 2.5
GRID = 0.6
ANNEX_AFTER_LINES = 4
BORDER = 1.2
SECTION_BG = colors.Color(0.9, 0.9, 0.9)
LABEL_BG = colors.Color(0.965, 0.965, 0.965)


def copy_label(index: int, copies: int) -> str:
    """``第一联（区人社局留存）`` for the first copy of two, and so on."""
    label = f"第{CN_NUMERALS[index]}联"
    if copies == len(COPY_HOLDERS):
        label += f"（{COPY_HOLDERS[index]}）"
    return label


def new_application_form_pdf(
    *,
    case_number: str,
    data: Mapping[str, Any],
    unit: Mapping[str, Any],
    photo: bytes | None,
    printed_on: date,
    copies: int = 2,
    shortage_catalogue_name: str | None = None,
) -> bytes:
    """Render 《北京市工作居住证申请表》 for a `new` case as PDF bytes, the whole form ``copies``
    times (R-W10: 2), each copy starting on a new page and labelled 第一联/第二联.

    ``unit`` has name, uscc, district_name, address, legal_representative, operator_name and
    operator_phone. ``photo`` is the uploaded JPEG/PNG (R-W09) or None for an empty photo box.
    ``shortage_catalogue_name`` optionally names the applicant's shortage-catalogue entry beside
    its code."""
    if not 1 <= copies <= len(CN_NUMERALS):
        raise ValueError(f"copies must be between 1 and {len(CN_NUMERALS)}")
    fonts = register_fonts()
    image = _photo_image(photo)
    state: dict[str, Any] = {"label": "", "first_page": 1}

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{FORM_TITLE}（{case_number}）",
        author="北京市工作居住证管理系统",
        subject=FORM_TITLE,
        creator="北京市工作居住证管理系统",
        invariant=1,
        initialFontName=fonts.cjk,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        PAGE_W - 2 * MARGIN_X,
        PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )

    def on_page_end(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        _draw_page_furniture(canvas, state, case_number=case_number, printed_on=printed_on, copies=copies)

    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPageEnd=on_page_end)])

    story: list[Flowable] = []
    for index in range(copies):
        if index:
            story.append(PageBreak())
        story.append(_CopyMarker(state, copy_label(index, copies)))
        story.extend(_one_copy(data, unit, image, shortage_catalogue_name))
    doc.build(story)
    return buf.getvalue()


# --------------------------------------------------------------------------- page furniture


class _CopyMarker(Flowable):
    """Zero-size flowable at the start of each copy: records which copy the following pages
    belong to, for the header drawn when each page ends."""

    def __init__(self, state: dict[str, Any], label: str) -> None:
        super().__init__()
        self.state = state
        self.label = label
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.state["label"] = self.label
        self.state["first_page"] = self.canv.getPageNumber()


def _draw_page_furniture(
    canvas: Canvas, state: dict[str, Any], *, case_number: str, printed_on: date, copies: int
) -> None:
    top = PAGE_H - 10 * mm
    left, right = MARGIN_X, PAGE_W - MARGIN_X
    canvas.saveState()
    draw_text(canvas, left, top, f"办件编号：{case_number}", 10.5)
    label = state["label"]
    if label:
        size = 10.5
        width = draw_text(canvas, right - 2 * mm, top, label, size, align="right")
        canvas.setLineWidth(0.8)
        canvas.rect(right - width - 4 * mm, top - 4, width + 4 * mm, size + 5.5, stroke=1, fill=0)
    bottom = MARGIN_BOTTOM - 7 * mm
    draw_text(canvas, left, bottom, f"打印日期：{_date_cn(printed_on)}", 8.5)
    note = f"本表一式{CN_NUMERALS[copies - 1]}份，由北京市工作居住证管理系统打印"
    draw_text(canvas, PAGE_W / 2, bottom, note, 8.5, align="center")
    page_in_copy = canvas.getPageNumber() - state["first_page"] + 1
    draw_text(canvas, right, bottom, f"{label[:3]} 第{page_in_copy}页", 8.5, align="right")
    canvas.restoreState()


# --------------------------------------------------------------------------- the form body


def _styles() -> dict[str, ParagraphStyle]:
    cjk = register_fonts().cjk
    base = ParagraphStyle(
        "cell", fontName=cjk, fontSize=FONT_SIZE, leading=LEADING, wordWrap="CJK", alignment=TA_LEFT
    )
    return {
        "value": base,
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "section": ParagraphStyle("section", parent=base, fontSize=10, leading=12),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
    }


def _one_copy(
    data: Mapping[str, Any],
    unit: Mapping[str, Any],
    image: ImageReader | None,
    shortage_catalogue_name: str | None,
) -> list[Flowable]:
    st = _styles()

    def v(text: Any) -> Paragraph:
        return Paragraph(markup(_text(text)), st["value"])

    label_room = min(COL_WIDTHS[0], COL_WIDTHS[2], COL_WIDTHS[4]) - 2 * CELL_PAD_X - 1

    def lab(text: str, *, fit: bool = True) -> Paragraph:
        # A long label is set a little smaller so that it stays on one line.
        style = st["label"]
        longest = max(len(line) for line in text.split("\n"))
        if fit and longest * FONT_SIZE > label_room:
            size = max(7.5, label_room / longest)
            style = ParagraphStyle("label-fit", parent=style, fontSize=size, leading=LEADING)
        return Paragraph(markup(text), style)

    if not isinstance(data, Mapping):
        data = {}
    person = _section(data, "person")
    employment = _section(data, "employment")
    residence = _section(data, "residence")
    dependents = _section(data, "dependents")
    id_number = _text(person.get("id_number")).upper()
    id_sex, id_birth = _from_id_number(id_number)

    rows: list[list[Any]] = []
    cmds: list[tuple[Any, ...]] = []
    label_cells: list[tuple[int, int]] = []

    def section(title: str) -> None:
        r = len(rows)
        rows.append([Paragraph(markup(title, bold=True), st["section"])] + [""] * 6)
        cmds.extend([("SPAN", (0, r), (6, r)), ("BACKGROUND", (0, r), (6, r), SECTION_BG)])

    def row(cells: list[Any], spans: Iterable[tuple[int, int]] = (), labels: Iterable[int] = ()) -> int:
        r = len(rows)
        rows.append(cells + [""] * (7 - len(cells)))
        for c0, c1 in spans:
            cmds.append(("SPAN", (c0, r), (c1, r)))
        label_cells.extend((c, r) for c in labels)
        return r

    # 一、申请人基本情况 — the photo spans rows 1-4 of the section in the last column.
    section("一、申请人基本情况")
    sex = SEX.get(_text(person.get("sex")), "") or id_sex
    birth = _date_cn(person.get("birth_date")) or _date_cn(id_birth)
    shortage = _text(person.get("shortage_catalogue_code"))
    if shortage and shortage_catalogue_name:
        shortage = f"{shortage} {shortage_catalogue_name}"
    special = _text(person.get("special_talent_justification"))
    first = row(
        [
            lab("姓名"),
            v(person.get("name")),
            lab("性别"),
            v(sex),
            lab("出生日期"),
            v(birth),
            _PhotoBox(image),
        ],
        labels=(0, 2, 4),
    )
    row(
        [lab("身份证号码"), v(id_number), "", "", lab("联系电话"), v(person.get("phone"))],
        spans=[(1, 3)],
        labels=(0, 4),
    )
    row([lab("户籍所在地"), v(person.get("hukou"))], spans=[(1, 5)], labels=(0,))
    last = row(
        [
            lab("学历／学位"),
            v(_enum(DEGREE, person.get("degree"))),
            lab("学位授予日期"),
            v(_date_cn(person.get("degree_awarded_on"))),
            lab("参加工作时间"),
            v(_date_cn(person.get("work_started_on"))),
        ],
        labels=(0, 2, 4),
    )
    cmds.extend(
        [
            ("SPAN", (6, first), (6, last)),
            ("ALIGN", (6, first), (6, last), "CENTER"),
            ("VALIGN", (6, first), (6, last), "MIDDLE"),
        ]
    )
    row(
        [lab("职称"), v(_enum(TITLE_LEVEL, person.get("title_level"))), lab("急需紧缺目录"), v(shortage)],
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
                markup(f"附页：特殊人才申报理由（申请人：{_text(person.get('name'))}）"), st["section"]
            ),
            Spacer(1, 2 * mm),
            *[Paragraph(markup(part), st["value"]) for part in special.split("\n") if part.strip()],
        ]
    row([lab("特殊人才申报"), special_para], spans=[(1, 6)], labels=(0,))

    # 二、聘用情况
    section("二、聘用情况")
    row(
        [lab("聘用单位"), v(unit.get("name")), "", "", lab("统一社会信用代码"), v(unit.get("uscc"))],
        spans=[(1, 3), (5, 6)],
        labels=(0, 4),
    )
    row(
        [lab("单位地址"), v(unit.get("address")), "", "", lab("注册所在区"), v(unit.get("district_name"))],
        spans=[(1, 3), (5, 6)],
        labels=(0, 4),
    )
    row(
        [
            lab("法定代表人"),
            v(unit.get("legal_representative")),
            lab("聘用开始日期"),
            v(_date_cn(employment.get("started_on"))),
            lab("合同截止日期"),
            v(_date_cn(employment.get("contract_ends_on"))),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )
    row(
        [lab("单位经办人"), v(unit.get("operator_name")), lab("经办人电话"), v(unit.get("operator_phone"))],
        spans=[(3, 6)],
        labels=(0, 2),
    )

    # 三、在京固定住所
    section("三、在京固定住所")
    row([lab("住所地址"), v(residence.get("address"))], spans=[(1, 6)], labels=(0,))
    housing = _text(residence.get("housing_type"))
    lease = _date_cn(residence.get("lease_ends_on"))
    if residence and housing != "rented" and not lease:
        lease = "—"
    row(
        [
            lab("所在区"),
            v(_enum(DISTRICTS, residence.get("district"))),
            lab("住房类型"),
            v(_enum(HOUSING_TYPE, housing)),
            lab("租赁截止日期"),
            v(lease),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )

    # 四、随往人员
    section("四、随往人员")
    spouse = dependents.get("spouse") if isinstance(dependents.get("spouse"), Mapping) else None
    children = [c for c in dependents.get("children") or [] if isinstance(c, Mapping)]
    custody = dependents.get("custody_judgment")
    row(
        [
            lab("婚姻状况"),
            v(_enum(MARITAL_STATUS, dependents.get("marital_status"))),
            lab("子女抚养判决"),
            v("" if custody is None else ("有" if custody else "无")),
            lab("随往人数"),
            v(f"{int(spouse is not None) + len(children)}人" if dependents else ""),
        ],
        spans=[(5, 6)],
        labels=(0, 2, 4),
    )
    row(
        [lab("关系"), lab("姓名"), lab("身份证号码"), "", lab("在京聘用合同／就学阶段", fit=False)],
        spans=[(2, 3), (4, 6)],
        labels=(0, 1, 2, 4),
    )
    if spouse is not None:
        has_contract = "有" if spouse.get("beijing_employment_contract") else "无"
        contract = f"{has_contract}在京聘用（劳动）合同"
        row(
            [lab("配偶"), v(spouse.get("name")), v(_text(spouse.get("id_number")).upper()), "", v(contract)],
            spans=[(2, 3), (4, 6)],
            labels=(0,),
        )
    else:
        row([lab("配偶"), v("无" if dependents else "")], spans=[(2, 3), (4, 6)], labels=(0,))
    for child in children:
        row(
            [
                lab("子女"),
                v(child.get("name")),
                v(_text(child.get("id_number")).upper()),
                "",
                v(_enum(SCHOOL_LEVEL, child.get("school_level"))),
            ],
            spans=[(2, 3), (4, 6)],
            labels=(0,),
        )
    for blank in range(max(0, 2 - len(children))):
        row(
            [lab("子女"), v("无" if dependents and not children and blank == 0 else "")],
            spans=[(2, 3), (4, 6)],
            labels=(0,),
        )

    # 五、个人所得税及社会保险缴纳情况
    section("五、个人所得税及社会保险缴纳情况")
    row(
        [lab("项目"), lab("缴纳月数"), lab("缴纳月份"), "", lab("缴纳主体")],
        spans=[(2, 3), (4, 6)],
        labels=(0, 1, 2, 4),
    )
    for title, key in (("个人所得税", "tax_months"), ("社会保险", "social_insurance_months")):
        count, months, payers = _months_summary(data.get(key))
        row([lab(title), v(count), v(months), "", v(payers)], spans=[(2, 3), (4, 6)], labels=(0,))

    # 六、声明及审核意见
    section("六、声明及审核意见")
    sig_w = TABLE_W - COL_WIDTHS[0]
    row(
        [
            lab("申请人声明"),
            _SignatureBlock(
                sig_w,
                18 * mm,
                "本人承诺以上所填内容及提交的材料真实、准确、完整，如有虚假，本人愿承担由此产生的一切责任。",
                [("申请人签字：", 38 * mm)],
                date_line=True,
            ),
        ],
        spans=[(1, 6)],
        labels=(0,),
    )
    row(
        [
            lab("申请单位意见"),
            _SignatureBlock(
                sig_w,
                23 * mm,
                "经审核，申请人所填信息及所附材料属实，本单位同意为其申请办理《北京市工作居住证》。",
                [("单位经办人签字：", 32 * mm), ("单位公章：", 30 * mm)],
                date_line=True,
            ),
        ],
        spans=[(1, 6)],
        labels=(0,),
    )
    district_w = sum(COL_WIDTHS[1:4])
    city_w = sum(COL_WIDTHS[5:7])
    row(
        [
            lab("区人社局\n初审意见"),
            _SignatureBlock(
                district_w, 32 * mm, "", [("经办人：", 22 * mm), ("（盖章）", 0)], date_line=True
            ),
            "",
            "",
            lab("市人社局\n审批意见"),
            _SignatureBlock(city_w, 32 * mm, "", [("（盖章）", 0)], date_line=True),
        ],
        spans=[(1, 3), (5, 6)],
        labels=(0, 4),
    )

    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), register_fonts().cjk),  # the empty cells: no base-14 font
            ("GRID", (0, 0), (-1, -1), GRID, colors.black),
            ("BOX", (0, 0), (-1, -1), BORDER, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            *[("BACKGROUND", cell, cell, LABEL_BG) for cell in label_cells],
            *cmds,
        ]
    )
    table = Table(rows, colWidths=COL_WIDTHS, style=style)
    return [_Title(TABLE_W), Spacer(1, 2 * mm), table, *annex]


class _Title(Flowable):
    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 12 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        draw_text(self.canv, self.width / 2, 3.5 * mm, FORM_TITLE, 20, bold=True, align="center")


class _PhotoBox(Flowable):
    """The 1-inch photo (25 × 35 mm), or an empty box labelled for a photo to be pasted."""

    def __init__(self, image: ImageReader | None) -> None:
        super().__init__()
        self.image = image
        self.width, self.height = PHOTO_W, PHOTO_H

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.image is not None:
            iw, ih = self.image.getSize()
            scale = min(self.width / iw, self.height / ih)
            w, h = iw * scale, ih * scale
            c.drawImage(self.image, (self.width - w) / 2, (self.height - h) / 2, w, h)
            c.setLineWidth(0.4)
            c.rect(0, 0, self.width, self.height)
            return
        c.saveState()
        c.setLineWidth(0.5)
        c.setDash(2, 2)
        c.rect(0, 0, self.width, self.height)
        c.restoreState()
        draw_text(c, self.width / 2, self.height / 2 + 2 * mm, "照片", 10, align="center")
        draw_text(c, self.width / 2, self.height / 2 - 4 * mm, "（一寸免冠彩色）", 7, align="center")


class _SignatureBlock(Flowable):
    """An opinion / signature area: a statement at the top, signature fields and the 年 月 日
    line at the bottom right."""

    def __init__(
        self,
        width: float,
        height: float,
        statement: str,
        fields: list[tuple[str, float]],
        *,
        date_line: bool,
    ) -> None:
        super().__init__()
        self.width, self.height = width - 2 * CELL_PAD_X, height
        self.statement = statement
        self.fields = fields
        self.date_line = date_line

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.statement:
            para = Paragraph(markup(self.statement), _styles()["value"])
            _, h = para.wrap(self.width, self.height)
            para.drawOn(c, 0, self.height - h)
        size = FONT_SIZE
        y_date = 1.5 * mm
        if self.date_line:
            draw_text(c, self.width - 2 * mm, y_date, "年        月        日", size, align="right")
        y_fields = y_date + (6.5 * mm if self.date_line else 0)
        x = self.width - 2 * mm
        c.setLineWidth(0.5)
        for label, line_w in reversed(self.fields):
            x -= line_w
            if line_w:
                c.line(x, y_fields - 1, x + line_w - 3 * mm, y_fields - 1)
            draw_text(c, x, y_fields, label, size, align="right")
            x -= text_width(label, size) + 4 * mm


# --------------------------------------------------------------------------- values


def _section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key) if isinstance(data, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _enum(mapping: Mapping[str, str], value: Any) -> str:
    key = _text(value)
    return mapping.get(key, key)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _date_cn(value: Any) -> str:
    d = _as_date(value)
    if d is None:
        return _text(value)
    return f"{d.year}年{d.month}月{d.day}日"


def _from_id_number(id_number: str) -> tuple[str, date | None]:
    """Sex and birth date read from an 18-character 身份证 number (R-P09 keeps them in
    agreement), to fill the form when the case data leaves them out."""
    if not re.fullmatch(r"\d{17}[\dX]", id_number):
        return "", None
    try:
        birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        birth = None
    return ("男" if int(id_number[16]) % 2 else "女"), birth


def _months_summary(items: Any) -> tuple[str, str, str]:
    """(count, month ranges, payers) for a list of {"month": "YYYY-MM", "payer"}."""
    if items is None:
        return "", "", ""
    payers: dict[tuple[int, int], str] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        m = re.fullmatch(r"(\d{4})-(\d{2})", _text(item.get("month")))
        if m and 1 <= int(m.group(2)) <= 12:
            payers[(int(m.group(1)), int(m.group(2)))] = _text(item.get("payer"))
    if not payers:
        return "0个月", "无", ""
    months = sorted(payers)
    ranges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for ym in months:
        if ranges and _month_index(ym) == _month_index(ranges[-1][1]) + 1:
            ranges[-1] = (ranges[-1][0], ym)
        else:
            ranges.append((ym, ym))
    spans = []
    for start, end in ranges:
        text = f"{start[0]}年{start[1]}月"
        if end != start:
            text += f"至{end[0]}年{end[1]}月"
        spans.append(text)
    counts: dict[str, int] = {}
    for payer in payers.values():
        counts[payer] = counts.get(payer, 0) + 1
    ordered = sorted(counts.items(), key=_payer_order)
    payer_text = "；".join(f"{PAYER.get(payer, payer or '未注明')}{n}个月" for payer, n in ordered)
    return f"{len(months)}个月", "；".join(spans), payer_text


def _payer_order(item: tuple[str, int]) -> int:
    return list(PAYER).index(item[0]) if item[0] in PAYER else len(PAYER)


def _month_index(ym: tuple[int, int]) -> int:
    return ym[0] * 12 + ym[1] - 1


def _photo_image(photo: bytes | None) -> ImageReader | None:
    """The photo as ReportLab reads it: a plain JPEG is embedded as it is; anything else (PNG,
    transparency, EXIF rotation) is normalised to RGB first. An unreadable photo prints the
    empty box rather than failing the whole form."""
    if not photo:
        return None
    try:
        with Image.open(io.BytesIO(photo)) as img:
            img.load()
            orientation = img.getexif().get(0x0112, 1)
            if img.format == "JPEG" and img.mode in ("RGB", "L") and orientation == 1:
                return ImageReader(io.BytesIO(photo))
            upright: Image.Image = ImageOps.exif_transpose(img)
            if upright.mode in ("RGBA", "LA", "P", "PA"):
                rgba = upright.convert("RGBA")
                upright = Image.new("RGB", rgba.size, "white")
                upright.paste(rgba, mask=rgba.getchannel("A"))
            elif upright.mode != "RGB":
                upright = upright.convert("RGB")
            return ImageReader(upright)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        logger.warning("application form: the photo could not be read; printing an empty photo box")
        return None
