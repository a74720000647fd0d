"""The templates of api.md `GET /templates/{name}` (materials.md "Templates the system provides";
the seed's 附件): 《诚信声明》, the social-insurance and tax certificate sample sheets, and the
staff-import sheet. A unit gets them prefilled with its own name; officials get them blank."""

import io
from collections.abc import Callable

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accounts.actor import Actor
from accounts.roles import Role
from audit.services import audit_record
from core.errors import NotFound
from documents.imports import COLUMNS, EXAMPLE_MARK, MAX_ROWS, SHEET
from documents.letters import BLANK, Docx, district_name, signature_block
from documents.xlsx_text import as_text, text_row
from reference.models import EntityType
from units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "宋体"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MONTHS = 36  # one 3-year holding period (R-R03, R-R04)


def _to_bytes(book: Workbook) -> bytes:
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# --- 诚信声明 ---------------------------------------------------------------------------------------


def integrity_declaration(unit: Unit | None) -> bytes:
    """《诚信声明》: the unit declares its materials true and accepts the consequences of 篇2 黑名单
    (R-B01…R-B04) and of a cancellation not filed within 5 days (R-C01, R-C02)."""
    name = unit.name if unit else BLANK * 2
    uscc = unit.uscc if unit else BLANK * 2
    district = district_name(unit.district_id) if unit else "____"
    doc = Docx()
    doc.title("诚 信 声 明")
    doc.line(f"北京市人力资源和社会保障局、{district}人力资源和社会保障局：")
    doc.para(
        f"我单位{name}（统一社会信用代码：{uscc}）为本单位聘用人员申请办理《北京市工作居住证》"
        "相关业务（新办、续签、变更、补办、注销等），现郑重声明如下："
    )
    for text in (
        "一、我单位及申请人所提交的全部申报材料，包括单位登记证照、聘用（劳动）合同、身份证件和户口簿、"
        "学历学位和专业技术职称证书、在京固定住所证明、个人所得税和社会保险缴纳证明、婚姻和子女证明等，"
        "以及在工作居住证管理系统中填报的全部信息，均真实、准确、完整、有效，复印件与原件一致，"
        "不存在伪造、变造、隐瞒或虚报的情况。",
        "二、我单位已认真履行审核义务，对申请人所提供材料的真实性进行了核实。申请人与我单位存在真实的"
        "聘用（劳动）关系，其个人所得税由我单位缴纳，未由中介机构代扣代缴。",
        "三、申请人在《北京市工作居住证》有效期内与我单位解除聘用（劳动）关系的，我单位将在其离职之日起"
        "5日内申请注销其工作居住证。我单位知悉：市、区人力资源和社会保障局将随机调查申请人与聘用单位"
        "是否存在真实聘用关系，申请人已离职而我单位未及时办理注销的，按聘用单位虚假申报处理。",
        "四、我单位知悉并接受以下规定：",
        "（一）申请人提供虚假材料的，取消申请人申报资格；",
        "（二）个人提供虚假材料而单位审核失职的，暂停单位申报资格2年；",
        "（三）单位进行虚假申报的，取消单位申报资格；",
        "（四）单位未尽到审核义务，致使个人以虚假材料上报的，或对于要求补充材料但长时间（一般指3个月以上）"
        "未处理的，单位的申请权限将被中止。权限中止后，已办理的居住证继续有效，并可办理信息变更、续签等"
        "业务，但不能再提出新办申请。",
        "五、我单位同意并配合市、区人力资源和社会保障部门对申报材料和聘用关系进行核查。如有不实，"
        "我单位及申请人自愿承担由此产生的一切后果和法律责任。",
    ):
        doc.para(text)
    doc.para("特此声明。")
    doc.line("")
    doc.line("申请人（签字）：" + BLANK + "    身份证号码：" + BLANK * 2)
    signature_block(doc, unit.name if unit else "", None)
    return doc.to_bytes()


# --- 《关于办理单位注册的申请》 (REG-01) -------------------------------------------------------------


REGISTRATION_TEMPLATE = "unit-registration-application.docx"


def _cny(amount: int | None) -> str:
    return f"{amount / 10000:,.2f}万元" if amount is not None else BLANK


def _entity_type(unit: Unit) -> str:
    with translation.override("zh-hans"):  # the form is Chinese whatever the page's language
        return str(EntityType(unit.entity_type).label)


