"""Random investigations of valid permits (R-C02) and their findings (R-B03), over HTTP."""

import random

import pytest

from audit.models import AuditEvent
from enforcement.services import investigation_sample
from penalties.models import Finding, Investigation, Penalty, PenaltyKind
from permits.models import Permit
from rules.states import CANCEL_INVESTIGATION

pytestmark = pytest.mark.django_db


def cancel(client, permit_no, left_on="2026-06-15"):
    """The unit cancels the permit itself (R-C01)."""
    case = client.post("/applications", {"type": "cancellation", "permit_no": permit_no, "left_on": left_on})
    assert case.status_code == 201, case.content
    assert client.post(f"/applications/{case.json()['id']}/submit").status_code == 200


@pytest.fixture
def population(make_unit, file_new_case, clock):
    """On 2026-06-15: a Haidian unit with 3 valid permits, another Haidian unit whose one permit was
    cancelled, a Chaoyang unit with 1 valid permit."""
    clock("2026-06-15")
    client, unit_id = make_unit("haidian")
    valid = [file_new_case(client)["permit_no"] for _ in range(3)]
    other, _ = make_unit("haidian")
    cancelled = file_new_case(other)["permit_no"]
    cancel(other, cancelled)
    chaoyang, _ = make_unit("chaoyang")
    elsewhere = file_new_case(chaoyang, reviewer="chaoyang")["permit_no"]
    return {"client": client, "unit_id": unit_id, "valid": valid, "cancelled": cancelled,
            "elsewhere": elsewhere}


def _start(officials, size, who="haidian"):
    response = officials[who].post("/investigations", {"size": size})
    assert response.status_code == 201, response.content
    return response.json()


def test_r_c02_the_sample_is_drawn_from_the_districts_valid_permits_only(population, officials):
    drawn = _start(officials, 500)
    assert sorted(drawn["permit_nos"]) == sorted(population["valid"])
    assert len(_start(officials, 2)["permit_nos"]) == 2
    assert _start(officials, 1, who="chaoyang")["permit_nos"] == [population["elsewhere"]]


def test_r_c02_the_sample_is_reproducible_from_its_seed(population, officials):
    drawn = _start(officials, 2)
    investigation = Investigation.objects.get(pk=drawn["id"])
    assert drawn["seed"] == investigation.seed and 0 <= int(investigation.seed) < 2**64
    ids = sorted(Permit.objects.filter(permit_no__in=population["valid"]).values_list("pk", flat=True))
    replayed = random.Random(int(investigation.seed)).sample(ids, 2)  # noqa: S311 (the documented draw)
    numbers = dict(Permit.objects.values_list("pk", "permit_no"))
    assert [numbers[pk] for pk in replayed] == drawn["permit_nos"] == investigation.permit_nos
    assert investigation_sample(int(investigation.seed), list(reversed(ids)), 2) == replayed
    event = AuditEvent.objects.get(action="investigation.started", object_id=str(drawn["id"]))
    assert event.after["seed"] == investigation.seed and event.after["population"] == 3


def test_r_c02_r_b03_left_not_cancelled_cancels_as_of_left_on_and_disqualifies_the_unit(
    population, officials, clock, api
):
    drawn = _start(officials, 500)
    permit_no = drawn["permit_nos"][0]
    clock("2026-09-01")
    before = api.get("/verify", permit_no=permit_no, name="张伟").json()
    assert before["result"] == "valid"
    response = officials["haidian"].post(
        f"/investigations/{drawn['id']}/findings",
        {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-07-31"},
    )
    assert response.status_code == 201, response.content
    finding = response.json()
    assert finding["permit_no"] == permit_no and finding["left_on"] == "2026-07-31"
    # the permit is cancelled as of the leaving date
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == "cancelled"
    permit = Permit.objects.get(permit_no=permit_no)
    assert str(permit.cancelled_on) == "2026-07-31" and permit.cancel_reason == CANCEL_INVESTIGATION
    # the unit is disqualified (R-B03): a penalty naming the investigation
    penalty = Penalty.objects.get(pk=finding["penalty_id"])
    assert penalty.kind == PenaltyKind.UNIT_FALSE_DECLARATION and penalty.unit_id == population["unit_id"]
    assert f"investigation {drawn['id']}" in penalty.note and permit_no in penalty.note
    unit = population["client"].get(f"/units/{population['unit_id']}").json()
    assert unit["disqualified"] is True
    # the other permits of the unit stay valid; all is audited
    assert api.get("/verify", permit_no=drawn["permit_nos"][1], name="张伟").json()["result"] == "valid"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"investigation.finding", "permit.cancelled", "penalty.imposed"} <= actions
    detail = officials["haidian"].get(f"/investigations/{drawn['id']}").json()
    assert [f["outcome"] for f in detail["findings"]] == ["left_not_cancelled"]


