"""Issue 13, point 6: a draft's printed form carries 草稿（不得作为申请材料） on every page — its facts
are unchecked (a wrong ID check digit, a contract ending before it starts) — and a submitted
case's form is printed as before, without it."""

import pytest

from documents.formkit import DRAFT_MARK
from documents.tests.pdf_support import reader

pytestmark = pytest.mark.django_db


def _pages(api, case_id: int) -> list[str]:
    response = api.get(f"/applications/{case_id}/form.pdf")
    assert response.status_code == 200
    return [page.extract_text() for page in reader(response.content).pages]


def test_a_draft_prints_with_the_watermark_on_every_page(make_unit, file_new_case, clock):
    clock("2026-06-15")
    api, _ = make_unit()
    draft = file_new_case(api, until="draft")
    pages = _pages(api, draft["id"])
    assert len(pages) >= 2 and all(DRAFT_MARK in page for page in pages)


def test_a_submitted_case_prints_without_it(make_unit, file_new_case, clock):
    clock("2026-06-15")
    api, _ = make_unit()
    submitted = file_new_case(api, until="submitted")
    pages = _pages(api, submitted["id"])
    assert pages and not any("草稿" in page for page in pages)
