"""Case-lifecycle defects found in review, each at its boundary through the HTTP contract:
a permit held elsewhere (R-S01/R-S02), a permit that moved (R-E03), resubmission dates (R-R01,
R-E01), one open unit-information change (R-W05), a late supplement answer (R-B04), and the before
state of permit changes in the audit trail (security.md §7)."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from audit.models import AuditEvent
from cases.tests.support import employer_change
from cases.tests.support import file_case as _file
from cases.tests.support import submit as _submit
from conftest import HELD_ISSUED_ON
from core.crypto import mask_id, mask_name
from core.dates import months_between
from inspections.models import InspectionSource, PersonInspection, UnitInspection
from penalties.models import Penalty, PenaltyKind
from permits.models import Permit
from rules.states import CANCEL_INVESTIGATION

pytestmark = pytest.mark.django_db
ISSUED = HELD_ISSUED_ON  # `held`'s permit: expiry 2029-06-15, lapses 2029-07-15


def _review(reviewer, case, decision="pass", status=200, **extra):
    body = {"decision": decision, **extra}
    if decision == "pass":
        body["materials_received"] = [i["code"] for i in case["checklist"] if i["required"]]
    response = reviewer.post(f"/applications/{case['id']}/review", body)
    assert response.status_code == status, response.content
    return response.json()


def _supplement(reviewer, case):
    code = case["checklist"][0]["code"]
    return _review(reviewer, case, "request_supplement", missing=[code], note="缺材料")


def _address(permit_no, address="北京市海淀区学院路1号"):
    residence = {"address": address, "district": "haidian", "housing_type": "owned"}
    return {"type": "address_change", "permit_no": permit_no, "residence": residence}


def _web(unit_id):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(unit_id=unit_id))
    return client


def _docx_text(content):
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_text(content):
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row)


def _inspected(unit_id, permit_no, years):
    """Annual inspections done (R-I01), so that a test years later is about its own rule."""
    permit = Permit.objects.get(permit_no=permit_no)
    for year in years:
        UnitInspection.objects.get_or_create(unit_id=unit_id, year=year,
                                             defaults={"source": InspectionSource.DISTRICT_UNFREEZE})
        PersonInspection.objects.get_or_create(permit=permit, year=year,
                                               defaults={"source": InspectionSource.DISTRICT_UNFREEZE})


# Finding 1: the holder of a permit held elsewhere (R-S01, R-S02) ----------------------------------


def test_r_s02_a_unit_filing_for_a_permit_held_elsewhere_sees_no_name_or_id_number(
    held, make_unit, clock, officials
):
    permit_no = held.permit_no
    holder = Permit.objects.select_related("holder").get(permit_no=permit_no).holder
    full_name, id_number = holder.name, holder.id_number
    clock("2026-08-01")
    new, new_unit_id = make_unit("haidian")
    case = _file(new, employer_change(permit_no, "2026-07-31", "2026-08-01"))
    seen = [
        case,
        new.get(f"/applications/{case['id']}").json(),
        new.get("/applications").json(),
        _submit(new, case["id"]),
    ]
    assert case["applicant_name"] == mask_name(full_name) == full_name[0] + "*" * (len(full_name) - 1)
    letter = new.get(f"/applications/{case['id']}/letter.docx")
    assert letter.status_code == 200
    export = new.get("/exports/applications.xlsx")
    assert export.status_code == 200
    web = _web(new_unit_id)
    pages = [web.get(reverse(name, args=args)) for name, args in
             [("unit:case", [case["id"]]), ("unit:cases", []), ("unit:dashboard", [])]]
    assert all(p.status_code == 200 for p in pages)
    texts = [str(seen), _docx_text(letter.content), _xlsx_text(b"".join(export.streaming_content)),
             *(p.content.decode() for p in pages)]
    for text in texts:
        assert full_name not in text and id_number not in text and mask_id(id_number) not in text
    assert mask_name(full_name) in texts[1] and "持证人到窗口出示" in texts[1]
    assert mask_name(full_name) in texts[3]  # the unit's case page
    # the district sees everything, as before
    official = officials["haidian"].get(f"/applications/{case['id']}").json()
    assert official["applicant_name"] == full_name
    official_letter = _docx_text(officials["haidian"].get(f"/applications/{case['id']}/letter.docx").content)
    assert full_name in official_letter and id_number in official_letter
    # once approved, the permit is the unit's: it reads its holder in full
    _review(officials["haidian"], seen[-1])
    assert new.get(f"/applications/{case['id']}").json()["applicant_name"] == full_name


# Finding 2: a permit that moved (R-E03) -------------------------------------------------------------


def test_r_e03_when_a_permit_moves_the_former_units_open_cases_on_it_end(held, make_unit, clock, officials):
    old, old_unit_id, permit_no, _ = held
    clock("2026-08-01")
    draft_cancel = _file(old, {"type": "cancellation", "permit_no": permit_no, "left_on": "2026-07-31"})
    submitted = _submit(old, _file(old, _address(permit_no))["id"])
    replacement = _submit(old, _file(old, {"type": "replacement", "permit_no": permit_no,
                                          "reason": "damaged"})["id"])
    asked = _supplement(officials["haidian"], replacement)
    new, new_unit_id = make_unit("chaoyang")
    change = _submit(new, _file(new, employer_change(permit_no, "2026-07-31", "2026-08-01"))["id"])
    assert _review(officials["chaoyang"], change)["status"] == "approved"

    after = {c["id"]: old.get(f"/applications/{c['id']}").json() for c in (draft_cancel, submitted, asked)}
    assert [after[c["id"]]["status"] for c in (draft_cancel, submitted, asked)] == [
        "withdrawn", "withdrawn", "rejected"]
    for case in after.values():
        last = case["history"][-1]
        assert last["action"] == "transfer.close" and change["number"] in last["note"]
    closed = AuditEvent.objects.filter(action="case.transfer.close")
    assert closed.count() == 3 and all(e.after["transfer"] == change["number"] for e in closed)
    # the former unit's cancellation can no longer cancel the new unit's permit
    assert old.post(f"/applications/{draft_cancel['id']}/submit").status_code == 409
    assert new.get(f"/permits/{permit_no}").json()["status"] == "valid"
    # and nothing of the former unit blocks the new unit's submissions (R-W05)
    _submit(new, _file(new, _address(permit_no, "北京市朝阳区望京街10号"))["id"])
    _submit(new, _file(new, {"type": "replacement", "permit_no": permit_no, "reason": "lost"})["id"])


def test_r_e03_a_card_approved_for_the_former_unit_is_not_collected_after_the_move(
    held, make_unit, clock, officials
):
    old, _, permit_no, _ = held
    clock("2026-08-01")
    replacement = _review(officials["haidian"], _submit(old, _file(
        old, {"type": "replacement", "permit_no": permit_no, "reason": "lost"})["id"]))
    assert officials["city"].post(f"/applications/{replacement['id']}/approval",
                                  {"decision": "approve"}).json()["status"] == "approved"
    new, _ = make_unit("haidian")
    _review(officials["haidian"], _submit(new, _file(
        new, employer_change(permit_no, "2026-07-31", "2026-08-01"))["id"]))
    refused = officials["haidian"].post(f"/applications/{replacement['id']}/collection",
                                        {"collected_by": "operator"})
    assert refused.status_code == 409 and refused.json()["errors"][0]["rule"] == "R-E03"
    assert "其他单位" in refused.json()["errors"][0]["message"]
    assert new.get(f"/permits/{permit_no}").json()["card_version"] == 1
    lost = _file(new, {"type": "replacement", "permit_no": permit_no, "reason": "lost"})
    assert _submit(new, lost["id"])["status"] == "submitted"  # not blocked by the former unit's (R-W05)


# Finding 3: an investigation's cancellation stands (R-E03, R-C02) -----------------------------------


def test_r_e03_an_employer_change_does_not_undo_an_investigations_cancellation(
    held, make_unit, clock, officials, api
):
    from accounts.actor import Actor
    from cases.effects import permit_transfer
    from core.errors import RuleViolation
    from permits.services import permit_cancel

    permit_no = held.permit_no
    clock("2026-08-01")
    new, _ = make_unit("haidian")
    change = _submit(new, _file(new, employer_change(permit_no, "2026-07-31", "2026-08-01"))["id"])
    permit = Permit.objects.get(permit_no=permit_no)
    permit_cancel(Actor.system(), permit.pk, left_on=dt.date(2026, 7, 31), reason=CANCEL_INVESTIGATION,
                  source={"source": "finding left_not_cancelled"})
    refused = _review(officials["haidian"], change, status=422)
    assert [e["rule"] for e in refused["errors"]] == ["R-E03"]
    assert new.get(f"/applications/{change['id']}").json()["status"] == "submitted"
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == "cancelled"
    # and the transfer itself never revives it, whoever calls it
    from cases.models import Case

    with pytest.raises(RuleViolation):
        permit_transfer(Case.objects.get(pk=change["id"]), Actor.system(), dt.date(2026, 8, 1))
    permit.refresh_from_db()
    assert permit.cancel_reason == CANCEL_INVESTIGATION and permit.unit_id != change["unit_id"]


# Finding 4: a resubmission is judged as of the first submission (R-R01, R-E01) ---------------------


def _renewal(permit_no, today):
    months = [{"month": m, "payer": "unit"} for m in months_between(ISSUED, today)]
    return {"type": "renewal", "permit_no": permit_no, "employment": {"contract_ends_on": "2031-12-31"},
            "tax_months": months, "social_insurance_months": months}


def test_r_r01_a_renewal_submitted_on_the_last_day_is_resubmitted_after_the_lapse_date(
    held, clock, officials
):
    client, unit_id, permit_no, _ = held
    _inspected(unit_id, permit_no, [2027, 2028, 2029])
    clock("2029-07-15")  # the last day of the window: expiry + 1 month
    case = _submit(client, _file(client, _renewal(permit_no, dt.date(2029, 7, 15)))["id"])
    asked = _supplement(officials["haidian"], case)
    clock("2029-07-16")  # a renewal first submitted today would be too late (R-R01)
    shown = client.get(f"/applications/{case['id']}").json()
    assert shown["eligibility"]["eligible"] is True, shown["eligibility"]
    assert _submit(client, asked["id"])["status"] == "submitted"
    assert client.get(f"/permits/{permit_no}").json()["status"] == "expired"  # R-V02: not lapsed
    late = _file(client, _renewal(permit_no, dt.date(2029, 7, 16)))  # a draft blocks nobody
    assert _submit(client, late["id"], 409)["errors"][0]["rule"] == "R-W05"  # one submitted, open


def test_r_e01_an_employer_change_submitted_on_day_53_is_resubmitted_on_day_64(
    held, make_unit, clock, officials
):
    permit_no = held.permit_no
    left = dt.date(2026, 7, 1)
    clock(left + dt.timedelta(days=53))
    new, _ = make_unit("haidian")
    case = _submit(new, _file(new, employer_change(permit_no, left, left + dt.timedelta(days=1)))["id"])
    asked = _supplement(officials["haidian"], case)
    clock(left + dt.timedelta(days=64))
    assert new.get(f"/applications/{case['id']}").json()["eligibility"]["eligible"] is True
    resubmitted = _submit(new, asked["id"])
    assert resubmitted["status"] == "submitted"
    assert _review(officials["haidian"], resubmitted)["status"] == "approved"
    # a first submission on day 64 is still refused
    other = _file(new, employer_change(permit_no, left, left + dt.timedelta(days=1)), 201)
    assert "R-E01" in [e["rule"] for e in _submit(new, other["id"], 422)["errors"]]


# Finding 5: one open unit-information change per unit (R-W05) ---------------------------------------


def test_r_w05_one_submitted_unit_info_change_per_unit(held, make_unit):
    """Spec 1.1: the second draft is created; its submission is a 409 while the first is submitted,
    and goes through once the first is withdrawn. Another unit is never blocked."""
    client = held.client
    body = {"type": "unit_info_change", "changes": {"legal_representative": "赵新"}}
    first = _file(client, body)
    again = _file(client, body)
    _submit(client, first["id"])
    assert _submit(client, again["id"], 409)["errors"][0]["rule"] == "R-W05"
    other, _ = make_unit("haidian")
    _submit(other, _file(other, body)["id"])  # per unit: another unit is not blocked
    client.post(f"/applications/{first['id']}/withdraw")
    assert _submit(client, again["id"])["status"] == "submitted"
    # two submissions at once: cases/tests/test_concurrency.py (the unit's row lock, on PostgreSQL)


# Finding 6: a supplement answered late before the daily job ran (R-B04) -----------------------------


def test_r_b04_a_late_answer_before_the_job_ran_suspends_the_unit_and_is_accepted(held, clock, officials):
    from cases.sweep import supplement_timeout

    client, unit_id, permit_no, _ = held
    clock("2026-07-01")
    asked = _supplement(officials["haidian"], _submit(client, _file(client, _address(permit_no))["id"]))
    clock("2026-10-20")  # the job has not run for days
    assert _submit(client, asked["id"])["status"] == "submitted"  # a change: still accepted (R-U06)
    penalty = Penalty.objects.get(kind=PenaltyKind.SUPPLEMENT_TIMEOUT, unit_id=unit_id)
    assert penalty.application_id == asked["id"] and penalty.starts_on == dt.date(2026, 10, 2)
    assert supplement_timeout(dt.date(2026, 10, 20)) == 0  # the job finds it done


def test_r_b04_an_answer_on_the_3_month_day_is_in_time(held, clock, officials):
    client, unit_id, permit_no, _ = held
    clock("2026-07-01")
    asked = _supplement(officials["haidian"], _submit(client, _file(client, _address(permit_no))["id"]))
    clock("2026-10-01")
    _submit(client, asked["id"])
    assert not Penalty.objects.filter(unit_id=unit_id).exists()


def test_r_b04_a_late_answer_of_a_new_case_is_refused_and_the_suspension_stands(
    make_unit, file_new_case, clock, officials
):
    clock(ISSUED)
    client, unit_id = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    asked = _supplement(officials["haidian"], case)
    clock("2026-09-16")  # 2026-06-15 + 3 months = 2026-09-15
    refused = _submit(client, asked["id"], 422)
    assert [e["rule"] for e in refused["errors"]] == ["R-U06"]
    penalty = Penalty.objects.get(kind=PenaltyKind.SUPPLEMENT_TIMEOUT, unit_id=unit_id)
    assert penalty.starts_on == dt.date(2026, 9, 16)
    assert client.get(f"/applications/{asked['id']}").json()["status"] == "supplement_requested"
    _submit(client, asked["id"], 422)
    assert Penalty.objects.filter(unit_id=unit_id).count() == 1


# Finding 7: permit changes audited with their before state (security.md §7) ------------------------


def test_permit_changes_are_audited_before_and_after_with_personal_data_masked(held, clock, officials):
    from ops.demo import id_number

    client, _, permit_no, _ = held
    moved = _file(client, _address(permit_no, "新地址1号"))
    _review(officials["haidian"], _submit(client, moved["id"]))
    row = AuditEvent.objects.get(action="permit.residence_changed")
    assert row.before["residence"]["address"] != "新地址1号"
    assert row.after["residence"]["address"] == "新地址1号"

    spouse_id = id_number(dt.date(1991, 2, 2), "F")
    deps = {"marital_status": "married", "children": [],
            "spouse": {"name": "李丽", "id_number": spouse_id, "beijing_employment_contract": True}}
    _review(officials["haidian"], _submit(client, _file(
        client, {"type": "dependents_change", "permit_no": permit_no, "dependents": deps})["id"]))
    row = AuditEvent.objects.get(action="permit.dependents_changed")
    assert row.before is not None and "dependents" in row.before
    assert row.after["dependents"]["spouse"] == {"name": "李*", "id_number": mask_id(spouse_id),
                                                 "beijing_employment_contract": True}
    assert spouse_id not in str(row.after) and "李丽" not in str(row.after)

    _review(officials["haidian"], _submit(client, _file(
        client, {"type": "general_change", "permit_no": permit_no, "changes": {"name": "张维"}})["id"]))
    row = AuditEvent.objects.get(action="permit.holder_changed")
    assert row.before == {"name": "张*"} and row.after["name"] == "张*" and row.after["fields"] == ["name"]
