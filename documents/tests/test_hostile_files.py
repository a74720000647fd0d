"""Hostile files (issue 10, defect 6; security decision 19): PDFs that run scripts, launch programs or
carry files are refused; an image over 40 megapixels is refused before it is decoded; an image is
stored as a fresh copy of its pixels, so a JPEG/HTML polyglot never reaches another user's browser."""

import datetime as dt
import hashlib
import io
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript, PageTrigger
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, RectangleObject, TextStringObject

from core import images
from documents.models import CaseDocument
from documents.tests.pdf_support import scan_pdf
from documents.tests.test_uploads import _post

pytestmark = pytest.mark.django_db
HTML = b"<html><body><script>fetch('/api/v1/applications').then(r=>r.text()).then(alert)</script></html>"


@pytest.fixture
def case(make_unit, file_new_case, clock):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    return client, file_new_case(client, until="submitted")


# ---- PDFs, built with pypdf so they are real ones -------------------------------------------------


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _one_page() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def _name(value: str) -> NameObject:
    return NameObject(value)


def open_action_javascript() -> bytes:
    writer = _one_page()
    writer.root_object[_name("/OpenAction")] = writer._add_object(JavaScript("app.alert('pwned')"))
    return _written(writer)


def names_tree_javascript() -> bytes:
    writer = _one_page()
    writer.add_open_action(JavaScript("this.exportDataObject({cName: 'x', nLaunch: 2})"))  # in /Names
    return _written(writer)


def open_action_launch() -> bytes:
    writer = _one_page()
    writer.root_object[_name("/OpenAction")] = DictionaryObject(
        {_name("/S"): _name("/Launch"), _name("/F"): TextStringObject("cmd.exe")}
    )
    return _written(writer)


def page_open_javascript() -> bytes:
    writer = _one_page()
    writer.pages[0].add_action(PageTrigger.OPEN, JavaScript("app.alert(1)"))  # the page's /AA /O
    return _written(writer)


def link_javascript() -> bytes:
    writer = _one_page()
    writer.add_annotation(0, Link(rect=(50, 50, 300, 100), url="https://example.org/"))
    writer.pages[0]["/Annots"][0].get_object()[_name("/A")] = JavaScript("app.launchURL('x')")
    return _written(writer)


def embedded_file() -> bytes:
    writer = _one_page()
    writer.add_attachment("发票.exe", b"MZ\x90\x00" + b"\x00" * 60)  # /Names /EmbeddedFiles
    return _written(writer)


def file_attachment_annotation() -> bytes:
    writer = _one_page()
    data = writer._add_object(DictionaryObject({_name("/Type"): _name("/EmbeddedFile")}))
    spec = DictionaryObject(
        {_name("/Type"): _name("/Filespec"), _name("/F"): TextStringObject("a.exe"), _name("/EF"): data}
    )
    annotation = DictionaryObject(
        {
            _name("/Type"): _name("/Annot"),
            _name("/Subtype"): _name("/FileAttachment"),
            _name("/Rect"): RectangleObject((0, 0, 10, 10)),
            _name("/FS"): spec,
        }
    )
    writer.add_annotation(0, annotation)
    return _written(writer)


