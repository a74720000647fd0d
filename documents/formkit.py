"""Building blocks of the printed application forms (R-W10): 《北京市工作居住证申请表》 (`new`) and
《北京市工作居住证续签申请表》 (`renewal`) share them so that both look alike.

- ``render_form()`` lays out the whole form ``copies`` times, each copy starting on a new page and
  labelled (第一联（区人社局留存）, 第二联（申请单位留存）), with the case number at the top and the
  print date in the footer of every page;
- ``FormGrid`` builds the ruled seven-column table of a copy: section bars, label cells, the photo
  column, spans;
- ``PhotoBox``, ``SignatureBlock`` and ``declaration_rows()`` / ``payment_rows()`` are sections or
  cells both forms print;
- the value helpers format dates (``2026年1月5日``), enumerations and month lists in Chinese; a
  missing value prints as a blank to be filled in by hand.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
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
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .pdf_fonts import draw_text, markup, register_fonts, text_width
from .qr import draw_qr

logger = logging.getLogger(__name__)

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
BORDER = 1.2
TITLE_H = 12 * mm
TITLE_GAP = 2 * mm
# The height a copy's table has on its first page, below the title.
BODY_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - TITLE_H - TITLE_GAP
# The case number as a QR code for the window's scanner, top left on every page, under the printed
# case number: clear of the 10 mm edge most printers cannot print, and 18 mm wide (quiet zone included)
# so that a 72 dpi scan still reads it. It sits beside the title on a copy's first page; a copy's later
# pages start their table below it.
QR_SIZE = 18 * mm
QR_TOP = 11.5 * mm  # from the top edge of the page
MARGIN_TOP_LATER = MARGIN_TOP + TITLE_H + TITLE_GAP
SECTION_BG = colors.Color(0.9, 0.9, 0.9)
LABEL_BG = colors.Color(0.965, 0.965, 0.965)

APPLICANT_PLEDGE = (
    "本人承诺以上所填内容及提交的材料真实、准确、完整，如有虚假，本人愿承担由此产生的一切责任。"
)


def copy_label(index: int, copies: int) -> str:
    """``第一联（区人社局留存）`` for the first copy of two, and so on."""
    label = f"第{CN_NUMERALS[index]}联"
    if copies == len(COPY_HOLDERS):
        label += f"（{COPY_HOLDERS[index]}）"
    return label


# --------------------------------------------------------------------------- the document


def render_form(
    *,
    title: str,
    case_number: str,
    printed_on: date,
    copies: int,
    one_copy: Callable[[], list[Flowable]],
    progress_url: str = "",
    draft: bool = False,
) -> bytes:
    """The form titled ``title`` as PDF bytes: ``one_copy()`` (the copy's body, built afresh for
    each copy) ``copies`` times, each copy starting on a new page and labelled 第一联/第二联 in the
    page header, beside the case number, under which the header says where the case's progress is
    looked up (``progress_url``, by default the system's public /progress page); the print date is
    in the footer. A ``draft`` (a case not submitted yet, whose facts nobody has checked) carries
    DRAFT_MARK across every page and beside the case number, so it cannot pass as the form."""
    progress_url = progress_url or progress_address()
    if not 1 <= copies <= len(CN_NUMERALS):
        raise ValueError(f"copies must be between 1 and {len(CN_NUMERALS)}")
    fonts = register_fonts()
    state: dict[str, Any] = {"label": "", "first_page": 1}

    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{title}（{case_number}）",
        author="北京市工作居住证管理系统",
        subject=title,
        creator="北京市工作居住证管理系统",
        invariant=1,
        initialFontName=fonts.cjk,
    )

    def frame(top: float) -> Frame:
        return Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            PAGE_W - 2 * MARGIN_X,
            PAGE_H - top - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )

    def on_page_end(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        _draw_page_furniture(
            canvas, state, case_number=case_number, printed_on=printed_on, copies=copies,
            progress_url=progress_url,
        )
        if draft:
            draw_draft_mark(canvas)

    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[frame(MARGIN_TOP)], onPageEnd=on_page_end),
            PageTemplate(id="later", frames=[frame(MARGIN_TOP_LATER)], onPageEnd=on_page_end),
        ]
    )

    story: list[Flowable] = []
    for index in range(copies):
        if index:
            story.append(NextPageTemplate("first"))
            story.append(PageBreak())
        story.append(_CopyMarker(state, copy_label(index, copies)))
        story.append(FormTitle(title, TABLE_W))
        story.append(Spacer(1, TITLE_GAP))
        story.append(NextPageTemplate("later"))  # a copy's second page starts below the QR code
        story.extend(one_copy())
    doc.build(story)
    return buf.getvalue()


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


DRAFT_MARK = "草稿（不得作为申请材料）"


def draw_draft_mark(canvas: Canvas) -> None:
    """DRAFT_MARK on the page: three times across it at 35 degrees in translucent grey (the form
    stays readable under it), and once in the header, where a photocopy cannot lose it."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.45, 0.45, 0.45, alpha=0.28))
    canvas.setStrokeColor(colors.Color(0.45, 0.45, 0.45, alpha=0.28))
    for y in (PAGE_H * 0.25, PAGE_H * 0.5, PAGE_H * 0.75):
        canvas.saveState()
        canvas.translate(PAGE_W / 2, y)
        canvas.rotate(35)
        draw_text(canvas, 0, 0, DRAFT_MARK, 34, bold=True, align="center")
        canvas.restoreState()
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colors.black)
    draw_text(canvas, PAGE_W / 2, PAGE_H - 10 * mm, DRAFT_MARK, 12, bold=True, align="center")
    canvas.restoreState()