def unit_registration_application(unit: Unit | None) -> bytes:
    """REG-01, 《关于办理单位注册的申请》 (篇2 单位注册, materials.md): the unit's basic facts, main
    business, last year's tax, staff size, the number of permits it plans, the contact person and
    telephone; signed by the legal representative under the unit's seal (not the HR department's).
    A unit caller gets it filled from its registration; anyone else a blank one."""
    district = district_name(unit.district_id) if unit else "____"
    doc = Docx()
    doc.title("关于办理单位注册的申请")
    doc.line(f"{district}人力资源和社会保障局：")
    doc.para(
        f"我单位{unit.name if unit else BLANK * 2}申请在北京市工作居住证管理系统中注册，"
        "为本单位聘用的人才办理《北京市工作居住证》。现将本单位基本情况报告如下："
    )
    doc.line("一、单位基本情况", bold=True)
    doc.table(
        [
            ("单位名称", unit.name if unit else ""),
            ("统一社会信用代码", unit.uscc if unit else ""),
            ("单位类型", _entity_type(unit) if unit else ""),
            ("注册所在区", district if unit else ""),
            ("单位地址", unit.address if unit else ""),
            ("法定代表人", unit.legal_representative if unit else ""),
            ("注册资本", _cny(unit.registered_capital_cny) if unit else ""),
            ("高新技术企业", ("是" if unit.high_tech else "否") if unit else "是 / 否"),
        ]
    )
    doc.line("二、主营业务", bold=True)
    doc.para(unit.main_business if unit else BLANK * 4)
    doc.line("三、上年度经营及纳税情况", bold=True)
    doc.para(f"上年度纳税总额：{_cny(unit.last_year_tax_cny) if unit else BLANK}。")
    doc.line("四、员工规模和拟办证人数", bold=True)
    doc.para(
        f"本单位现有员工{unit.employee_count if unit else BLANK}人，"
        f"拟为{unit.planned_permit_count if unit else BLANK}人办理《北京市工作居住证》。"
    )
    doc.line("五、联系人及电话", bold=True)
    doc.para(
        f"经办人：{unit.operator_name if unit else BLANK}    "
        f"联系电话：{unit.operator_phone if unit else BLANK}"
    )
    doc.para("我单位保证以上情况真实、准确，如有不实，愿承担相应责任。")
    doc.para("特此申请。")
    signature_block(doc, unit.name if unit else "", None)
    return doc.to_bytes()


# --- the certificate sample sheets ----------------------------------------------------------------


def _merged(ws: Worksheet, row: int, first: int, last: int, value: str, **style: object) -> None:
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = as_text(ws.cell(row=row, column=first, value=value))  # a unit's name is data (security 17)
    for key, val in style.items():
        setattr(cell, key, val)


def _certificate(
    title: str,
    info: list[tuple[str, str, str, str]],
    headers: list[tuple[str, int]],
    amounts: range,
    statement: str,
    signatures: list[str],
    remarks: list[str],
) -> bytes:
    """A sample certificate: title, the person and payer lines, one row per month of a holding period
    with a total, the statement, the signature and seal cells, and the notes."""
    book = Workbook()
    ws = book.active
    ws.title = title[:31]
    width = len(headers)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for i, (_, chars) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = chars
    _merged(ws, 1, 1, width, title, font=Font(name=FONT, size=16, bold=True), alignment=CENTER)
    ws.row_dimensions[1].height = 32
    row = 2
    half = width // 2
    label = {"font": Font(name=FONT, bold=True), "alignment": WRAP}
    for label1, value1, label2, value2 in info:
        _merged(ws, row, 1, 2, label1, **label)
        _merged(ws, row, 3, half, value1, alignment=WRAP)
        _merged(ws, row, half + 1, half + 1, label2, **label)
        _merged(ws, row, half + 2, width, value2, alignment=WRAP)
        ws.row_dimensions[row].height = 32
        for col in range(1, width + 1):
            ws.cell(row=row, column=col).border = BOX
        row += 1
    row += 1
    for col, (head, _) in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=head)
        cell.font, cell.fill, cell.alignment, cell.border = Font(name=FONT, bold=True), HEAD_FILL, CENTER, BOX
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    first = row + 1
    for n in range(1, MONTHS + 1):
        row += 1
        ws.cell(row=row, column=1, value=n).alignment = CENTER
        for col in range(1, width + 1):
            ws.cell(row=row, column=col).border = BOX
        ws.cell(row=row, column=2).number_format = "@"
        for col in amounts:
            ws.cell(row=row, column=col).number_format = "#,##0.00"
    row += 1
    ws.cell(row=row, column=1, value="合计").font = Font(name=FONT, bold=True)
    for col in range(1, width + 1):
        ws.cell(row=row, column=col).border = BOX
    for col in amounts:
        letter = get_column_letter(col)
        total = ws.cell(row=row, column=col, value=f"=SUM({letter}{first}:{letter}{row - 1})")
        total.number_format = "#,##0.00"
    row += 2
    _merged(ws, row, 1, width, statement, font=Font(name=FONT, size=13, bold=True), alignment=WRAP)
    ws.row_dimensions[row].height = 26
    for text in signatures:
        row += 1
        _merged(ws, row, half + 1, width, text, alignment=WRAP)
        ws.row_dimensions[row].height = 30
    row += 2
    ws.cell(row=row, column=1, value="说明：").font = Font(name=FONT, bold=True)
    for text in remarks:
        row += 1
        _merged(ws, row, 1, width, text, alignment=WRAP, font=Font(name=FONT, size=9))
        ws.row_dimensions[row].height = 28
    return _to_bytes(book)


