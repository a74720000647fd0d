import pytest

from reference.models import EntityType, ShortageCatalogueEntry

pytestmark = pytest.mark.django_db


def test_districts_have_code_name_and_contacts(api):
    response = api.get("/reference/districts")
    assert response.status_code == 200
    items = {item["code"]: item for item in response.json()["items"]}
    assert len(items) == 17
    assert items["haidian"]["name"] == "海淀区"
    assert "62615183" in items["haidian"]["phone"]
    assert "73976086" in items["xicheng"]["phone"]  # former 宣武
    assert "84409410" in items["chaoyang"]["phone"]
    assert "曙光西里1号" in items["chaoyang"]["address"]
    assert all(item["phone"] for item in items.values())


def test_r_u01_entity_types(api):
    response = api.get("/reference/entity-types")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["code"] for item in items] == list(EntityType.values)
    assert {"code": "enterprise", "name": "企业法人"} in items


def test_r_p10_shortage_catalogue_is_never_empty(api):
    response = api.get("/reference/shortage-catalogue")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) >= 20
    assert {
        "code": "SC-001",
        "name": "人工智能",
        "name_en": "Artificial intelligence",
        "category": "新一代信息技术",
    } in items


def test_r_p10_inactive_entries_are_not_listed(api):
    ShortageCatalogueEntry.objects.filter(code="SC-001").update(active=False)
    codes = [item["code"] for item in api.get("/reference/shortage-catalogue").json()["items"]]
    assert "SC-001" not in codes
    assert codes


def test_unknown_reference_list_is_404_problem(api):
    response = api.get("/reference/planets")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
