import pytest

from reference.admin import ShortageCatalogueEntryForm
from reference.models import ShortageCatalogueEntry

pytestmark = pytest.mark.django_db


def test_r_p10_admin_cannot_switch_off_the_last_active_entry():
    # given only one active entry left
    ShortageCatalogueEntry.objects.exclude(code="SC-001").update(active=False)
    entry = ShortageCatalogueEntry.objects.get(code="SC-001")
    # when an admin switches it off
    form = ShortageCatalogueEntryForm({"code": "SC-001", "name": entry.name, "active": False}, instance=entry)
    # then it is refused
    assert not form.is_valid()


def test_r_p10_admin_may_switch_off_one_of_many():
    entry = ShortageCatalogueEntry.objects.get(code="SC-001")
    form = ShortageCatalogueEntryForm({"code": "SC-001", "name": entry.name, "active": False}, instance=entry)
    assert form.is_valid(), form.errors


def test_admin_pages_render(admin_client):
    for path in [
        "/admin/reference/district/",
        "/admin/reference/shortagecatalogueentry/",
        "/admin/reference/windowdayoverride/",
        "/admin/reference/district/?q=海淀",
    ]:
        assert admin_client.get(path).status_code == 200, path
