"""Security decision 17: every xlsx the system writes keeps formula-like text as text. A name that
begins with `=`, `+`, `-`, `@`, a tab or a carriage return reaches the sheet as a text cell with
Excel's quote prefix (the same visible text), never as a live formula."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from accounts.models import User
from ops.demo import new_application
from units.models import Unit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
PAYLOAD = 'HYPERLINK("http://evil.example/x","点击")'
NAMES = ["=" + PAYLOAD, "+" + PAYLOAD, "-" + PAYLOAD, "@" + PAYLOAD, "\t=" + PAYLOAD, "\r=" + PAYLOAD]


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


def _download(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_names_are_text(content: bytes, names: list[str]) -> None:
    cells = _cells(content)
    found = {cell.value: cell for cell in cells if cell.value in names}
    assert set(found) == set(names)  # each name reads back unchanged
    for cell in found.values():
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    assert not [c.coordinate for c in cells if c.data_type == "f" and PAYLOAD in str(c.value)]


@pytest.fixture
def named_cases(make_unit, file_new_case, clock):
    """A Haidian unit holding one approved `new` case (and so one permit) per formula-like name."""
    clock(TODAY)
    client, unit_id = make_unit("haidian")
    for name in NAMES:
        data = new_application(TODAY)
        data["person"]["name"] = name
        file_new_case(client, data)
    return client, unit_id


@pytest.mark.parametrize("path", ["/exports/applications.xlsx", "/exports/permits.xlsx"])
def test_an_officials_export_keeps_formula_like_names_as_text(named_cases, officials, path):
    _assert_names_are_text(_download(officials["city"].get(path)), NAMES)


@pytest.mark.parametrize("path", ["/exports/applications.xlsx", "/exports/permits.xlsx"])
def test_a_units_export_keeps_formula_like_names_as_text(named_cases, path):
    client, _ = named_cases
    _assert_names_are_text(_download(client.get(path)), NAMES)


def test_the_workbench_queue_export_keeps_formula_like_names_as_text(named_cases, officials, client):
    client.force_login(User.objects.get(username="city_approver"))  # conftest's officials
    response = client.get("/office/queue.xlsx", {"status": "approved"})
    _assert_names_are_text(_download(response), NAMES)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize("template", ["social-insurance-certificate.xlsx", "tax-certificate.xlsx"])
def test_a_prefilled_certificate_keeps_a_formula_like_unit_name_as_text(make_unit, template, lead):
    client, unit_id = make_unit()
    name = lead + PAYLOAD
    Unit.objects.filter(pk=unit_id).update(name=name)
    _assert_names_are_text(_download(client.get(f"/templates/{template}")), [name])


def test_the_certificates_own_totals_stay_formulas(make_unit):
    client, _ = make_unit()
    cells = _cells(_download(client.get("/templates/tax-certificate.xlsx")))
    assert [c.value for c in cells if c.data_type == "f"][:1] == ["=SUM(D7:D42)"]
