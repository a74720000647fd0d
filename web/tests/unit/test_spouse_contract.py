"""R-D01 (spec 1.1) on the unit's case form: the spouse's optional contract end date is a field of
the dependents, kept in the case's data, and the checklist asks for the renewed contract (NEW-10AR)
exactly when it ends less than 2 months after today."""

import datetime as dt

import pytest

from cases.models import Case
from core.dates import add_months
from ops.demo import id_number, new_application
from web.tests.unit.support import html
from web.tests.unit.test_cases import HX, TODAY, draft, form_of

pytestmark = pytest.mark.django_db


def test_r_d01_the_spouses_contract_end_on_the_form_and_the_checklist(portal, clock):
    client, _, api = portal()
    data = new_application(TODAY)
    case = draft(api, data)
    page = html(client.get(f"/unit/cases/{case['id']}"))
    assert 'name="dependents.spouse.contract_ends_on"' in page and "配偶劳动合同截止日期" in page
    spouse = {
        "dependents.marital_status": "married",
        "dependents.spouse.name": "李娜",
        "dependents.spouse.id_number": id_number(dt.date(1992, 1, 1), "F"),
        "dependents.spouse.beijing_employment_contract": "on",
    }
    last_day = add_months(TODAY, 2) - dt.timedelta(days=1)
    ends = {"dependents.spouse.contract_ends_on": last_day.isoformat()}
    page = html(client.post(f"/unit/cases/{case['id']}/live", form_of(data) | spouse | ends, **HX))
    assert "NEW-10AR" in page and "配偶的续签聘用（劳动）合同" in page  # live, before any save
    # 保存草稿 stores it
    assert client.post(f"/unit/cases/{case['id']}", form_of(data) | spouse | ends).status_code == 302
    assert Case.objects.get(pk=case["id"]).data["dependents"]["spouse"]["contract_ends_on"] == "2026-08-14"
    ends = {"dependents.spouse.contract_ends_on": add_months(TODAY, 2).isoformat()}
    page = html(client.post(f"/unit/cases/{case['id']}/live", form_of(data) | spouse | ends, **HX))
    assert "NEW-10A" in page and "NEW-10AR" not in page
    page = html(client.post(f"/unit/cases/{case['id']}/live", form_of(data) | spouse, **HX))  # left empty
    assert "NEW-10AR" not in page
    assert client.post(f"/unit/cases/{case['id']}", form_of(data) | spouse).status_code == 302
    assert "contract_ends_on" not in Case.objects.get(pk=case["id"]).data["dependents"]["spouse"]
