"""Penalties (R-B01…R-B05) and random investigations (R-C02) on the workbench."""

import pytest

from ops.demo import id_number
from penalties.models import Finding, Investigation, Penalty
from permits.models import Permit
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_r_b02_district_suspends_its_unit_named_by_its_code(office, make_unit, clock):
    _, unit_id = make_unit("haidian")
    uscc = Unit.objects.get(pk=unit_id).uscc
    assert f"?uscc={uscc}" in office["haidian"].get(f"/office/units/{unit_id}/").content.decode()
    response = office["haidian"].post(
        "/office/penalties/impose",
        {"kind": "unit_negligent_review", "unit_uscc": uscc, "note": "未尽审核义务"},
    )
    assert response.status_code == 302
    penalty = Penalty.objects.get(unit_id=unit_id)
    assert str(penalty.ends_on) == "2028-06-14"  # 2 years from 2026-06-15, last day included
    html = office["haidian"].get("/office/penalties/").content.decode()
    assert "未尽审核义务" in html and "生效中" in html
    assert "解除惩戒" not in html  # only the city lifts


def test_r_b05_a_penalty_needs_a_reason_shown_beside_the_field(office, make_unit, clock):
    _, unit_id = make_unit("haidian")
    uscc = Unit.objects.get(pk=unit_id).uscc
    response = office["haidian"].post(
        "/office/penalties/impose", {"kind": "unit_review_failure", "unit_uscc": uscc, "note": ""}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'aria-describedby="id_note-error"' in html
    assert "R-B05" in html.split('id="id_note-error"')[1].split("</div>")[0]
    assert not Penalty.objects.exists()


def test_another_districts_unit_cannot_be_named(office, make_unit, clock):
    _, unit_id = make_unit("chaoyang")
    uscc = Unit.objects.get(pk=unit_id).uscc
    response = office["haidian"].post(
        "/office/penalties/impose", {"kind": "unit_review_failure", "unit_uscc": uscc, "note": "x"}
    )
    assert response.status_code == 404
    assert "没有该统一社会信用代码的单位" in response.content.decode().split('id="id_unit_uscc-error"')[1]


def test_r_b01_person_disqualified_and_masked_in_the_list(office, clock):
    import datetime as dt

    number = id_number(dt.date(1990, 1, 1))
    response = office["haidian"].post(
        "/office/penalties/impose",
        {"kind": "person_false_materials", "id_number": number, "note": "学历证书系伪造"},
    )
    assert response.status_code == 302
    html = office["chaoyang"].get("/office/penalties/").content.decode()  # person penalties: every district
    assert number not in html and number[:6] in html
    found = office["city"].post("/office/penalties/", {"id_number": number}).content.decode()
    assert "学历证书系伪造" in found  # the filter is posted: no ID number in the URL (security 15)
    other = id_number(dt.date(1991, 1, 1))
    someone_else = office["city"].post("/office/penalties/", {"id_number": other}).content.decode()
    assert "学历证书系伪造" not in someone_else
    assert 'method="post" class="filters"' in found


def test_r_b05_the_city_lifts_with_a_reason_and_a_district_may_not(office, make_unit, clock):
    _, unit_id = make_unit("haidian")
    uscc = Unit.objects.get(pk=unit_id).uscc
    office["city"].post(
        "/office/penalties/impose",
        {"kind": "unit_review_failure", "unit_uscc": uscc, "note": "未履行审核职责"},
    )
    penalty = Penalty.objects.get()
    url = f"/office/penalties/{penalty.pk}/lift"
    assert office["haidian"].post(url, {"note": "整改完毕"}).status_code == 403
    refused = office["city"].post(url, {"note": ""})
    assert refused.status_code == 422
    assert "R-B05" in refused.content.decode().split(f'id="lift-error-{penalty.pk}"')[1].split("</div>")[0]
    assert office["city"].post(url, {"note": "整改完毕"}).status_code == 302
    penalty.refresh_from_db()
    assert penalty.lifted_at is not None and penalty.lift_note == "整改完毕"
    assert "已解除" in office["city"].get("/office/penalties/").content.decode()


def test_penalties_are_for_officials_only(unit_web, client):
    web, _, _ = unit_web()
    assert web.get("/office/penalties/").status_code == 403
    assert web.post("/office/penalties/impose", {}).status_code == 403


def test_r_c02_investigation_samples_and_a_left_not_cancelled_finding_cancels(
    office, make_unit, file_new_case, clock
):
    client, unit_id = make_unit("haidian")
    permit_no = file_new_case(client)["permit_no"]
    response = office["haidian"].post("/office/investigations/new", {"size": 5})
    assert response.status_code == 302
    investigation = Investigation.objects.get()
    assert investigation.permit_nos == [permit_no]
    assert office["chaoyang"].get(response["Location"]).status_code == 404
    html = office["haidian"].get(response["Location"]).content.decode()
    assert permit_no in html and str(investigation.seed) in html
    url = f"/office/investigations/{investigation.pk}/findings"
    refused = office["haidian"].post(url, {"permit_no": permit_no, "outcome": "left_not_cancelled"})
    assert refused.status_code == 422
    assert "R-C02" in refused.content.decode().split(f'id="finding-error-{permit_no}"')[1].split("</div>")[0]
    done = office["haidian"].post(
        url, {"permit_no": permit_no, "outcome": "left_not_cancelled", "left_on": "2026-06-15"}
    )
    assert done.status_code == 302
    assert Finding.objects.get().outcome == "left_not_cancelled"
    assert Permit.objects.get(permit_no=permit_no).cancelled_on.isoformat() == "2026-06-15"
    assert Penalty.objects.get(unit_id=unit_id).kind == "unit_false_declaration"
    assert "已离职但单位未注销" in office["haidian"].get(response["Location"]).content.decode()


def test_r_c02_the_city_investigates_the_whole_city_or_a_district_on_the_workbench(
    office, make_unit, file_new_case, clock
):
    haidian, _ = make_unit("haidian")
    chaoyang, _ = make_unit("chaoyang")
    here = file_new_case(haidian)["permit_no"]
    there = file_new_case(chaoyang, reviewer="chaoyang")["permit_no"]
    page = office["city"].get("/office/investigations/").content.decode()
    assert 'href="/office/investigations/"' in page  # the menu leads there (spec 1.1)
    assert 'name="district"' in page and '<option value="">全市</option>' in page
    assert "从全市或所选区的有效证件中随机抽取样本" in page
    whole = office["city"].post("/office/investigations/new", {"size": 5, "district": ""})
    assert whole.status_code == 302
    assert sorted(Investigation.objects.get(district=None).permit_nos) == sorted([here, there])
    html = office["city"].get(whole["Location"]).content.decode()
    assert "<dd>全市</dd>" in html and there in html and here in html
    named = office["city"].post("/office/investigations/new", {"size": 5, "district": "chaoyang"})
    assert Investigation.objects.get(district="chaoyang").permit_nos == [there]
    assert office["chaoyang"].get(named["Location"]).status_code == 200  # its own district's
    assert office["haidian"].get(whole["Location"]).status_code == 404  # the city's, city-wide
    url = f"{whole['Location']}findings"
    done = office["city"].post(url, {"permit_no": there, "outcome": "employed"})
    assert done.status_code == 302 and Finding.objects.get().permit.permit_no == there
    listed = office["city"].get("/office/investigations/").content.decode()
    assert "全部抽查：共 2 次" in listed and "<td>朝阳区</td>" in listed


def test_r_c02_a_district_draws_only_its_own_on_the_workbench(office, make_unit, file_new_case, clock):
    client, _ = make_unit("haidian")
    file_new_case(client)
    page = office["haidian"].get("/office/investigations/").content.decode()
    assert 'name="district"' not in page and "从本区有效证件中随机抽取样本" in page
    refused = office["haidian"].post("/office/investigations/new", {"size": 5, "district": "chaoyang"})
    assert refused.status_code == 403 and not Investigation.objects.exists()
    unknown = office["city"].post("/office/investigations/new", {"size": 5, "district": "atlantis"})
    assert unknown.status_code == 400 and 'aria-describedby="id_district-error"' in unknown.content.decode()


def test_r_c02_no_valid_permit_to_sample_is_refused_beside_the_size(office, clock):
    response = office["haidian"].post("/office/investigations/new", {"size": 3})
    assert response.status_code == 422
    assert "R-C02" in response.content.decode()


def _ids(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Ids(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value or "" for name, value in attrs if name == "id")

    Ids().feed(html)
    return found


def test_every_id_on_the_penalties_page_is_unique_and_each_label_names_its_own_field(office, clock):
    html = office["city"].get("/office/penalties/").content.decode()
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    filter_form = html.split('class="filters" role="search"')[1].split("</form>")[0]  # not the search box
    impose_form = html.split('id="impose-title"')[1].split("</form>")[0]
    for form in (filter_form, impose_form):  # both forms have a 惩戒类型 and an ID number field
        for label_for in form.split('<label for="')[1:]:
            target = label_for.split('"')[0]
            assert f'id="{target}"' in form, target
    assert 'name="kind"' in filter_form and 'name="kind"' in impose_form