def progress_address() -> str:
    """The public page where a case's progress is looked up by its number and the applicant's name
    (办件进度查询), as an absolute address: the one the permit card's QR code uses as its base."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("progress")


def progress_line(progress_url: str) -> str:
    """What the header says under the case number: where the case's progress is looked up."""
    return f"凭办件编号和申请人姓名查询办理进度：{progress_url}"


def _draw_page_furniture(
    canvas: Canvas, state: dict[str, Any], *, case_number: str, printed_on: date, copies: int,
    progress_url: str,
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
    draw_text(canvas, right, top - 5.5 * mm, progress_line(progress_url), 8, align="right")
    draw_qr(canvas, case_number, left - 2 * mm, PAGE_H - QR_TOP - QR_SIZE, QR_SIZE)
    bottom = MARGIN_BOTTOM - 7 * mm
    draw_text(canvas, left, bottom, f"打印日期：{date_cn(printed_on)}", 8.5)
    note = f"本表一式{CN_NUMERALS[copies - 1]}份，由北京市工作居住证管理系统打印"
    draw_text(canvas, PAGE_W / 2, bottom, note, 8.5, align="center")
    page_in_copy = canvas.getPageNumber() - state["first_page"] + 1
    draw_text(canvas, right, bottom, f"{label[:3]} 第{page_in_copy}页", 8.5, align="right")
    canvas.restoreState()


# --------------------------------------------------------------------------- the table


def styles() -> dict[str, ParagraphStyle]:
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


class FormGrid:
    """The ruled table of one copy, on the seven columns of ``COL_WIDTHS``: rows are added top to
    bottom with ``section()`` and ``row()``; ``table()`` returns the styled Table."""

    def __init__(self) -> None:
        self.st = styles()
        self.rows: list[list[Any]] = []
        self.cmds: list[tuple[Any, ...]] = []
        self.label_cells: list[tuple[int, int]] = []
        self.label_room = min(COL_WIDTHS[0], COL_WIDTHS[2], COL_WIDTHS[4]) - 2 * CELL_PAD_X - 1

    def v(self, value: Any) -> Paragraph:
        """A value cell: ``value`` as text (None prints as a blank)."""
        return Paragraph(markup(text(value)), self.st["value"])

    def lab(self, label: str, *, fit: bool = True) -> Paragraph:
        """A label cell, centred. A long label is set a little smaller so that it stays on one
        line; ``\\n`` breaks it on purpose."""
        style = self.st["label"]
        longest = max(len(line) for line in label.split("\n"))
        if fit and longest * FONT_SIZE > self.label_room:
            size = max(7.5, self.label_room / longest)
            style = ParagraphStyle("label-fit", parent=style, fontSize=size, leading=LEADING)
        return Paragraph(markup(label), style)

    def section(self, title: str) -> None:
        """A shaded bar across the table: ``一、申请人基本情况``."""
        r = len(self.rows)
        self.rows.append([Paragraph(markup(title, bold=True), self.st["section"])] + [""] * 6)
        self.cmds.extend([("SPAN", (0, r), (6, r)), ("BACKGROUND", (0, r), (6, r), SECTION_BG)])

    def row(self, cells: list[Any], spans: Iterable[tuple[int, int]] = (), labels: Iterable[int] = ()) -> int:
        """Append a row (padded to seven cells); ``spans`` are (first, last) columns merged,
        ``labels`` the columns shaded as labels. Returns the row's index."""
        r = len(self.rows)
        self.rows.append(cells + [""] * (7 - len(cells)))
        for c0, c1 in spans:
            self.cmds.append(("SPAN", (c0, r), (c1, r)))
        self.label_cells.extend((c, r) for c in labels)
        return r

    def photo_column(self, first: int, last: int) -> None:
        """The photo (put in the last column of row ``first``) spans rows ``first``…``last``."""
        self.cmds.extend(
            [
                ("SPAN", (6, first), (6, last)),
                ("ALIGN", (6, first), (6, last), "CENTER"),
                ("VALIGN", (6, first), (6, last), "MIDDLE"),
            ]
        )

    def table(self) -> Table:
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
                *[("BACKGROUND", cell, cell, LABEL_BG) for cell in self.label_cells],
                *self.cmds,
            ]
        )
        return Table(self.rows, colWidths=COL_WIDTHS, style=style)


