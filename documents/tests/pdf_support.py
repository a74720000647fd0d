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


def scan_pdf(pages: int = 1) -> bytes:
    """A small but real PDF (blank A4 pages), as a scanner would send: it opens and has pages."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def page_qr_codes(pdf: bytes, dpi: int = 72) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """Each page rasterised at ``dpi`` as a scanner would see it, and the QR codes read from it: their
    text and box (left, top, right, bottom) in millimetres from the page's top-left corner."""
    import pypdfium2
    import zxingcpp

    px_mm = dpi / 25.4
    pages = []
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72).to_pil()
        codes = []
        for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            p = code.position
            xs = [pt.x for pt in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            ys = [pt.y for pt in (p.top_left, p.top_right, p.bottom_left, p.bottom_right)]
            box = (min(xs) / px_mm, min(ys) / px_mm, max(xs) / px_mm, max(ys) / px_mm)
            codes.append((code.text, box))
        pages.append(codes)
    document.close()
    return pages
