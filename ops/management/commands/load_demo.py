"""Demo data for `make run`: officials, units in two districts, cases in every status.
Idempotent: does nothing when the demo accounts exist. Everything goes through the services.
Prints, every time, what to open and the accounts to sign in with (`--url`: where `make run` serves)."""

from typing import Any
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.encoding import uri_to_iri

from accounts.actor import Actor
from accounts.models import User
from accounts.roles import Role
from accounts.services import official_create
from cases import services as cases
from cases.models import Case
from core import clock
from core.production import refuse_in_production
from ops.demo import new_application, photo, registration
from permits.models import Permit
from units import services as units
from web.accounts import home_for

OFFICIALS = [
    ("haidian_reviewer", Role.DISTRICT_REVIEWER, "haidian"),
    ("chaoyang_reviewer", Role.DISTRICT_REVIEWER, "chaoyang"),
    ("city_approver", Role.CITY_APPROVER, None),
    ("admin", Role.ADMIN, None),
    ("auditor", Role.AUDITOR, None),
]
OFFICIAL_PASSWORD = "Demo-Official-2026!"  # noqa: S105 (published demo account)
UNIT_PASSWORD = "Demo-Unit-2026"  # noqa: S105 (published demo account)
UNITS = [
    ("demo_haidian", "haidian", "北京海淀示例科技有限公司", "enterprise"),
    ("demo_chaoyang", "chaoyang", "北京朝阳示例研究院", "public_institution"),
    ("demo_branch", "chaoyang", "某外国公司北京代表处", "branch"),
]
PENDING = ("demo_pending", "haidian", "北京待核验有限公司")  # registered, not yet verified
NOTES = {"demo_haidian": "cases in every status", "demo_pending": "awaiting the district's verification"}
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰"]


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the site is served")

    def handle(self, *args: Any, **opts: Any) -> None:
        refuse_in_production("load_demo")  # its accounts' passwords are published (security decision 16)
        if not User.objects.filter(username="haidian_reviewer").exists():
            with transaction.atomic():
                self._load()
        self.stdout.write(self._credentials(opts["url"].rstrip("/")))

    def _load(self) -> None:
        today = clock.today()
        staff = {}
        for username, role, district in OFFICIALS:
            staff[username] = official_create(
                username=username, password=OFFICIAL_PASSWORD, role=role, district=district
            )
        operators = {}
        for username, district, name, entity in UNITS:
            body = registration(
                username, district=district, entity_type=entity, password=UNIT_PASSWORD, name=name
            )
            unit = units.unit_register(body, Actor.system())
            reviewer = staff[f"{district}_reviewer"]
            units.unit_verify(
                Actor(reviewer, reviewer.role),
                unit.pk,
                decision="approve",
                materials_received=["REG-01", "REG-02", "REG-03"],
                note="演示数据",
            )
            operators[username] = User.objects.get(username=username)
        username, district, name = PENDING
        pending = registration(username, district=district, password=UNIT_PASSWORD, name=name)
        units.unit_register(pending, Actor.system())

        names = iter(NAMES)
        unit_user = operators["demo_haidian"]
        reviewer, city = staff["haidian_reviewer"], staff["city_approver"]
        as_unit, as_rev, as_city = (Actor(u, u.role) for u in (unit_user, reviewer, city))

        def filed(until: str, sex: str = "M") -> int:
            data = new_application(today, sex=sex)
            data["person"]["name"] = next(names)
            case = cases.case_create(as_unit, "new", data)
            if until == "draft":
                return case.pk
            cases.case_attach_photo(as_unit, case.pk, photo())
            cases.case_submit(as_unit, case.pk)
            if until == "submitted":
                return case.pk
            codes = [i.code for i in cases.checklist(case, today)]
            if until == "supplement_requested":
                cases.case_review(
                    as_rev,
                    case.pk,
                    decision="request_supplement",
                    materials_received=codes[:5],
                    missing=["NEW-08"],
                    note="个税证明未加盖公章，请补充",
                )
                return case.pk
            if until == "rejected":
                cases.case_review(
                    as_rev,
                    case.pk,
                    decision="reject",
                    materials_received=[],
                    missing=[],
                    note="劳动合同与系统填报不一致",
                )
                return case.pk
            if until == "withdrawn":
                cases.case_withdraw(as_unit, case.pk)
                return case.pk
            cases.case_review(
                as_rev, case.pk, decision="pass", materials_received=codes, missing=[], note="材料齐全"
            )
            if until == "district_passed":
                return case.pk
            cases.case_approve(
                as_city, case.pk, decision="approve", note="同意", confirm_special_talent=False
            )
            if until == "collected":
                cases.case_collect(as_rev, case.pk, collected_by="operator", note="经办人领取")
            return case.pk

        for status in [
            "draft",
            "submitted",
            "supplement_requested",
            "district_passed",
            "approved",
            "collected",
            "rejected",
            "withdrawn",
            "collected",
        ]:
            filed(status, sex="F" if status in ("submitted", "approved") else "M")

        # Other case types on the permits just issued (the last two `collected` cases).
        permits = list(
            Case.objects.filter(unit=unit_user.unit, status="collected")
            .order_by("pk")
            .values_list("permit__permit_no", flat=True)
        )
        address = cases.case_create(
            as_unit,
            "address_change",
            {
                "permit_no": permits[0],
                "residence": {
                    "address": "北京市海淀区中关村南大街5号",
                    "district": "haidian",
                    "housing_type": "owned",
                },
            },
        )
        cases.case_submit(as_unit, address.pk)
        replacement = cases.case_create(
            as_unit,
            "replacement",
            {"permit_no": permits[1], "reason": "damaged", "reason_detail": "证件芯片损坏"},
        )
        cases.case_submit(as_unit, replacement.pk)
        cases.case_create(
            as_unit, "general_change", {"permit_no": permits[0], "changes": {"hukou": "北京市海淀区"}}
        )
        other = operators["demo_chaoyang"]
        cancellation = cases.case_create(
            Actor(other, other.role),
            "cancellation",
            {"permit_no": self._issue_for(other, staff, today), "left_on": today.isoformat()},
        )
        cases.case_submit(Actor(other, other.role), cancellation.pk)

    def _issue_for(self, user: User, staff: dict[str, User], today: Any) -> str:
        """A permit for a Chaoyang unit, for the cancellation example."""
        reviewer, city = staff["chaoyang_reviewer"], staff["city_approver"]
        data = new_application(today)
        data["person"]["name"] = "吴昊"
        case = cases.case_create(Actor(user, user.role), "new", data)
        cases.case_attach_photo(Actor(user, user.role), case.pk, photo())
        cases.case_submit(Actor(user, user.role), case.pk)
        codes = [i.code for i in cases.checklist(case, today)]
        cases.case_review(
            Actor(reviewer, reviewer.role),
            case.pk,
            decision="pass",
            materials_received=codes,
            missing=[],
            note="",
        )
        approved = cases.case_approve(
            Actor(city, city.role), case.pk, decision="approve", note="", confirm_special_talent=False
        )
        return approved.permit.permit_no  # type: ignore[union-attr]

    def _credentials(self, url: str) -> str:
        """The accounts, each with the page it signs in to, and a demo permit's verify link. The link
        keeps the holder's name readable (陈静, not %E9%99%88%E9%9D%99): browsers and terminals take
        it as typed, and the browser encodes it when it sends the request."""
        accounts = [(name, OFFICIAL_PASSWORD, role, district or "", "") for name, role, district in OFFICIALS]
        accounts += [(name, UNIT_PASSWORD, Role.UNIT, district, unit) for name, district, unit, _ in UNITS]
        accounts.append((PENDING[0], UNIT_PASSWORD, Role.UNIT, PENDING[1], PENDING[2]))
        row = "  {:<18} {:<20} {:<18} {:<9} {:<14} {}".format
        lines = [
            "",
            f"Demo data (演示数据) is ready. Open {url}/login and sign in (登录) with one of these accounts:",
            "",
            row("username", "password", "role", "district", "signs in to", "").rstrip(),
        ]
        for username, password, role, district, unit in accounts:
            note = f"{unit} ({NOTES[username]})" if username in NOTES else unit
            home = home_for(User(role=role))
            lines.append(row(username, password, role.value, district, home, note).rstrip())
        lines += ["", "Public pages (公开, no account): /verify, /progress, /materials, /window-hours."]
        permit = (
            Permit.objects.in_status("valid", clock.today())
            .select_related("holder").order_by("pk").first()
        )
        if permit is not None:
            query = urlencode({"permit_no": permit.permit_no, "name": permit.holder.name})
            lines.append(f"A demo permit to verify (真伪验证): {uri_to_iri(f'{url}/verify?{query}')}")
        lines += [f"The API's interactive docs: {url}/api/v1/docs", ""]
        return "\n".join(lines)