def payment_rows(grid: FormGrid, data: Mapping[str, Any], *, months_cols: tuple[int, int] = (2, 3)) -> None:
    """The income-tax and social-insurance rows: months paid, their ranges (in columns
    ``months_cols``) and who paid (the columns after), from ``tax_months`` /
    ``social_insurance_months`` of the case data, under a header row."""
    spans = [months_cols, (months_cols[1] + 1, 6)]
    payer_col = months_cols[1] + 1
    header = [grid.lab("项目"), grid.lab("缴纳月数"), grid.lab("缴纳月份")]
    grid.row(
        header + [""] * (payer_col - 3) + [grid.lab("缴纳主体")],
        spans=spans,
        labels=(0, 1, 2, payer_col),
    )
    for title, key in (("个人所得税", "tax_months"), ("社会保险", "social_insurance_months")):
        count, months, payers = months_summary(data.get(key))
        cells = [grid.lab(title), grid.v(count), _item_list(grid, months)]
        grid.row(cells + [""] * (payer_col - 3) + [_item_list(grid, payers)], spans=spans, labels=(0,))


def _item_list(grid: FormGrid, items: str) -> Paragraph:
    """A ``；``-separated list of ``months_summary()`` that breaks lines only between two items,
    never inside one (``2025年1月至2025年3月`` stays on one line)."""
    style = ParagraphStyle("items", parent=grid.st["value"], wordWrap=None)
    return Paragraph(markup(items.replace("；", "； ")), style)


