"""The unit's application letter of a case (api.md GET /applications/{id}/letter.docx; materials.md
"Templates"): 《关于为×××办理北京市工作居住证的申请》 and its variant for every other type, as the
seed's checklists name them (篇2: 聘用单位变更 "需注明到岗时间", 补办 "需说明补办原因", …), prefilled
from the unit's and the case's data, ending in the signature and seal block and the date.

`Docx` is the small Word writer the integrity declaration (documents.templates) shares: A4, 仿宋
body, 宋体 title, the East Asian font set so Chinese renders in Word and WPS alike."""

import datetime as dt
import io
from collections.abc import Callable, Mapping
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

from accounts.actor import Actor
from accounts.roles import Role
from audit.services import audit_record
from cases import privacy
from cases.models import Case, CaseType
from core import clock
from documents.formkit import (
    DEGREE,
    DISTRICTS,
    HOUSING_TYPE,
    MARITAL_STATUS,
    SCHOOL_LEVEL,
    SEX,
    TITLE_LEVEL,
    date_cn,
    enum,
    from_id_number,
    months_summary,
    section_of,
)
from units.models import Unit

BLANK = "__________"
BODY_PT, TITLE_PT = 14, 18
REASONS = {"lost": "遗失", "damaged": "损坏", "other": "其他原因"}