def _unit_lines(unit: Unit | None) -> tuple[str, str]:
    return (unit.name, unit.uscc) if unit else ("", "")


def social_insurance_certificate(unit: Unit | None) -> bytes:
    """社会保险缴纳证明样表 (篇2 附件4; 新办 二.9, 续签 二.5)."""
    name, uscc = _unit_lines(unit)
    return _certificate(
        "社会保险缴纳证明（样表）",
        [
            ("缴费单位名称", name, "统一社会信用代码", uscc),
            ("姓名", "", "身份证号码", ""),
            ("缴费起止年月", "    年    月  至      年    月", "社会保障号码", ""),
        ],
        [("序号", 6), ("缴费年月", 12), ("缴费单位", 26), ("养老保险（元）", 13), ("医疗保险（元）", 13),
         ("失业保险（元）", 13), ("工伤保险（元）", 13), ("生育保险（元）", 13), ("备注", 16)],
        range(4, 9),
        "兹证明：上述人员在北京市参加社会保险，以上缴纳情况属实。",
        ["经办人（签字）：", "出具单位（盖章）：", "日期：        年      月      日"],
        [
            "1. 新办须提供申请单位为申请人连续缴纳近6个月的社会保险证明（R-P06）；"
            "续签须提供持证期间全部月份的社会保险证明（R-R04）。",
            "2. 以社会保险经办机构出具的缴费记录为准；本表为样式，可按经办机构打印的格式提交。",
            "3. “缴费单位”填写实际缴费的单位名称；由中介机构代缴的月份请在备注中注明。",
        ],
    )


def tax_certificate(unit: Unit | None) -> bytes:
    """个人所得税证明样表 (篇2 新办 二.8, 续签 二.4): the unit writes “本人连续缴纳情况属实”, its legal
    representative signs and its seal (not the HR department's) is affixed."""
    name, uscc = _unit_lines(unit)
    return _certificate(
        "个人所得税纳税证明（样表）",
        [
            ("扣缴义务人（申请单位）", name, "纳税人识别号（统一社会信用代码）", uscc),
            ("纳税人姓名", "", "身份证号码", ""),
            ("所属期间", "    年    月  至      年    月", "主管税务机关", ""),
        ],
        [("序号", 6), ("所属期（年月）", 14), ("扣缴义务人", 26), ("收入额（元）", 14),
         ("实缴税额（元）", 14), ("入库日期", 12), ("征收税务机关", 20), ("备注", 14)],
        range(4, 6),
        "本人连续缴纳情况属实",
        ["法定代表人（签字）：", "申请单位（盖章）：（须加盖单位公章，不得加盖人力资源部门章）",
         "日期：        年      月      日"],
        [
            "1. 由税务部门出具；新办须为申请单位为申请人连续缴纳近6个月的个人所得税（R-P05），续签须为持证"
            "期间的全部月份（R-R03）。",
            "2. 须由与申请人建立劳动合同关系的工作单位缴纳，不得由中介机构代扣代缴。",
            "3. 申请单位须在个税缴纳证明上注明“本人连续缴纳情况属实”，由法定代表人签字并加盖单位公章。"
            "持证期间更换过聘用单位的，还须提供原单位的个税证明，由原单位法定代表人签字并加盖公章。",
        ],
    )


# --- the staff-import sheet -----------------------------------------------------------------------

FORMATS = {"code": "@", "month": "@", "date": "yyyy-mm-dd"}


def staff_import(unit: Unit | None) -> bytes:
    """The bulk-import layout (documents.imports.COLUMNS): titles, the hidden key row, drop-down
    lists for every enumeration, an example row, and a sheet 说明 describing each column."""
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    last = MAX_ROWS + 2
    for i, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        head = ws.cell(row=1, column=i, value=col.title + ("*" if col.required else ""))
        head.font = Font(name=FONT, bold=True, color="C00000" if col.required else "000000")
        head.fill, head.alignment, head.border = HEAD_FILL, CENTER, BOX
        ws.cell(row=2, column=i, value=col.key)
        example = col.choices.get(col.example, col.example) if col.choices else col.example
        cell = as_text(ws.cell(row=3, column=i, value=example))
        cell.font = Font(name=FONT, italic=True, color="808080")
        ws.column_dimensions[letter].width = max(12, len(col.title) * 2 + 2)
        if col.kind in FORMATS:  # a text column keeps an 18-digit ID number as typed
            cell.number_format = ws.column_dimensions[letter].number_format = FORMATS[col.kind]
        if col.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(col.choices.values()) + '"',
                                  allow_blank=True, showErrorMessage=True, errorTitle=col.title,
                                  error="请从下拉列表中选择")
            ws.add_data_validation(rule)
            rule.add(f"{letter}3:{letter}{last}")
    ws.row_dimensions[1].height = 36
    ws.row_dimensions[2].hidden = True
    ws.freeze_panes = "C3"
    _explain(book.create_sheet("说明"), unit)
    return _to_bytes(book)


