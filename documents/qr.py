"""QR codes drawn into PDFs."""

import segno
from reportlab.pdfgen.canvas import Canvas


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code drawn as vector squares (sharp at any print resolution; no image needed)."""
    qr = segno.make(text, error="m", micro=False)
    matrix = list(qr.matrix)
    cell = size / (len(matrix) + 8)  # a quiet zone of 4 modules on each side
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(x + (c + 4) * cell, y + size - (r + 5) * cell, cell, cell, stroke=0, fill=1)
    canvas.restoreState()
