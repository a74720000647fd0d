"""Test data and PDF reading shared by the documents tests."""

import io

from PIL import Image
from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text(pdf_reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader.pages)


def page_images(page) -> list:
    xobjects = page["/Resources"].get("/XObject", {})
    return [name for name, ref in xobjects.items() if ref.get_object()["/Subtype"] == "/Image"]


# The unit printed on the sample forms.
UNIT = {
    "name": "北京智联未来科技有限公司",
    "uscc": "91110108MA01ABCD2X",
    "district_name": "海淀区",
    "address": "北京市海淀区学院路30号科大天工大厦B座8层",
    "legal_representative": "张建国",
    "operator_name": "刘芳",
    "operator_phone": "010-82345678",
}


def photo(fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    img = Image.new(mode, (295, 413), (67, 142, 219) if mode == "RGB" else (67, 142, 219, 200))
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()