class Docx:
    """A one-column official letter: title, salutation, indented paragraphs, a right-aligned block."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(28)
        section.top_margin, section.bottom_margin = Mm(30), Mm(25)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        self._font(normal.element.get_or_add_rPr(), "仿宋")
        normal.paragraph_format.line_spacing = 1.5

    @staticmethod
    def _font(rpr: Any, name: str) -> None:
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), name)

    def _run(self, paragraph: Any, text: str, *, bold: bool = False, size: int | None = None,
             font: str | None = None) -> Run:
        run: Run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if font:
            self._font(run._element.get_or_add_rPr(), font)
        return run

    def title(self, text: str, subtitle: str = "") -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, text, bold=True, size=TITLE_PT, font="宋体")
        if subtitle:
            s = self.doc.add_paragraph()
            s.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(s, subtitle, size=BODY_PT - 2)

    def line(self, text: str, *, bold: bool = False) -> None:
        """A paragraph without indent (the salutation, a heading)."""
        self._run(self.doc.add_paragraph(), text, bold=bold)

    def para(self, text: str) -> None:
        """A body paragraph, first line indented by two characters."""
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        self._run(p, text)

    def right(self, *lines: str) -> None:
        for text in lines:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self._run(p, text)

    def table(self, rows: list[tuple[str, str]]) -> None:
        """A two-column table of label and value (lists of changes, dependents)."""
        grid = self.doc.add_table(rows=0, cols=2)
        grid.style = "Table Grid"
        for label, value in rows:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = label, value

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def district_name(code: str | None) -> str:
    return DISTRICTS.get(code or "", code or "")


def signature_block(doc: Docx, unit_name: str, on: dt.date | None) -> None:
    """法定代表人签字, the unit's seal (not the HR department's, 篇2 新办 二.2) and the date."""
    doc.line("")
    doc.right(
        "法定代表人（签字）：" + BLANK,
        f"{unit_name or BLANK}（盖章）",
        date_cn(on) if on else "年    月    日",
    )
    doc.line("（须加盖单位公章，不得加盖人力资源部门章）")


# --- the body of each type ------------------------------------------------------------------------

Body = Callable[[Docx, Case, Mapping[str, Any], str], None]


class Named(str):
    """The holder's name as the letter prints it, carrying the ID number the reader may see ("" when
    cases.privacy hides it: the holder then shows the card at the window)."""

    id_number: str = ""


def _holder_line(case: Case, name: str) -> str:
    permit = case.permit
    if permit is None:
        return f"{name}同志"
    number = getattr(name, "id_number", "") or "持证人到窗口出示"
    return (f"{name}同志（身份证号码：{number}），持有《北京市工作居住证》"
            f"（证件编号：{permit.permit_no}，有效期至{date_cn(permit.expiry_date)}）")


def _new(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    unit = case.unit
    doc.para(
        f"{unit.name}（统一社会信用代码：{unit.uscc}）注册于北京市{district_name(unit.district_id)}，"
        f"地址为{unit.address}，法定代表人{unit.legal_representative}，主营业务为{unit.main_business}。"
        f"我单位上一年度纳税{unit.last_year_tax_cny:,}元，现有员工{unit.employee_count}人，"
        f"拟办理《北京市工作居住证》{unit.planned_permit_count}人。"
    )
    person, job = section_of(data, "person"), section_of(data, "employment")
    home = section_of(data, "residence")
    id_sex, id_birth = from_id_number(str(person.get("id_number") or ""))
    doc.para(
        f"{name}，{enum(SEX, person.get('sex')) or id_sex or BLANK}，"
        f"{date_cn(person.get('birth_date') or id_birth) or BLANK}出生，"
        f"身份证号码{person.get('id_number') or BLANK}，"
        f"户籍所在地{person.get('hukou') or BLANK}；最高学位{enum(DEGREE, person.get('degree')) or BLANK}"
        f"（{date_cn(person.get('degree_awarded_on')) or BLANK}取得），"
        f"专业技术职称{enum(TITLE_LEVEL, person.get('title_level')) or BLANK}，"
        f"{date_cn(person.get('work_started_on')) or BLANK}参加工作；"
        f"自{date_cn(job.get('started_on')) or BLANK}起受聘于我单位，"
        f"劳动合同期限至{date_cn(job.get('contract_ends_on')) or BLANK}；"
        f"现居住于{home.get('address') or BLANK}（{enum(HOUSING_TYPE, home.get('housing_type')) or BLANK}）。"
        f"所学专业或岗位属于本市急需专业或岗位目录"
        f"（代码：{person.get('shortage_catalogue_code') or BLANK}）。"
    )
    count, spans, payers = months_summary(data.get("tax_months"))
    si_count, si_spans, _ = months_summary(data.get("social_insurance_months"))
    doc.para(
        f"我单位为其缴纳个人所得税{count or BLANK}（{spans or BLANK}；{payers or BLANK}），"
        f"缴纳社会保险{si_count or BLANK}（{si_spans or BLANK}）。"
    )
    doc.para("该同志在我单位的主要工作业绩和表现：" + BLANK * 4
             + "（请填写申请人的工作职责、专业能力、主要业绩及获奖情况等）")
    family = _family(section_of(data, "dependents"))
    if family:
        doc.para(f"申请随往人员：{family}。")
    doc.para(f"我单位保证所提供的材料真实有效，现申请为{name}办理《北京市工作居住证》，请予批准。")


def _family(deps: Mapping[str, Any]) -> str:
    spouse = deps.get("spouse") if isinstance(deps.get("spouse"), Mapping) else None
    parts = [f"配偶{spouse.get('name', '')}"] if spouse else []
    for child in deps.get("children") or []:
        if isinstance(child, Mapping):
            parts.append(f"子女{child.get('name', '')}（{enum(SCHOOL_LEVEL, child.get('school_level'))}）")
    return "、".join(parts)


def _renewal(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    permit = case.permit
    issued = date_cn(permit.issue_date) if permit else BLANK
    count, spans, payers = months_summary(data.get("tax_months"))
    si_count, _, _ = months_summary(data.get("social_insurance_months"))
    contract = date_cn(section_of(data, "employment").get("contract_ends_on")) or BLANK
    doc.para(
        f"{_holder_line(case, name)}，本期发证日期为{issued}。我单位决定继续聘用该同志，"
        f"劳动合同期限至{contract}。持证期间我单位为其缴纳个人所得税{count or BLANK}"
        f"（{spans or BLANK}；{payers or BLANK}），缴纳社会保险{si_count or BLANK}。"
    )
    doc.para("现申请为该同志办理《北京市工作居住证》续签，请予批准。")


def _employer_change(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    permit = case.permit
    former = permit.unit.name if permit and permit.unit_id != case.unit_id else ""
    job = section_of(data, "employment")
    doc.para(
        f"{_holder_line(case, name)}，原聘用单位为{former or BLANK}，"
        f"于{date_cn(data.get('left_previous_on')) or BLANK}离职。"
    )
    doc.para(
        f"该同志已于{date_cn(data.get('starts_on')) or BLANK}到我单位工作（到岗时间："
        f"{date_cn(data.get('starts_on')) or BLANK}），与我单位签订的聘用（劳动）合同期限自"
        f"{date_cn(job.get('started_on')) or BLANK}至{date_cn(job.get('contract_ends_on')) or BLANK}。"
        f"现申请为该同志办理《北京市工作居住证》聘用单位变更，请予批准。"
    )


def _address_change(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    home = section_of(data, "residence")
    lease = f"，租赁合同至{date_cn(home.get('lease_ends_on'))}" if home.get("lease_ends_on") else ""
    doc.para(
        f"{_holder_line(case, name)}，因居住地址发生变化，现居住于{home.get('address') or BLANK}"
        f"（{district_name(home.get('district'))}，{enum(HOUSING_TYPE, home.get('housing_type'))}{lease}）。"
    )
    doc.para("现申请为该同志办理《北京市工作居住证》居住地址变更，请予批准。")


def _dependents_change(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    deps = section_of(data, "dependents")
    doc.para(f"{_holder_line(case, name)}，申请变更随往人员如下：")
    rows = [("婚姻状况", enum(MARITAL_STATUS, deps.get("marital_status")))]
    spouse = deps.get("spouse") if isinstance(deps.get("spouse"), Mapping) else None
    if spouse:
        contract = "是" if spouse.get("beijing_employment_contract") else "否"
        ends = f"，至{date_cn(spouse['contract_ends_on'])}" if spouse.get("contract_ends_on") else ""  # R-D01
        rows.append(("配偶", f"{spouse.get('name', '')}（身份证号码：{spouse.get('id_number', '')}；"
                             f"与在京单位签订劳动合同：{contract}{ends}）"))
    for child in deps.get("children") or []:
        if isinstance(child, Mapping):
            rows.append(("子女", f"{child.get('name', '')}（身份证号码：{child.get('id_number', '')}；"
                                 f"{enum(SCHOOL_LEVEL, child.get('school_level'))}）"))
    doc.table(rows)
    doc.para("现申请为该同志办理《北京市工作居住证》随往人员变更，请予批准。")


def _replacement(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    reason = REASONS.get(str(data.get("reason")), str(data.get("reason") or ""))
    detail = str(data.get("reason_detail") or "").strip()
    doc.para(f"{_holder_line(case, name)}，因证件{reason}{('：' + detail) if detail else ''}，需补办。")
    doc.para("补办原因说明：" + (detail or BLANK * 3))
    doc.para("现申请为该同志补办《北京市工作居住证》，请予批准。")


GENERAL_LABELS = {"name": "姓名", "id_number": "身份证号码", "hukou": "户籍所在地"}
UNIT_LABELS = {
    "name": "单位名称",
    "address": "单位地址",
    "district": "注册所在区",
    "legal_representative": "法定代表人",
    "uscc": "统一社会信用代码",
    "registered_capital_cny": "注册资本（元）",
    "high_tech": "高新技术企业",
}


def _shown(key: str, value: Any) -> str:
    if key == "district":
        return district_name(str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _general_change(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    changes = section_of(data, "changes")
    doc.para(f"{_holder_line(case, name)}，因个人信息发生变化，申请变更以下资料：")
    doc.table([(f"{GENERAL_LABELS.get(k, k)}变更为", _shown(k, v)) for k, v in changes.items()])
    doc.para("现申请为该同志办理《北京市工作居住证》一般资料变更，请予批准。")


def _unit_info_change(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    unit = case.unit
    changes = section_of(data, "changes")
    doc.para(f"{unit.name}（统一社会信用代码：{unit.uscc}）因单位登记信息发生变化，申请变更以下信息：")
    doc.table([(f"{UNIT_LABELS.get(k, k)}变更为", _shown(k, v)) for k, v in changes.items()])
    doc.para("现申请办理单位信息变更，请予批准。")


def _cancellation(doc: Docx, case: Case, data: Mapping[str, Any], name: str) -> None:
    doc.para(
        f"{_holder_line(case, name)}，已于{date_cn(data.get('left_on')) or BLANK}"
        f"与我单位解除聘用（劳动）关系。"
        f"根据规定，我单位申请注销该同志的《北京市工作居住证》。"
    )
    if case.late:
        doc.para("未在离职之日起5日内申请注销的原因：" + BLANK * 3)


# type → (title, body); `{name}` is the applicant or holder, `{unit}` the unit
LETTERS: dict[str, tuple[str, Body]] = {
    CaseType.NEW: ("关于为{name}办理北京市工作居住证的申请", _new),
    CaseType.RENEWAL: ("关于为{name}同志办理北京市工作居住证续签的申请", _renewal),
    CaseType.EMPLOYER_CHANGE: ("关于为{name}同志办理聘用单位变更的申请", _employer_change),
    CaseType.ADDRESS_CHANGE: ("关于为{name}同志办理居住地址变更的申请", _address_change),
    CaseType.DEPENDENTS_CHANGE: ("关于为{name}同志办理随往人员变更的申请", _dependents_change),
    CaseType.REPLACEMENT: ("关于为{name}同志补办北京市工作居住证的申请", _replacement),
    CaseType.GENERAL_CHANGE: ("关于为{name}同志办理一般资料变更的申请", _general_change),
    CaseType.UNIT_INFO_CHANGE: ("关于{unit}办理单位信息变更的申请", _unit_info_change),
    CaseType.CANCELLATION: ("关于{name}同志北京市工作居住证注销的说明", _cancellation),
}


def letter_docx(case: Case, today: dt.date, role: str = Role.CITY_APPROVER) -> bytes:
    """The letter of `case` as a .docx, dated `today`, as `role` (the reader's) may read it: a unit
    filing for a permit still held by another unit gets the holder's name masked and no ID number."""
    unit: Unit = case.unit
    name = Named(privacy.applicant_name(case, role) or BLANK)
    name.id_number = privacy.holder_id_number(case, role)
    title, body = LETTERS[case.type]
    doc = Docx()
    doc.title(title.format(name=name, unit=unit.name), f"办件编号：{case.number}")
    doc.line(f"{district_name(unit.district_id)}人力资源和社会保障局：")
    body(doc, case, case.data or {}, name)
    doc.para("特此申请。" if case.type != CaseType.CANCELLATION else "特此说明。")
    doc.para(f"经办人：{unit.operator_name}    联系电话：{unit.operator_phone}")
    signature_block(doc, unit.name, today)
    return doc.to_bytes()


def case_letter(case: Case, actor: Actor) -> bytes:
    """The letter, audited like every download (security decision 7)."""
    content = letter_docx(case, clock.today(), actor.role)
    audit_record(actor, "case.letter_downloaded", case, after={"number": case.number, "type": case.type})
    return content
