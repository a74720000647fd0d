"""办件进度查询 on paper: every page of the printed forms (R-W10) says, under the case number, where
the case's progress is looked up — the public /progress page of this system (PUBLIC_BASE_URL)."""

from documents.formkit import progress_address
from documents.tests import test_forms, test_renewal_form
from documents.tests.pdf_support import reader


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader(pdf).pages]


def test_the_address_is_the_public_progress_page(settings):
    settings.PUBLIC_BASE_URL = "https://permit.example.gov.cn/"
    assert progress_address() == "https://permit.example.gov.cn/progress"


def test_every_page_of_the_new_form_says_where_to_look_up_the_progress(settings):
    settings.PUBLIC_BASE_URL = "https://permit.example.gov.cn"
    pages = _pages(test_forms._render())
    assert len(pages) >= 2
    for text in pages:
        assert "凭办件编号和申请人姓名查询办理进度" in text
        assert "https://permit.example.gov.cn/progress" in text.replace(" ", "")


def test_every_page_of_the_renewal_form_says_it_too(settings):
    settings.PUBLIC_BASE_URL = "https://permit.example.gov.cn"
    for text in _pages(test_renewal_form._render()):
        assert "https://permit.example.gov.cn/progress" in text.replace(" ", "")
