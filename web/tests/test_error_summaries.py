"""Every form of the site that can refuse a submission, submitted wrong, answers with the error summary
under the page's heading and before its forms (issue 13 point 1, web.tests.summary): a titled box
listing each error, each linked to the control it is about (an element of the page), or unlinked when
it is about no control."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from penalties.models import Investigation, Penalty
from rules.checklists import PWD_CHECKLIST, REG_CHECKLIST
from units.models import Unit
from web.tests.summary import error_summary

pytestmark = pytest.mark.django_db

OFFICIALS = {"haidian": "hd_reviewer", "city": "city_approver"}


class Site:
    """What a wrong submission needs, made on demand: signed-in clients, cases, a permit."""

    def __init__(self, make_unit: Any, file_new_case: Any, clock: Any) -> None:
        self.make_unit, self.file_new_case, self.clock = make_unit, file_new_case, clock
        self._unit: tuple[Any, int] | None = None

    def official(self, key: str = "haidian") -> Client:
        client = Client()
        client.force_login(User.objects.get(username=OFFICIALS[key]))
        return client

    def unit(self) -> tuple[Any, int]:
        self._unit = self._unit or self.make_unit("haidian")
        return self._unit

    def operator(self) -> Client:
        client = Client()
        client.force_login(User.objects.get(unit_id=self.unit()[1]))
        return client

    def case(self, until: str) -> dict[str, Any]:
        return self.file_new_case(self.unit()[0], until=until)

    def permit(self) -> str:
        return str(self.case("approved")["permit_no"])


Wrong = Callable[[Site], tuple[Any, list[str]]]  # the answer to a wrong submission, the links expected


def review_pass_nothing_ticked(site: Site) -> tuple[Any, list[str]]:
    case = site.case("submitted")
    answer = site.official().post(f"/office/cases/{case['id']}/review", {"decision": "pass"})
    return answer, [f"received-{case['checklist'][0]['code']}"]


def review_reject_without_opinion(site: Site) -> tuple[Any, list[str]]:
    case = site.case("submitted")
    return site.official().post(f"/office/cases/{case['id']}/review", {"decision": "reject"}), ["review-note"]


def approval_reject_without_opinion(site: Site) -> tuple[Any, list[str]]:
    case = site.case("district_passed")
    answer = site.official("city").post(f"/office/cases/{case['id']}/approval", {"decision": "reject"})
    return answer, ["approval-note"]


def collection_by_nobody(site: Site) -> tuple[Any, list[str]]:
    case = site.case("approved")
    return site.official().post(f"/office/cases/{case['id']}/collection", {"collected_by": "x"}), [""]


def unit_verified_without_materials(site: Site) -> tuple[Any, list[str]]:
    _, unit_id = site.make_unit("haidian", active=False)
    answer = site.official().post(f"/office/units/{unit_id}/verify", {"decision": "approve"})
    return answer, [f"received-{REG_CHECKLIST[0].code}"]


def unit_unfrozen_when_not_frozen(site: Site) -> tuple[Any, list[str]]:
    return site.official().post(f"/office/units/{site.unit()[1]}/unfreeze", {}), [""]


def operator_password_without_materials(site: Site) -> tuple[Any, list[str]]:
    answer = site.official().post(f"/office/units/{site.unit()[1]}/operator-password-reset", {})
    return answer, [f"pwd-received-{PWD_CHECKLIST[0].code}"]


def loss_withdrawn_without_reason(site: Site) -> tuple[Any, list[str]]:
    permit_no = site.permit()
    desk = site.official()
    desk.post(f"/office/permits/{permit_no}/loss-report", {"note": ""})
    return desk.post(f"/office/permits/{permit_no}/loss-report/withdraw", {"note": " "}), ["withdraw-note"]


def permit_unfrozen_when_not_frozen(site: Site) -> tuple[Any, list[str]]:
    return site.official().post(f"/office/frozen-permits/{site.permit()}/unfreeze", {}), [""]


def investigation_of_no_permits(site: Site) -> tuple[Any, list[str]]:
    return site.official().post("/office/investigations/new", {"size": "0"}), ["id_size"]


def finding_left_without_a_date(site: Site) -> tuple[Any, list[str]]:
    permit_no = site.permit()
    desk = site.official()
    desk.post("/office/investigations/new", {"size": "1"})
    sample = Investigation.objects.get()
    finding = {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": ""}
    return desk.post(f"/office/investigations/{sample.pk}/findings", finding), [f"left-on-{permit_no}"]


def penalty_without_anything(site: Site) -> tuple[Any, list[str]]:
    return site.official().post("/office/penalties/impose", {}), ["id_kind"]


def penalty_lifted_without_reason(site: Site) -> tuple[Any, list[str]]:
    city = site.official("city")
    uscc = Unit.objects.get(pk=site.unit()[1]).uscc
    imposed = {"kind": "unit_false_declaration", "unit_uscc": uscc, "note": "虚假申报"}
    city.post("/office/penalties/impose", imposed)
    penalty = Penalty.objects.get()
    return city.post(f"/office/penalties/{penalty.pk}/lift", {"note": ""}), [f"lift-note-{penalty.pk}"]


def search_for_nothing(site: Site) -> tuple[Any, list[str]]:
    return site.official().post("/office/search", {"q": " "}), ["office-search-q"]


def queue_of_no_such_status(site: Site) -> tuple[Any, list[str]]:
    return site.official().get("/office/", {"status": "nonsense"}), ["id_status"]


def statistics_of_1999(site: Site) -> tuple[Any, list[str]]:
    return site.official().get("/office/stats", {"year": "1999"}), ["id_year"]


def verify_nothing(site: Site) -> tuple[Any, list[str]]:
    return Client().get("/verify", {"permit_no": "", "name": ""}), ["id_permit_no", "id_name"]


def progress_of_nothing(site: Site) -> tuple[Any, list[str]]:
    return Client().get("/progress", {"number": "", "name": ""}), ["id_number", "id_name"]


def sign_in_wrong(site: Site) -> tuple[Any, list[str]]:
    return Client().post("/login", {"username": "nobody", "password": "wrong"}), ["username"]


def password_change_empty(site: Site) -> tuple[Any, list[str]]:
    return site.operator().post("/password", {}), ["old-password", "new-password", "new-password-confirm"]


def case_started_for_no_such_permit(site: Site) -> tuple[Any, list[str]]:
    return site.operator().post("/unit/cases/new/renewal", {"permit_no": "BJ20269999999"}), ["f-permit_no"]


def rating_without_a_choice(site: Site) -> tuple[Any, list[str]]:
    case = site.case("approved")
    site.official().post(f"/office/cases/{case['id']}/collection", {"collected_by": "holder"})
    return site.operator().post(f"/unit/cases/{case['id']}/rating", {}), ["id_score_0"]


def withdrawal_after_the_decision(site: Site) -> tuple[Any, list[str]]:
    case = site.case("district_passed")
    return site.operator().post(f"/unit/cases/{case['id']}/withdraw"), [""]


def import_without_a_file(site: Site) -> tuple[Any, list[str]]:
    return site.operator().post("/unit/cases/import", {}), ["f-file"]


def inspection_of_nobody(site: Site) -> tuple[Any, list[str]]:
    site.unit()
    site.clock("2027-04-10")  # in the season
    return site.operator().post("/unit/inspection", {"scope": "selected"}), ["inspect-unit"]


def inspection_out_of_season(site: Site) -> tuple[Any, list[str]]:
    return site.operator().post("/unit/inspection", {"scope": "all"}), [""]


def loss_report_too_long(site: Site) -> tuple[Any, list[str]]:
    permit_no = site.permit()
    answer = site.operator().post(f"/unit/permits/{permit_no}/loss-report", {"note": "遗" * 2001})
    return answer, ["loss-note"]


def reminder_email_wrong(site: Site) -> tuple[Any, list[str]]:
    return site.operator().post("/unit/inbox/settings", {"email": "not an address"}), ["f-email"]


WRONG: list[Wrong] = [
    review_pass_nothing_ticked, review_reject_without_opinion, approval_reject_without_opinion,
    collection_by_nobody, unit_verified_without_materials, unit_unfrozen_when_not_frozen,
    operator_password_without_materials, loss_withdrawn_without_reason, permit_unfrozen_when_not_frozen,
    investigation_of_no_permits, finding_left_without_a_date, penalty_without_anything,
    penalty_lifted_without_reason,
    search_for_nothing, queue_of_no_such_status, statistics_of_1999, verify_nothing, progress_of_nothing,
    sign_in_wrong, password_change_empty, case_started_for_no_such_permit, import_without_a_file,
    inspection_of_nobody, inspection_out_of_season, loss_report_too_long, reminder_email_wrong,
    rating_without_a_choice, withdrawal_after_the_decision,
]


@pytest.mark.parametrize("wrong", WRONG, ids=[w.__name__ for w in WRONG])
def test_a_form_submitted_wrong_answers_with_the_summary_on_top(wrong, make_unit, file_new_case, clock):
    answer, links = wrong(Site(make_unit, file_new_case, clock))
    assert answer.status_code in (200, 400, 401, 404, 409, 413, 422), answer.status_code
    html = answer.content.decode()
    top = error_summary(html)  # under the <h1>, before the forms, every link on the page
    assert top.title and all(i.text for i in top.items)
    targets = [i.target for i in top.items]
    assert targets[: len(links)] == links, top
