"""Demo data for `make run`: officials, units in two districts, cases in every status.
Idempotent: does nothing when the demo accounts exist. Everything goes through the services."""

from typing import Any
from urllib.parse import urlencode

from django.core.management.base import BaseCommand
from django.db import transaction

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
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰"]


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo accounts."

    def handle(self, *args: Any, **opts: Any) -> None:
        refuse_in_production("load_demo")  # its accounts' passwords are published (security decision 16)
        if not User.objects.filter(username="haidian_reviewer").exists():
            with transaction.atomic():
                self._load()
        self.stdout.write(self._credentials())

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
        pending = registration(
            "demo_pending", district="haidian", password=UNIT_PASSWORD, name="北京待核验有限公司"
        )
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

    def _credentials(self) -> str:
        lines = ["", "Demo accounts (演示账户) — http://127.0.0.1:8000/  API docs: /api/v1/docs", ""]
        for username, role, district in OFFICIALS:
            lines.append(f"  {role.value:<18} {username:<18} {OFFICIAL_PASSWORD}  {district or ''}")
        for username, district, name, _ in UNITS:
            lines.append(f"  {'unit':<18} {username:<18} {UNIT_PASSWORD}  {district} {name}")
        lines.append(f"  {'unit (pending)':<18} {'demo_pending':<18} {UNIT_PASSWORD}  haidian")
        permit = (
            Permit.objects.with_status(clock.today()).filter(status_now="valid")  # type: ignore[misc]
            .select_related("holder").order_by("pk").first()
        )
        if permit is not None:
            query = urlencode({"permit_no": permit.permit_no, "name": permit.holder.name})
            lines += ["", f"Verify a demo permit (真伪验证): http://127.0.0.1:8000/verify?{query}"]
        return "\n".join(lines) + "\n"
