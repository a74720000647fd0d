"""Fixtures of the case tests (the shared ones are the root conftest's)."""

import pytest


@pytest.fixture
def asked(make_unit, file_new_case, officials, clock):
    """A Haidian unit whose `new` case was asked for more materials on `day`: (client, unit id, case)."""

    def ask(day: str, district: str = "haidian"):
        clock(day)
        client, unit_id = make_unit(district)
        case = file_new_case(client, until="submitted", reviewer=district)
        response = officials[district].post(
            f"/applications/{case['id']}/review",
            {"decision": "request_supplement", "missing": ["NEW-08"], "note": "个税证明缺公章"},
        )
        assert response.status_code == 200, response.content
        return client, unit_id, case

    return ask