def hidden_in_an_object_stream() -> bytes:
    """The catalog, its page tree and a JavaScript /OpenAction packed in a Flate-compressed object
    stream, the names #-escaped: not a byte of "/JavaScript" in the file, as a search would need."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
    ]
    header, body = b"", b""
    for number, obj in enumerate(objects, start=1):
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    packed = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_at = len(out)
    out += b"5 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(header),
        len(packed),
    )
    out += packed + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]  # object 0: free
    rows += [b"\x02" + (5).to_bytes(4, "big") + i.to_bytes(2, "big") for i in range(4)]  # in stream 5
    rows += [b"\x01" + at.to_bytes(4, "big") + b"\x00\x00" for at in (stream_at, xref_at)]  # 5 and 6
    table = zlib.compress(b"".join(rows))
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
    out += b"/Length %d >>\n" % len(table)
    out += b"stream\n" + table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


HOSTILE_PDFS = {
    "/OpenAction JavaScript": (open_action_javascript, "JavaScript"),
    "/Names JavaScript": (names_tree_javascript, "JavaScript"),
    "/OpenAction /Launch": (open_action_launch, "launch"),
    "page /AA JavaScript": (page_open_javascript, "JavaScript"),
    "annotation /A JavaScript": (link_javascript, "JavaScript"),
    "/EmbeddedFiles": (embedded_file, "embedded file"),
    "/FileAttachment annotation": (file_attachment_annotation, "embedded file"),
    "in a compressed object stream": (hidden_in_an_object_stream, "JavaScript"),
}


def test_the_object_stream_pdf_is_a_real_pdf_whose_bytes_hide_the_script():
    from pypdf import PdfReader

    pdf = hidden_in_an_object_stream()
    assert b"JavaScript" not in pdf and b"/JS" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"


@pytest.mark.parametrize("hostile", HOSTILE_PDFS, ids=list(HOSTILE_PDFS))
def test_a_pdf_with_scripts_launch_actions_or_embedded_files_is_refused(case, hostile):
    client, c = case
    make, found = HOSTILE_PDFS[hostile]
    response = _post(client, c["id"], "NEW-04", "劳动合同.pdf", make())
    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "file"
    assert "PDF含有脚本、自动操作或嵌入文件" in error["message"] and "不能作为申请材料" in error["message"]
    assert f"(found: {found})" in error["message"]
    assert not CaseDocument.objects.exists()


def test_an_ordinary_pdf_is_still_accepted_as_sent(case):
    client, c = case
    pdf = scan_pdf(pages=3)
    response = _post(client, c["id"], "NEW-04", "合同.pdf", pdf)
    assert response.status_code == 201
    assert default_storage.open(CaseDocument.objects.get().name).read() == pdf  # stored as it came


def test_a_pdf_opening_at_a_page_is_accepted(case):
    """/OpenAction is also how a PDF says where to open (a destination, no action): that is no script."""
    client, c = case
    writer = _one_page()
    first_page = writer.pages[0].indirect_reference
    writer.root_object[_name("/OpenAction")] = ArrayObject([first_page, _name("/Fit")])
    assert _post(client, c["id"], "NEW-04", "合同.pdf", _written(writer)).status_code == 201


# ---- the pixel cap --------------------------------------------------------------------------------


def _png(size: tuple[int, int], mode: str = "1") -> bytes:
    """A big but tiny PNG: one bit per pixel, all black, compresses to a few KB."""
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def test_a_9000_by_9000_png_is_refused_before_a_pixel_is_decoded(case, monkeypatch):
    client, c = case
    content = _png((9000, 9000))
    assert len(content) < 100_000  # far under the 10 MB body limit
    decoded = []
    real_load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda im: decoded.append(im.size) or real_load(im))
    response = _post(client, c["id"], "NEW-06", "身份证.png", content)
    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "file" and "9000×9000" in error["message"] and "4000万像素" in error["message"]
    assert "40 megapixels" in error["message"]
    assert decoded == [] and not CaseDocument.objects.exists()


def test_the_cap_is_40_megapixels_and_an_image_at_the_cap_is_decoded_in_full():
    assert images.MAX_PIXELS == 40_000_000
    stored, kind = images.reencoded(_png((5000, 8000)))  # exactly 40,000,000 pixels
    assert kind == "PNG" and Image.open(io.BytesIO(stored)).size == (5000, 8000)
    with pytest.raises(images.TooManyPixels) as refused:
        images.reencoded(_png((5001, 8000)))
    assert refused.value.size == (5001, 8000)
    with pytest.raises(images.TooManyPixels):  # beyond even Pillow's own bomb limit: no size given
        images.check_pixels(_png((20_000, 20_000)))


# ---- polyglots: a scan is stored as a fresh image of its pixels -----------------------------------


def jpeg_html_polyglot(size: tuple[int, int] = (295, 413)) -> bytes:
    """A valid JPEG — it opens and decodes — whose bytes also hold an HTML page: in a comment
    segment and again after the image's end marker, where a sniffing browser finds it."""
    out = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(out, "JPEG", quality=90, comment=HTML)
    return out.getvalue() + HTML


def png_html_polyglot(size: tuple[int, int] = (295, 413)) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", HTML.decode())
    out = io.BytesIO()
    Image.new("RGBA", size, (67, 142, 219, 200)).save(out, "PNG", pnginfo=text)
    return out.getvalue() + HTML


@pytest.mark.parametrize(
    ("make", "content_type"), [(jpeg_html_polyglot, "image/jpeg"), (png_html_polyglot, "image/png")]
)
def test_a_polyglot_scan_is_stored_and_served_without_its_html(case, officials, make, content_type):
    client, c = case
    content = make()
    assert Image.open(io.BytesIO(content)).size == (295, 413) and b"<script" in content
    response = _post(client, c["id"], "NEW-06", "身份证.jpg", content)
    assert response.status_code == 201, response.content
    doc = response.json()
    stored = default_storage.open(CaseDocument.objects.get(pk=doc["id"]).name).read()  # decrypted
    assert b"<script" not in stored and b"<html" not in stored
    assert doc["content_type"] == content_type
    assert (doc["sha256"], doc["size"]) == (hashlib.sha256(stored).hexdigest(), len(stored))
    picture = Image.open(io.BytesIO(stored))
    assert picture.size == (295, 413) and picture.mode == Image.open(io.BytesIO(content)).mode
    served = officials["haidian"].get(f"/applications/{c['id']}/documents/{doc['id']}")
    assert served.status_code == 200 and served.content == stored  # the checksum check passes
    assert served["X-Content-Type-Options"] == "nosniff" and "attachment" in served["Content-Disposition"]


def test_a_reencoded_scan_keeps_its_picture():
    content = jpeg_html_polyglot((1240, 1754))  # an A4 page at 150 dpi
    stored, _ = images.reencoded(content)
    before = Image.open(io.BytesIO(content)).convert("L")
    after = Image.open(io.BytesIO(stored)).convert("L")
    differences = [abs(a - b) for a, b in zip(before.tobytes(), after.tobytes(), strict=True)]
    worst, mean = max(differences), sum(differences) / len(differences)
    assert after.size == before.size and mean < 1 and worst < 32


# ---- the unit portal's upload form calls the same service -----------------------------------------


def test_the_portal_form_shows_the_refusal_in_chinese_next_to_the_file_field(make_unit, file_new_case, clock):
    from accounts.models import User

    clock(dt.date(2026, 6, 15))
    api, unit_id = make_unit("haidian")
    c = file_new_case(api, until="submitted")
    browser = Client()
    browser.force_login(User.objects.get(unit_id=unit_id))
    for name, content, words in [
        ("合同.pdf", open_action_javascript(), "PDF含有脚本、自动操作或嵌入文件"),
        ("身份证.png", _png((9000, 9000)), "超过4000万像素的上限"),
    ]:
        response = browser.post(
            f"/unit/cases/{c['id']}/documents",
            {"item_code": "NEW-04", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert 'aria-invalid="true"' in page
        error = page.split('id="e-upload"', 1)[1].split("</p>", 1)[0]
        assert words in error, error
    assert not CaseDocument.objects.exists()