def test_r_c02_an_employed_finding_changes_nothing_and_is_recorded_once(population, officials):
    drawn = _start(officials, 500)
    path = f"/investigations/{drawn['id']}/findings"
    body = {"permit_no": drawn["permit_nos"][0], "outcome": "employed"}
    response = officials["haidian"].post(path, body)
    assert response.status_code == 201, response.content
    assert response.json()["penalty_id"] is None
    assert Penalty.objects.count() == 0 and Permit.objects.filter(cancelled_at__isnull=False).count() == 1
    assert officials["haidian"].post(path, body).status_code == 409
    assert Finding.objects.count() == 1


def test_r_c02_a_permit_outside_the_sample_is_422(population, officials):
    drawn = _start(officials, 1)
    outside = next(n for n in population["valid"] if n not in drawn["permit_nos"])
    for number in (outside, population["elsewhere"], "BJ20269999999"):
        response = officials["haidian"].post(
            f"/investigations/{drawn['id']}/findings", {"permit_no": number, "outcome": "employed"}
        )
        assert response.status_code == 422, response.content
        assert response.json()["errors"][0]["rule"] == "R-C02"


def test_r_c02_left_not_cancelled_needs_a_leaving_date_not_in_the_future(population, officials):
    drawn = _start(officials, 1)
    path = f"/investigations/{drawn['id']}/findings"
    permit_no = drawn["permit_nos"][0]
    for left_on, field in ((None, "left_on"), ("2026-06-16", "left_on"), ("2026-06-14", "left_on")):
        body = {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": left_on}
        response = officials["haidian"].post(path, body)
        assert response.status_code == 422, (left_on, response.content)
        assert response.json()["errors"][0]["field"] == field
    employed_with_date = {"permit_no": permit_no, "outcome": "employed", "left_on": "2026-06-15"}
    assert officials["haidian"].post(path, employed_with_date).status_code == 422
    assert Finding.objects.count() == 0 and Penalty.objects.count() == 0


def test_r_c02_a_permit_already_cancelled_is_409_and_nothing_changes(population, officials, clock):
    drawn = _start(officials, 1)
    permit_no = drawn["permit_nos"][0]
    client = population["client"]
    cancel(client, permit_no)
    response = officials["haidian"].post(
        f"/investigations/{drawn['id']}/findings",
        {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-06-15"},
    )
    assert response.status_code == 409
    assert Finding.objects.count() == 0 and Penalty.objects.count() == 0


def test_r_c02_another_districts_investigation_is_404_and_other_roles_403(population, officials, make_unit):
    """Spec 1.1: the city approver investigates too (the tests below); an admin or a unit never."""
    drawn = _start(officials, 1)
    body = {"permit_no": drawn["permit_nos"][0], "outcome": "employed"}
    assert officials["chaoyang"].post(f"/investigations/{drawn['id']}/findings", body).status_code == 404
    assert officials["chaoyang"].get(f"/investigations/{drawn['id']}").status_code == 404
    for other in (officials["admin"], population["client"]):
        assert other.post(f"/investigations/{drawn['id']}/findings", body).status_code == 403
        assert other.get(f"/investigations/{drawn['id']}").status_code == 403
        assert other.post("/investigations", {"size": 1}).status_code == 403
    assert Finding.objects.count() == 0


# The city investigates too (R-C02, spec 1.1) -----------------------------------------------------


def test_r_c02_the_city_samples_the_whole_city_or_the_district_it_names(population, officials):
    city = officials["city"]
    whole = city.post("/investigations", {"size": 500}).json()
    assert whole["district"] is None
    assert sorted(whole["permit_nos"]) == sorted([*population["valid"], population["elsewhere"]])
    named = city.post("/investigations", {"size": 500, "district": "chaoyang"}).json()
    assert (named["district"], named["permit_nos"]) == ("chaoyang", [population["elsewhere"]])
    event = AuditEvent.objects.get(action="investigation.started", object_id=str(whole["id"]))
    assert (event.actor_role, event.after["district"], event.after["population"]) == (
        "city_approver", None, 4)


def test_r_c02_the_city_naming_an_unknown_or_empty_district_is_422(population, officials):
    unknown = officials["city"].post("/investigations", {"size": 5, "district": "atlantis"})
    assert unknown.status_code == 422
    assert [(e["rule"], e["field"]) for e in unknown.json()["errors"]] == [("R-C02", "district")]
    empty = officials["city"].post("/investigations", {"size": 5, "district": "dongcheng"})
    assert empty.status_code == 422 and empty.json()["errors"][0]["rule"] == "R-C02"
    assert Investigation.objects.count() == 0


def test_r_c02_a_district_investigates_only_its_own(population, officials):
    other = officials["haidian"].post("/investigations", {"size": 5, "district": "chaoyang"})
    assert other.status_code == 403 and Investigation.objects.count() == 0
    own = officials["haidian"].post("/investigations", {"size": 500, "district": "haidian"}).json()
    assert own["district"] == "haidian" and sorted(own["permit_nos"]) == sorted(population["valid"])


def test_r_c02_the_city_records_findings_on_its_sample_anywhere(population, officials, api):
    city = officials["city"]
    whole = city.post("/investigations", {"size": 500}).json()
    # the whole city's sample is the city's; a district sees the city's samples of its own district
    assert officials["haidian"].get(f"/investigations/{whole['id']}").status_code == 404
    named = city.post("/investigations", {"size": 500, "district": "haidian"}).json()
    assert officials["haidian"].get(f"/investigations/{named['id']}").status_code == 200
    assert officials["chaoyang"].get(f"/investigations/{named['id']}").status_code == 404
    drawn = _start(officials, 1)  # and the city sees the districts' own
    assert city.get(f"/investigations/{drawn['id']}").status_code == 200
    body = {"permit_no": population["elsewhere"], "outcome": "left_not_cancelled", "left_on": "2026-06-15"}
    recorded = city.post(f"/investigations/{whole['id']}/findings", body)
    assert recorded.status_code == 201 and recorded.json()["penalty_id"] is not None
    assert api.get("/verify", permit_no=population["elsewhere"], name="张伟").json()["result"] == "cancelled"
    assert [f["permit_no"] for f in city.get(f"/investigations/{whole['id']}").json()["findings"]] == [
        population["elsewhere"]]


def test_r_c02_size_is_1_to_500_and_an_empty_district_is_422(population, officials, make_unit):
    for size in (0, 501):
        assert officials["haidian"].post("/investigations", {"size": size}).status_code == 400
    make_unit("dongcheng")
    response = officials["dongcheng"].post("/investigations", {"size": 10})
    assert response.status_code == 422 and response.json()["errors"][0]["rule"] == "R-C02"


def test_r_c02_a_sampled_permit_whose_unit_moved_district_is_404(population, officials, clock, api):
    """After the draw the unit moved to Chaoyang (R-UI01 moves its permits at once): Haidian may no
    longer cancel the permit nor disqualify the unit through its old sample."""
    from units.models import Unit

    drawn = _start(officials, 500)
    permit_no = drawn["permit_nos"][0]
    Unit.objects.filter(pk=population["unit_id"]).update(district_id="chaoyang")  # an approved R-UI01
    clock("2026-09-01")
    response = officials["haidian"].post(
        f"/investigations/{drawn['id']}/findings",
        {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-07-31"},
    )
    assert response.status_code == 404
    assert api.get("/verify", permit_no=permit_no, name="张伟").json()["result"] == "valid"
    assert Penalty.objects.count() == 0 and Finding.objects.count() == 0
    unit = officials["chaoyang"].get(f"/units/{population['unit_id']}").json()
    assert unit["disqualified"] is False


def test_r_c02_a_finding_reads_the_permit_number_as_typed(population, officials):
    """Issue 12, point 6: the reviewer types the number from the card, in lower case or full width."""
    drawn = _start(officials, 500)
    typed = drawn["permit_nos"][0].lower().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    response = officials["haidian"].post(
        f"/investigations/{drawn['id']}/findings", {"permit_no": typed, "outcome": "employed"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["permit_no"] == drawn["permit_nos"][0]
