"""Page objects of the browser tests: each page's fields filled and buttons pressed in one place, by
the labels and names a user reads (so a renamed label is one line to change here, not one in every
test that fills the form), the checks left to the tests. A page object finds its elements by role
and exact label, as a screen reader would: a field without its label is not found."""

import datetime as dt
import re
from typing import Any

from playwright.sync_api import FilePayload, Locator, Page

from conftest import OFFICIAL_PASSWORD
from core.dates import add_years
from core.tests.world import REG, UNIT_PASSWORD


def username_of(unit_id: int) -> str:
    from accounts.models import User

    return User.objects.get(unit_id=unit_id).username


class SignIn:
    """The /login form, and the 退出 button every signed-in page carries."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def sign_in(self, username: str, password: str = UNIT_PASSWORD) -> None:
        """Sign in through the form; returns once the browser has left /login for the account's home."""
        self.page.goto("/login")
        self.page.get_by_label("用户名", exact=True).fill(username)
        self.page.get_by_label("密码", exact=True).fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(lambda url: not url.endswith("/login"))

    def sign_out(self) -> None:
        self.page.get_by_role("button", name=re.compile("退出")).click()


class Portal:
    """The employer portal (/unit/)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def sign_in(self, unit_id: int) -> None:
        """Sign the unit's operator in (the password conftest's `make_unit` registers with)."""
        SignIn(self.page).sign_in(username_of(unit_id))


class Form:
    """A form whose fields a test names by key: LABELS maps a key to the field's label, SELECTS names
    the drop-downs, LEAVE_BY the field clicked to leave another (the page checks a field live when it
    is left). Labels match exactly: 姓名 is not 子女姓名, 劳动合同截止日期 not 配偶劳动合同截止日期."""

    LABELS: dict[str, str] = {}
    SELECTS: frozenset[str] = frozenset()
    LEAVE_BY = ""

    def __init__(self, page: Page) -> None:
        self.page = page

    def field(self, key: str) -> Locator:
        return self.page.get_by_label(self.LABELS[key], exact=True)

    def fill(self, **values: Any) -> None:
        for key, value in values.items():
            if key in self.SELECTS:
                self.field(key).select_option(str(value))
            else:
                self.field(key).fill(str(value))

    def enter(self, **values: Any) -> None:
        """Fill the fields and leave them, as a user moving on does: the live checks run."""
        self.fill(**values)
        self.field(self.LEAVE_BY).click()


class Registration(Form):
    """The unit's online registration in four steps (/register: 单位信息 → 经办人 → 账号 → 确认); keys
    are the fields of POST /units/register, the operator's prefixed (operator_name…), so that
    `error(key)` is the slot beside the field."""

    LABELS = {
        "name": "单位名称",
        "uscc": "统一社会信用代码",
        "entity_type": "单位类型",
        "district": "注册所在区",
        "address": "单位地址",
        "main_business": "主营业务",
        "last_year_tax_cny": "上年度纳税额（元）",
        "employee_count": "员工人数",
        "planned_permit_count": "拟办证人数",
        "legal_representative": "法定代表人",
        "operator_name": "经办人姓名",
        "operator_id_number": "经办人身份证号码",
        "operator_phone": "经办人手机号码",
        "username": "用户名",
        "password": "密码",
        "password_confirm": "再次输入密码",
    }
    SELECTS = frozenset({"entity_type", "district"})

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.summary = page.locator("[data-error-summary]")
        self.current = page.locator(".steps [aria-current='step']")

    def open(self) -> None:
        self.page.goto("/register")

    def error(self, key: str) -> Locator:
        return self.page.locator(f"#e-{key}")

    def enter(self, **values: Any) -> None:
        """Fill the fields and leave them (a click on the step's title), as a user moving on does: the
        live checks run."""
        self.fill(**values)
        self.page.locator("h1").click()

    def next(self, button: str = "下一步") -> None:
        self.page.get_by_role("button", name=button).click()

    def submit(self, *, consent: bool = True) -> None:
        """On 确认: 提交注册, the personal-data notice agreed to (its tick) unless `consent` is False."""
        if consent:
            self.page.get_by_role("checkbox", name=re.compile("^我已阅读并同意《个人信息处理告知书》")) \
                .check()
        self.page.get_by_role("button", name="提交注册").click()

    def fill_from(self, body: dict[str, Any], *keys: str) -> None:
        """Fill the fields `keys` with the values of an API registration body (ops.demo's
        `registration`; the operator nested there, the password typed twice here)."""
        operator = {f"operator_{key}": value for key, value in body["operator"].items()}
        values = {**body, **operator, "password_confirm": body["password"]}
        self.fill(**{key: values[key] for key in keys})

    def fill_step(self, body: dict[str, Any]) -> None:
        """Fill every field of the step shown (those of `body`) and press 下一步."""
        keys = [key for key in self.LABELS if self.field(key).count()]
        self.fill_from(body, *keys)
        self.next()

    def answer_steps(self, body: dict[str, Any]) -> None:
        """From step 1 to 确认 with the answers of an API registration body."""
        self.open()
        for title in ("经办人", "账号", "确认"):
            self.fill_step(body)
            self.page.locator(".steps [aria-current='step']", has_text=title).wait_for()

    def register(self, body: dict[str, Any], *, consent: bool = True) -> None:
        """Register the unit of an API registration body through the four steps: every required
        field (and the consent tick on 确认 unless `consent` is False)."""
        self.answer_steps(body)
        self.submit(consent=consent)


class CaseForm(Form):
    """The unit's form of a `new` case (/unit/cases/new/new, then the draft's page): the draft is
    created from the name and ID number; the rest is checked live as it is filled and saved by 保存草稿."""

    LABELS = {
        "name": "姓名",
        "id_number": "身份证号码",
        "hukou": "户籍所在地",
        "degree": "最高学位",
        "work_started_on": "参加工作日期",
        "title_level": "专业技术职称",
        "shortage_catalogue_code": "急需专业或岗位",
        "contract_ends_on": "劳动合同截止日期",
        "address": "在京固定住所地址",
        "residence_district": "住所所在区",
        "housing_type": "住房类型",
        "started_on": "入职日期",
    }
    SELECTS = frozenset(
        {"degree", "title_level", "shortage_catalogue_code", "residence_district", "housing_type"}
    )
    LEAVE_BY = "hukou"

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.live = page.locator("#live-body")  # the eligibility and checklist panel
        self.summary = page.locator(".live-summary")
        self.photo = page.locator("#photo-block img")
        self.facts = page.locator(".facts").first
        self.reference = page.locator("#case-reference")  # 申请已提交's 办件编号

    def open(self) -> None:
        self.page.goto("/unit/cases/new/new")

    def create_draft(self, name: str, id_number: str) -> None:
        self.fill(name=name, id_number=id_number)
        self.page.get_by_role("button", name="创建草稿").click()

    def fill_applicant(self, today: dt.date, *, started_on: dt.date) -> None:
        """The rest of an applicant who meets every condition as of `today` but perhaps the time with
        the unit (R-P02): a master's degree, an intermediate title, a post of the shortage catalogue, a
        contract for two more years, an owned home in Haidian; hired on `started_on`."""
        self.fill(
            hukou="河北省保定市",
            degree="master",
            work_started_on="2015-07-01",
            title_level="intermediate",
            shortage_catalogue_code="SC-001",
            contract_ends_on=add_years(today, 2).isoformat(),
            address="北京市海淀区学院路20号院3号楼502",
            residence_district="haidian",
            housing_type="owned",
            started_on=started_on.isoformat(),
        )

    def pay_every_month_by_the_unit(self) -> None:
        self.page.get_by_role("button", name="所列月份个税和社保均由本单位缴纳").click()

    def save(self) -> None:
        """保存草稿: the live panel saves nothing, this button does."""
        self.page.get_by_role("button", name="保存草稿").click()

    @property
    def history(self) -> Locator:
        """The rows of 办理记录 (the case's history)."""
        heading = self.page.get_by_role("heading", name="办理记录")
        return self.page.locator("section", has=heading).locator("tbody tr")

    def upload_photo(self, name: str, content: bytes) -> None:
        self.page.locator("#f-file").set_input_files(
            files=[FilePayload(name=name, mimeType="image/jpeg", buffer=content)]
        )
        self.page.get_by_role("button", name="上传照片").click()

    def upload_copy(self, code: str, name: str, content: bytes, mime_type: str = "application/pdf") -> None:
        """An electronic copy of checklist item `code` (a supplement the district asked for)."""
        self.page.get_by_label("上传电子件：材料").select_option(code)
        self.page.get_by_label("文件（PDF、JPEG或PNG，不超过10MB）").set_input_files(
            files=[FilePayload(name=name, mimeType=mime_type, buffer=content)]
        )
        self.page.get_by_role("button", name="上传电子件").click()

    def commit(self) -> None:
        """Tick the 诚信声明 (告知承诺) of the submit box (cases.commitment)."""
        self.page.get_by_role("checkbox", name="我已阅读并作出以上诚信声明（告知承诺）").check()

    def check(self, button: str = "提交申请") -> None:
        """提交申请 (or 补正后重新提交) on the case page: the form is saved, 核对信息 shows every answer."""
        self.page.get_by_role("button", name=button).click()
        self.page.wait_for_url(re.compile(r".*/check$"))

    def submit(self, button: str = "提交申请") -> None:
        """From the case page through 核对信息: tick the 诚信声明 there and submit; the browser is left
        on 申请已提交 (`confirmation`)."""
        self.check(button)
        self.commit()
        self.page.get_by_role("button", name=button).click()
        self.page.wait_for_url(re.compile(r".*/submitted$"))

    def resubmit(self) -> None:
        self.submit("补正后重新提交")

    def open_from_confirmation(self) -> None:
        """Back to the case's page from 申请已提交."""
        self.page.get_by_role("link", name="在单位工作台查看这件申请").click()


class Workbench:
    """The officials' workbench (/office/): the case page's checklist and decisions, unit verification."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.facts = page.locator(".case-facts")
        self.message = page.get_by_role("status").first  # what the last decision did
        self.checklist_error = page.locator("#checklist-error")

    def sign_in(self, username: str, password: str = OFFICIAL_PASSWORD) -> None:
        """Sign in; an official lands on the queue."""
        SignIn(self.page).sign_in(username, password)
        self.page.wait_for_url(re.compile(r".*/office/$"))

    def open_case(self, number: str) -> None:
        self.page.get_by_role("link", name=number).click()

    def pass_review(self) -> None:
        """Tick every item of the checklist received at the window and pass (初审通过)."""
        for box in self.page.get_by_role("checkbox", name=re.compile("^已收到")).all():
            box.check()
        self.page.get_by_role("button", name="初审通过").click()

    def request_supplement(self, missing: tuple[str, ...] = (), note: str = "") -> None:
        """Ask for the `missing` items (R-W07: at least one), with `note` for the unit."""
        for code in missing:
            self.page.get_by_role("checkbox", name=f"缺少 {code}").check()
        if note:
            self.page.get_by_label("意见（不予通过时必填）").fill(note)
        self.page.get_by_role("button", name="要求补充材料").click()

    def approve(self) -> None:
        self.page.get_by_role("button", name="批准", exact=True).click()

    def record_collection(self) -> None:
        """The holder collected the card in person."""
        self.page.get_by_label("持证人本人").check()
        self.page.get_by_role("button", name="登记领证").click()

    def verify_unit(self, received: tuple[str, ...] | list[str] = tuple(REG)) -> None:
        """On a unit's page: tick the registration materials received and verify it (核验通过)."""
        for code in received:
            self.page.get_by_role("checkbox", name=re.compile(f"^{code}")).check()
        self.page.get_by_role("button", name="核验通过").click()


class Verification:
    """The public verification page (/verify)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.result = page.locator("[role=status]").last

    def open(self) -> None:
        self.page.goto("/verify")

    def check(self, permit_no: str, name: str) -> None:
        self.page.get_by_label("工作居住证编号").fill(permit_no)
        self.page.get_by_label("持证人姓名（全名）").fill(name)
        self.page.get_by_role("button", name="验证").click()


class LossReport:
    """R-W11 in the employer portal: 挂失 from the permit page (or a replacement case), confirmed on its
    own page (issue 12 point 4)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.lost = page.get_by_role("region", name="证件已挂失", exact=True)  # on the permit page

    def open_permit(self, permit_no: str) -> None:
        self.page.goto(f"/unit/permits/{permit_no}")

    def start(self) -> None:
        """The permit page's 挂失 button, which leads to the confirmation."""
        self.page.get_by_role("link", name="挂失这张证件", exact=True).click()

    def start_from_case(self) -> None:
        """The offer of a replacement case's page."""
        self.page.get_by_role("link", name="立即挂失这张证件", exact=True).click()

    def confirm(self, note: str = "") -> None:
        if note:
            self.page.get_by_label("遗失情况（可不填）", exact=True).fill(note)
        self.page.get_by_role("button", name="确认挂失", exact=True).click()


class OfficePermit:
    """The workbench's permit page (/office/permits/<no>/): the card to print, the loss report at the
    window and its withdrawal (R-W11); the case page's print links (issue 12 point 7)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.prints = page.get_by_role("region", name=re.compile("^打印证卡和申请表$|^证卡与申请表$"))
        self.reason_error = page.locator("#withdraw-note-error")

    def open_from_case(self, permit_no: str) -> None:
        """The permit number on the case page links to the permit."""
        self.page.locator(".case-facts").get_by_role("link", name=permit_no, exact=True).click()

    def download(self, link_name: Any) -> Any:
        """Click a print link; the download (Playwright's), whose `path()` holds the PDF."""
        with self.page.expect_download() as info:
            self.prints.get_by_role("link", name=link_name).click()
        return info.value

    def report_loss(self, note: str = "") -> None:
        self.page.get_by_label("遗失情况（可不填）", exact=True).fill(note)
        self.page.get_by_role("button", name="登记挂失", exact=True).click()

    def withdraw(self, reason: str) -> None:
        self.page.get_by_label(re.compile("^撤销挂失的理由")).fill(reason)
        self.page.get_by_role("button", name="撤销挂失", exact=True).click()


class OfficeSearch:
    """The search box on every page of the workbench (/office/, issue 12 point 2): a case number, a
    permit number, a full ID number, or the text of a QR code as a scanner types it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.box = page.get_by_role("searchbox", name="查找办件或证件", exact=True)

    def find(self, text: str) -> None:
        """Type `text` into the box and press Enter."""
        self.box.fill(text)
        self.box.press("Enter")

    def scan(self, text: str) -> None:
        """What a barcode scanner does: it is a keyboard that types the QR code's text, then Enter."""
        self.box.click()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")


class ProgressLookup:
    """The public progress lookup (/progress, 办件进度查询): the number and the applicant's name in, the
    steps of the case out."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.result = page.locator("[role=status]").last
        self.number = page.get_by_label("办件编号", exact=True)
        self.name = page.get_by_label("申请人姓名（全名）", exact=True)

    def open(self) -> None:
        self.page.goto("/progress")

    def follow_from_case_page(self) -> None:
        """On the unit's case page, the 进度查询 link (the page's address), which fills the number in."""
        self.page.get_by_role("link", name=re.compile(r"progress$")).click()

    def look_up(self, number: str | None, name: str) -> None:
        """Fill the form (the number only when given: a case page's link fills it in) and look up."""
        if number is not None:
            self.number.fill(number)
        self.name.fill(name)
        self.page.get_by_role("button", name="查询", exact=True).click()

    def steps(self) -> list[tuple[str, str]]:
        """Each step as the page reads it: (name, state), e.g. ("初审", "已完成 2026年6月15日")."""
        items = self.page.get_by_role("list", name="办理环节").get_by_role("listitem").all()
        return [(i.locator(".step-name").inner_text(), i.locator(".step-state").inner_text()) for i in items]


class UnitNotices:
    """The employer portal's dashboard block 可领证 (cards waiting at the district window) and its inbox
    of notices (提醒), with the kinds that always arrive (issue 12 point 1)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.ready = page.get_by_role("region", name="可领证", exact=True)
        self.inbox = page.get_by_role("main")
        self.always_sent = page.locator("#always-sent")

    def open_inbox(self) -> None:
        """Through the portal's navigation, as a clerk goes there."""
        self.page.get_by_role("navigation").get_by_role("link", name="提醒", exact=True).click()

    def notice(self, title: str) -> Locator:
        return self.inbox.get_by_role("listitem").filter(has_text=title)


class PasswordReset:
    """R-W12 on a unit's page of the workbench (/office/units/<id>/): tick PWD-01, reset, the slip."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.temporary = page.locator("#temporary-password")  # on the slip

    def open(self, unit_id: int) -> None:
        self.page.goto(f"/office/units/{unit_id}/")

    def reset(self, *, licence_shown: bool = True) -> None:
        """Tick PWD-01 (the business licence's original seen) unless `licence_shown` is False, and reset."""
        if licence_shown:
            self.page.get_by_role("checkbox", name=re.compile("^PWD-01")).check()
        self.page.get_by_role("button", name="重置经办人密码").click()


class PasswordChange:
    """The change of one's own password (/password), where a temporary password leads (R-W12)."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def change(self, current: str, new: str, again: str | None = None) -> None:
        self.page.get_by_label(re.compile("^当前密码")).fill(current)
        self.page.get_by_label("新密码", exact=True).fill(new)
        self.page.get_by_label("再次输入新密码", exact=True).fill(new if again is None else again)
        self.page.get_by_role("button", name="保存新密码").click()


class UnitCaseCollection:
    """A case's page in the employer portal reached from the dashboard's 可领证, and its own block 可领证
    (where and when to collect the approved card, drawn as the dashboard draws it; issue 12 point 1)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.block = page.get_by_role("region", name="可领证", exact=True)  # on either page
        self.facts = page.locator("main dl.facts").first

    def open_from_dashboard(self, number: str) -> None:
        self.block.get_by_role("link", name=number, exact=True).click()
        self.page.wait_for_url("**/unit/cases/*")