def _explain(ws: Worksheet, unit: Unit | None) -> None:
    lines = [
        "北京市工作居住证 新办申请人员批量导入模板（POST /api/v1/applications/import）",
        f"导入单位：{unit.name}" if unit else "",
        f"1. 在“{SHEET}”表第3行起每行填写一名申请人；"
        f"第3行为填写示例（姓名中含“{EXAMPLE_MARK}”的行不会导入），可直接覆盖或删除。",
        "2. 第1行为列标题（带*的为必填），第2行（隐藏）为系统字段名，请勿修改或删除；列的顺序可以调整。",
        "3. 每个无误的行生成一件“新办”草稿申请；有错误的行不生成任何数据，导入结果列出其行号、列名和原因。",
        "4. 身份证号码须符合国家标准（R-P09）。同一人已有草稿或在表中出现多次也会生成草稿，但同一人只能有一件"
        "已提交、在办的新办申请：提交时检查（R-W05、R-P08）。",
        "5. 缴纳月份按“起始月—截止月”连续填写（含两端）；子女随往信息和照片请在导入后的申请中补充。",
        f"6. 一次最多导入{MAX_ROWS}行；文件须为.xlsx格式，不超过10MB。",
        "7. 导入后的申请为草稿；提交前系统按规则检查资格（年龄、聘用时间、学历职称、住所、个税和社保等）。",
    ]
    for text in lines:
        ws.append(text_row(ws, [text]))
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws.append([])
    heads = ["列", "列标题", "字段（api.md）", "必填", "格式或可选值", "说明", "示例"]
    ws.append(heads)
    head_row = ws.max_row
    for i in range(1, len(heads) + 1):
        cell = ws.cell(row=head_row, column=i)
        cell.font, cell.fill, cell.border = Font(name=FONT, bold=True), HEAD_FILL, BOX
    kinds = {"text": "文本", "code": "文本（数字按文本填写）", "date": "日期 YYYY-MM-DD",
             "month": "月份 YYYY-MM"}
    for i, col in enumerate(COLUMNS, start=1):
        if col.choices:
            fmt = "下拉选择：" + "、".join(f"{label}（{code}）" for code, label in col.choices.items())
        else:
            fmt = kinds[col.kind]
        example = col.choices.get(col.example, col.example) if col.choices else col.example
        ws.append(text_row(ws, [get_column_letter(i), col.title, col.key, "是" if col.required else "",
                                fmt, col.note, example]))
    for letter, width in zip("ABCDEFG", (6, 26, 44, 6, 60, 50, 24), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=head_row + 1):
        for cell in row:
            cell.alignment, cell.border = WRAP, BOX
            if cell.column == 7 and cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = "yyyy-mm-dd"


TEMPLATES: dict[str, Callable[[Unit | None], bytes]] = {
    "integrity-declaration.docx": integrity_declaration,
    REGISTRATION_TEMPLATE: unit_registration_application,
    "social-insurance-certificate.xlsx": social_insurance_certificate,
    "tax-certificate.xlsx": tax_certificate,
    "staff-import.xlsx": staff_import,
}


def registration_template(actor: Actor, unit: Unit) -> bytes:
    """REG-01 filled for the unit just registered, for its done page (before anyone signs in: the
    session that registered it is the proof); audited as the API's download is."""
    content = unit_registration_application(unit)
    audit_record(actor, "template.downloaded", object_type="template", object_id=REGISTRATION_TEMPLATE)
    return content


def template(actor: Actor, name: str) -> tuple[bytes, str]:
    """(content, content type) of a template, prefilled for a unit caller; the download is audited."""
    build = TEMPLATES.get(name)
    if build is None:
        raise NotFound(f"No template named {name!r}; there are: {', '.join(TEMPLATES)}.")
    unit = actor.account.unit if actor.role == Role.UNIT else None
    content = build(unit)
    audit_record(actor, "template.downloaded", object_type="template", object_id=name)
    return content, XLSX if name.endswith(".xlsx") else DOCX
