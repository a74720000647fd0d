"""The permit card (《北京市工作居住证》) as printed at collection (api.md `card.pdf`): holder, photo,
permit number, unit, validity, card version and a QR code whose text is the absolute URL of
`/verify/qr/<signed token>` — the same page answers with the live status."""

import io
from collections.abc import Mapping
from typing import Any

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from documents.formkit import date_cn, photo_image
from documents.pdf_fonts import draw_text
from documents.qr import draw_qr

CARD = landscape((105 * mm, 148 * mm))  # A6 landscape: a card readable without a magnifier
INK, RED = (0.1, 0.15, 0.3), (0.7, 0.1, 0.1)


def permit_card_pdf(*, permit: Mapping[str, Any], photo: bytes | None, verify_url: str) -> bytes:
    """`permit`: permit_no, holder_name, holder_sex, holder_id_number, unit_name, issue_date,
    expiry_date, card_version."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=CARD, invariant=1)
    canvas.setTitle(f"北京市工作居住证 {permit['permit_no']}")
    width, height = CARD
    canvas.setStrokeColorRGB(*INK)
    canvas.setLineWidth(1.2)
    canvas.roundRect(4 * mm, 4 * mm, width - 8 * mm, height - 8 * mm, 4 * mm)
    canvas.setFillColorRGB(*RED)
    draw_text(canvas, width / 2, height - 17 * mm, "北京市工作居住证", 17, bold=True, align="center")
    canvas.setFillColorRGB(*INK)
    draw_text(canvas, width / 2, height - 23 * mm, "Beijing Work Residence Permit", 7.5, align="center")

    photo_w, photo_h = 25 * mm, 35 * mm
    px, py = 10 * mm, height - 30 * mm - photo_h
    image = photo_image(photo)
    if image is not None:
        canvas.drawImage(image, px, py, photo_w, photo_h, preserveAspectRatio=True, anchor="c")
    canvas.rect(px, py, photo_w, photo_h)

    rows = [
        ("证件编号", permit["permit_no"]),
        ("姓　　名", permit["holder_name"]),
        ("性　　别", {"M": "男", "F": "女"}.get(permit.get("holder_sex") or "", "")),
        ("身份证号", permit.get("holder_id_number", "")),
        ("聘用单位", permit["unit_name"]),
        ("有效期限", f"{date_cn(permit['issue_date'])} 至 {date_cn(permit['expiry_date'])}"),
        ("证件版本", f"第{permit['card_version']}版"),
    ]
    x, y = px + photo_w + 6 * mm, height - 33 * mm
    for label, value in rows:
        draw_text(canvas, x, y, label, 8.5, bold=True)
        draw_text(canvas, x + 17 * mm, y, str(value), 8.5)
        y -= 6.2 * mm

    qr_size = 30 * mm
    qx, qy = width - 10 * mm - qr_size, 9 * mm
    draw_qr(canvas, verify_url, qx, qy, qr_size)
    draw_text(canvas, qx + qr_size / 2, qy - 2.5 * mm, "扫码核验真伪", 6.5, align="center")
    draw_text(canvas, 10 * mm, 12 * mm, "北京市人力资源和社会保障局", 8.5)
    draw_text(
        canvas, 10 * mm, 8 * mm, f"本证有效期至{date_cn(permit['expiry_date'])}，过期须按规定续签。", 6.5
    )
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
