"""Issue 13, point 10: the case form's live answer (eligibility, checklist, the error beside each
field) is computed from the values on the page without writing anything; the draft is saved when
the clerk saves, on the way to submitting, and when they leave the page — one history edit and one
audit row per save, none for a save that changes nothing."""

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from cases.models import Case, CaseEvent
from core.dates import add_months
from ops.demo import new_application
from web.tests.unit.support import html
from web.tests.unit.test_cases import HX, TODAY, draft, form_of

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b|\bFOR UPDATE\b", re.IGNORECASE)


def _row(case_id: int) -> dict[str, Any]:
    return Case.objects.filter(pk=case_id).values().get()


def _counts(case_id: int) -> tuple[int, int]:
    return CaseEvent.objects.filter(case_id=case_id).count(), AuditEvent.objects.count()


def _rules(page: str) -> list[str]:
    """The rule IDs the panel lists as not met, in order."""
    failures = page.split('class="failures"')[1].split("</ul>")[0] if 'class="failures"' in page else ""
    return re.findall(r'<strong class="rule">(R-[A-Z0-9]+)</strong>', failures)


def test_25_live_updates_write_nothing_and_answer_the_unsaved_values(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    client.get(f"/unit/cases/{case['id']}")  # the page view: its one case.viewed row
    row, counts = _row(case["id"]), _counts(case["id"])
    form = form_of(data)
    with CaptureQueriesContext(connection) as queries:
        for n in range(25):
            form |= {"person.hukou": f"河北省保定市{n}号"}
            response = client.post(f"/unit/cases/{case['id']}/live", form, **HX)
            assert response.status_code == 200
    assert [q["sql"] for q in queries if WRITES.search(q["sql"])] == []  # no lock, no write
    assert _row(case["id"]) == row
    assert _counts(case["id"]) == counts  # no history entry, no audit row
    # the answer is the unsaved values': hired two months ago fails R-P02, not stored
    late = form | {"employment.started_on": add_months(TODAY, -2).isoformat()}
    assert "R-P02" in _rules(html(client.post(f"/unit/cases/{case['id']}/live", late, **HX)))
    assert "R-P02" not in _rules(html(client.get(f"/unit/cases/{case['id']}")))


def test_a_contract_that_ends_before_it_starts_shows_its_error_live_and_is_not_stored(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    counts = _counts(case["id"])
    form = form_of(data) | {
        "employment.started_on": "2025-01-01",
        "employment.contract_ends_on": "2024-12-31",
    }
    page = html(client.post(f"/unit/cases/{case['id']}/live", form, **HX))
    slot = page.split('id="e-employment-contract_ends_on"')[1].split("</p>")[0]
    assert "早于入职日期" in slot
    assert Case.objects.get(pk=case["id"]).data["employment"] == data["employment"]
    assert _counts(case["id"]) == counts


def test_saving_the_draft_writes_one_edit_and_a_save_without_change_writes_nothing(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    events, audits = _counts(case["id"])
    form = form_of(data) | {"person.hukou": "河北省保定市", "employment.contract_ends_on": "2029-06-15"}
    for _ in range(3):  # the clerk changes the form three times before saving
        client.post(f"/unit/cases/{case['id']}/live", form, **HX)
    assert client.post(f"/unit/cases/{case['id']}", form).status_code == 302  # 保存草稿
    edits = CaseEvent.objects.filter(case_id=case["id"], action="patch")
    assert [e.details["fields"] for e in edits] == [["employment", "person"]]  # the sections changed
    assert AuditEvent.objects.filter(action="case.patch").count() == 1
    assert _counts(case["id"]) == (events + 1, audits + 1)
    assert client.post(f"/unit/cases/{case['id']}", form).status_code == 302  # saved again, unchanged
    assert _counts(case["id"]) == (events + 1, audits + 1)
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert "修改（" not in page  # one edit: no count after it


def test_leaving_the_page_saves_the_draft_and_answers_nothing(portal, clock):
    """static/js/case-form.js sends the form with `leaving` when the clerk leaves the page: saved as
    保存草稿 saves it, answered 204 (no page rendered, so no case.viewed row)."""
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    form = form_of(data) | {"person.hukou": "河北省保定市", "leaving": "1"}
    response = client.post(f"/unit/cases/{case['id']}", form)
    assert response.status_code == 204 and response.content == b""
    assert Case.objects.get(pk=case["id"]).data["person"]["hukou"] == "河北省保定市"
    rows = AuditEvent.objects.filter(action__startswith="case.", object_id=str(case["id"]))
    assert list(rows.values_list("action", flat=True)) == ["case.create", "case.patch"]


@pytest.mark.parametrize("months_ago", [2, 18])
def test_the_live_eligibility_is_the_saved_cases(portal, clock, months_ago):
    """The rules run on the unsaved values by the same code as on the saved case (cases.services.
    case_preview, then eligibility): the panel lists what the API's case answers once saved."""
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    data["employment"]["started_on"] = (TODAY - dt.timedelta(days=30 * months_ago)).isoformat()
    data["person"]["hukou"] = "河北省保定市"
    live = _rules(html(client.post(f"/unit/cases/{case['id']}/live", form_of(data), **HX)))
    assert client.post(f"/unit/cases/{case['id']}", form_of(data)).status_code == 302
    saved = api.get(f"/applications/{case['id']}").json()["eligibility"]["failures"]
    assert live == [f["rule"] for f in saved] and live


def test_every_out_of_band_swap_of_the_live_answer_has_its_target_on_the_page(portal, clock):
    """htmx logs htmx:oobErrorNoTarget for a swap whose element is not on the page: the live answer
    redraws only what the page draws — no months table cells (they have no error slot), no child row
    beyond the page's."""
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert 'name="tax_months.2026-05"' in page and 'name="dependents.children.0.name"' in page
    form = form_of(data) | {"dependents.children.0.name": "张小明", "dependents.children.0.id_number": ""}
    live = html(client.post(f"/unit/cases/{case['id']}/live", form, **HX))
    swapped = re.findall(r'id="([^"]+)"[^>]*hx-swap-oob', live)
    assert "live-summary" in swapped and "e-person-name" in swapped
    assert [i for i in swapped if f'id="{i}"' not in page] == []


def test_submitting_from_the_case_page_saves_the_form_once_then_opens_the_check(portal, clock):
    """提交申请 on the case page is the form's own submission (`next=check`): one save, then 核对信息."""
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    events = _counts(case["id"])[0]
    form = form_of(data) | {"person.hukou": "河北省保定市", "next": "check"}
    response = client.post(f"/unit/cases/{case['id']}", form)
    assert response.status_code == 302 and response["Location"] == f"/unit/cases/{case['id']}/check"
    assert Case.objects.get(pk=case["id"]).data["person"]["hukou"] == "河北省保定市"
    assert CaseEvent.objects.filter(case_id=case["id"], action="patch").count() == 1
    assert _counts(case["id"])[0] == events + 1
    assert AuditEvent.objects.filter(action="case.patch").count() == 1
