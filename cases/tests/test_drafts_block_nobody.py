"""Spec 1.1, "drafts block nobody": R-W05, R-P08 and R-U04 count only submitted, still open cases and
are judged at submission; a second draft for the same person or permit is created. Each rule on both
sides of its boundary, through the HTTP contract, with the case object's eligibility (the panel)
saying beforehand what the submission will answer. The races: cases/tests/test_concurrency.py."""

import datetime as dt

import pytest

from cases.tests.support import employer_change
from cases.tests.support import file_case as _file
from cases.tests.support import submit as _submit
from ops.demo import new_application, photo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def _new_draft(client, data):
    case = _file(client, {"type": "new", **data})
    assert client.upload(f"/applications/{case['id']}/photo", "p.jpg", photo()).status_code == 200
    return case


def _panel(client, case):
    """The rules the case object's eligibility names as failing today."""
    return [f["rule"] for f in client.get(f"/applications/{case['id']}").json()["eligibility"]["failures"]]


def _review(reviewer, case, decision="pass", **extra):
    body = {"decision": decision, **extra}
    if decision == "pass":
        body["materials_received"] = [i["code"] for i in case["checklist"] if i["required"]]
    response = reviewer.post(f"/applications/{case['id']}/review", body)
    assert response.status_code == 200, response.content
    return response.json()


# R-W05: one submitted, still open `new` case per person (at the unit) --------------------------------


def test_r_w05_a_second_draft_for_the_same_person_is_created_and_refused_only_at_submission(
    make_unit, clock, officials
):
    clock(TODAY)
    client, _ = make_unit("haidian")
    data = new_application(TODAY)
    first, second = _new_draft(client, data), _new_draft(client, data)
    assert first["status"] == second["status"] == "draft"
    assert _panel(client, second) == []  # the first is only a draft: it blocks nobody
    _submit(client, first["id"])
    assert _panel(client, second) == ["R-W05", "R-P08"]  # as the submission will judge it
    refused = _submit(client, second["id"], 409)
    assert [e["rule"] for e in refused["errors"]] == ["R-W05"]
    assert client.get(f"/applications/{second['id']}").json()["status"] == "draft"
    # once the first is decided (refused), the second may be submitted
    first = client.get(f"/applications/{first['id']}").json()
    _review(officials["haidian"], first, "reject", note="材料不实")
    assert _panel(client, second) == []
    assert _submit(client, second["id"])["status"] == "submitted"


# R-P08: no other submitted, still open `new` case of the person at any unit ---------------------------


def test_r_p08_another_units_draft_never_blocks_and_the_first_to_submit_wins(make_unit, clock):
    clock(TODAY)
    first_unit, _ = make_unit("haidian")
    other_unit, _ = make_unit("chaoyang")
    data = new_application(TODAY)
    courted = _new_draft(first_unit, data)
    late = _new_draft(other_unit, data)
    assert _panel(first_unit, courted) == _panel(other_unit, late) == []
    assert _submit(other_unit, late["id"])["status"] == "submitted"  # the other draft did not block it
    assert _panel(first_unit, courted) == ["R-P08"]
    refused = _submit(first_unit, courted["id"], 422)
    assert [(e["rule"], e["field"]) for e in refused["errors"]] == [("R-P08", "person.id_number")]
    assert first_unit.get(f"/applications/{courted['id']}").json()["status"] == "draft"
    # the winner withdraws: the person is free again
    assert other_unit.post(f"/applications/{late['id']}/withdraw").status_code == 200
    assert _panel(first_unit, courted) == []
    assert _submit(first_unit, courted["id"])["status"] == "submitted"


# R-U04: live permits plus submitted, still open `new` and `employer_change` cases --------------------


def test_r_u04_a_branchs_drafts_do_not_count_against_its_cap(make_unit, file_new_case, clock):
    clock(TODAY)
    branch, _ = make_unit("haidian", entity_type="branch")
    for _ in range(4):
        file_new_case(branch, until="submitted")
    drafts = [_new_draft(branch, new_application(TODAY)) for _ in range(3)]
    assert _panel(branch, drafts[0]) == []  # 4 submitted; the other drafts do not count
    assert _submit(branch, drafts[0]["id"])["status"] == "submitted"  # the 5th
    assert _panel(branch, drafts[1]) == ["R-U04"]
    refused = _submit(branch, drafts[1]["id"], 422)  # the 6th
    assert [e["rule"] for e in refused["errors"]] == ["R-U04"]


def test_r_u04_an_employer_change_into_a_branch_counts_and_is_refused_as_the_6th(
    make_unit, file_new_case, clock, officials
):
    clock(TODAY)
    former, _ = make_unit("haidian")
    permits = [file_new_case(former)["permit_no"] for _ in range(2)]
    branch, branch_id = make_unit("chaoyang", entity_type="branch")
    for _ in range(4):
        file_new_case(branch, until="submitted", reviewer="chaoyang")
    clock("2026-08-01")
    moves = [_file(branch, employer_change(p, "2026-07-31", "2026-08-01")) for p in permits]
    assert _panel(branch, moves[0]) == _panel(branch, moves[1]) == []  # 4 held: either may be the 5th
    moved = _submit(branch, moves[0]["id"])
    assert moved["status"] == "submitted"
    # the submitted change counts: a 6th, by another change or a new case, is refused
    assert _panel(branch, moves[1]) == ["R-U04"]
    assert [e["rule"] for e in _submit(branch, moves[1]["id"], 422)["errors"]] == ["R-U04"]
    sixth = _new_draft(branch, new_application(dt.date(2026, 8, 1)))
    assert [e["rule"] for e in _submit(branch, sixth["id"], 422)["errors"]] == ["R-U04"]
    # approved, the change's permit is the branch's: it does not count twice against the change itself
    assert _review(officials["chaoyang"], moved)["status"] == "approved"
    assert "R-U04" not in _panel(branch, moved)  # 4 submitted + its own permit, not 5 + 1
    # the city approver's raised cap still applies
    raised = officials["city"].post(f"/units/{branch_id}/cap", {"permit_cap": 6, "note": "市级批准"})
    assert raised.status_code == 200
    assert _submit(branch, moves[1]["id"])["status"] == "submitted"
    assert [e["rule"] for e in _submit(branch, sixth["id"], 422)["errors"]] == ["R-U04"]  # the 7th
