"""Reading the PDFs the documents tests render."""

import io

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text(pdf_reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader.pages)


def page_images(page) -> list:
    xobjects = page["/Resources"].get("/XObject", {})
    return [name for name, ref in xobjects.items() if ref.get_object()["/Subtype"] == "/Image"]