def declaration_rows(
    grid: FormGrid, title: str, *, unit_opinion: str, opinion_height: float = 32 * mm
) -> None:
    """The section ``title`` (声明及审核意见): the applicant's pledge and signature, the unit's
    opinion ``unit_opinion`` with the operator's signature and the seal, and the district's and
    the city's opinion boxes (``opinion_height`` high), each with 年 月 日. A table too long for
    one page never breaks inside this section: it moves to the next page whole."""
    grid.section(title)
    first = len(grid.rows) - 1
    sig_w = TABLE_W - COL_WIDTHS[0]
    grid.row(
        [
            grid.lab("申请人声明"),
            SignatureBlock(sig_w, 18 * mm, APPLICANT_PLEDGE, [("申请人签字：", 38 * mm)], date_line=True),
        ],
        spans=[(1, 6)],
        labels=(0,),
    )
    grid.row(
        [
            grid.lab("申请单位意见"),
            SignatureBlock(
                sig_w,
                23 * mm,
                unit_opinion,
                [("单位经办人签字：", 32 * mm), ("单位公章：", 30 * mm)],
                date_line=True,
            ),
        ],
        spans=[(1, 6)],
        labels=(0,),
    )
    district_w = sum(COL_WIDTHS[1:4])
    city_w = sum(COL_WIDTHS[5:7])
    grid.row(
        [
            grid.lab("区人社局\n初审意见"),
            SignatureBlock(
                district_w, opinion_height, "", [("经办人：", 22 * mm), ("（盖章）", 0)], date_line=True
            ),
            "",
            "",
            grid.lab("市人社局\n审批意见"),
            SignatureBlock(city_w, opinion_height, "", [("（盖章）", 0)], date_line=True),
        ],
        spans=[(1, 3), (5, 6)],
        labels=(0, 4),
    )
    grid.cmds.append(("NOSPLIT", (0, first), (-1, len(grid.rows) - 1)))


class FormTitle(Flowable):
    def __init__(self, title: str, width: float) -> None:
        super().__init__()
        self.title = title
        self.width = width
        self.height = TITLE_H

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        draw_text(self.canv, self.width / 2, 3.5 * mm, self.title, 20, bold=True, align="center")


class PhotoBox(Flowable):
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


class SignatureBlock(Flowable):
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
            para = Paragraph(markup(self.statement), styles()["value"])
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


def section_of(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``data[key]`` when it is a mapping, else an empty one (a missing section prints blank)."""
    value = data.get(key) if isinstance(data, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def enum(mapping: Mapping[str, str], value: Any) -> str:
    key = text(value)
    return mapping.get(key, key)


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    t = text(value)
    if not t:
        return None
    try:
        return date.fromisoformat(t[:10])
    except ValueError:
        return None


def date_cn(value: Any) -> str:
    """``2026年1月5日`` for a date or an ISO date string; other text as it is."""
    d = as_date(value)
    if d is None:
        return text(value)
    return f"{d.year}年{d.month}月{d.day}日"


def from_id_number(id_number: str) -> tuple[str, date | None]:
    """Sex and birth date read from an 18-character 身份证 number (R-P09 keeps them in
    agreement), to fill the form when the data leaves them out."""
    if not re.fullmatch(r"\d{17}[\dX]", id_number):
        return "", None
    try:
        birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        birth = None
    return ("男" if int(id_number[16]) % 2 else "女"), birth


def months_summary(items: Any) -> tuple[str, str, str]:
    """(count, month ranges, payers) for a list of {"month": "YYYY-MM", "payer"}."""
    if items is None:
        return "", "", ""
    payers: dict[tuple[int, int], str] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        m = re.fullmatch(r"(\d{4})-(\d{2})", text(item.get("month")))
        if m and 1 <= int(m.group(2)) <= 12:
            payers[(int(m.group(1)), int(m.group(2)))] = text(item.get("payer"))
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
        span = f"{start[0]}年{start[1]}月"
        if end != start:
            span += f"至{end[0]}年{end[1]}月"
        spans.append(span)
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


def photo_image(photo: bytes | None) -> ImageReader | None:
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
