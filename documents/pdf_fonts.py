"""Fonts for the printed documents (application forms, permit card).

Every font is a TrueType file shipped in ``documents/fonts/`` and registered with ReportLab's
``TTFont``, so ReportLab subsets it and EMBEDS it in the PDF (a ``/FontFile2`` stream): the printout
looks the same on every viewer and printer. A viewer-supplied CID font (``STSong-Light`` and the
like) is never used.

Droid Sans Fallback covers CJK but has no Latin letters or digits, so text is set in runs: a
character the CJK font has is set in it, anything else (digits, Latin letters, ``-``, ``/``) in
Bitstream Vera. ``markup()`` does that for platypus Paragraphs, ``draw_text()`` for a bare canvas.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(__file__).resolve().parent / "fonts"

CJK_FONT_FILE = FONT_DIR / "DroidSansFallbackFull.ttf"  # Apache-2.0
LATIN_FONT_FILE = FONT_DIR / "Vera.ttf"  # Bitstream Vera licence
LATIN_BOLD_FONT_FILE = FONT_DIR / "VeraBd.ttf"


@dataclass(frozen=True)
class Fonts:
    cjk: str
    latin: str
    latin_bold: str
    cjk_chars: frozenset[int]
    latin_chars: frozenset[int]

    def font_for(self, ch: str, *, bold: bool = False) -> str:
        code = ord(ch)
        if code in self.cjk_chars or code not in self.latin_chars:
            return self.cjk
        return self.latin_bold if bold else self.latin

    def runs(self, text: str, *, bold: bool = False) -> list[tuple[str, str]]:
        """Split ``text`` into (font name, text) runs. A space stays in the run it is in."""
        out: list[tuple[str, str]] = []
        for ch in text:
            font = out[-1][0] if ch == " " and out else self.font_for(ch, bold=bold)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out


@lru_cache(maxsize=1)
def register_fonts() -> Fonts:
    """Register the embedded fonts with ReportLab once per process and return their names."""
    cjk = TTFont("BJPermit-CJK", str(CJK_FONT_FILE))
    latin = TTFont("BJPermit-Latin", str(LATIN_FONT_FILE))
    latin_bold = TTFont("BJPermit-Latin-Bold", str(LATIN_BOLD_FONT_FILE))
    for font in (cjk, latin, latin_bold):
        pdfmetrics.registerFont(font)
    return Fonts(
        cjk=cjk.fontName,
        latin=latin.fontName,
        latin_bold=latin_bold.fontName,
        cjk_chars=frozenset(cjk.face.charToGlyph),
        latin_chars=frozenset(latin.face.charToGlyph),
    )


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for ``text`` (XML-escaped) with each run in a font that has its glyphs.
    Newlines become line breaks. The Paragraph's own font should be the CJK font."""
    fonts = register_fonts()
    lines = []
    for line in str(text).split("\n"):
        parts = []
        for font, run in fonts.runs(line, bold=bold):
            if font == fonts.cjk:
                parts.append(escape(run))
            else:
                parts.append(f'<font face="{font}">{escape(run)}</font>')
        lines.append("".join(parts))
    return "<br/>".join(lines)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    fonts = register_fonts()
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in fonts.runs(text, bold=bold))


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
) -> float:
    """Draw ``text`` on one line at baseline ``y``; ``align`` is left, center or right of ``x``.
    Bold CJK is faked by stroking the glyph outlines (the CJK font has no bold face).
    Returns the width drawn."""
    fonts = register_fonts()
    width = text_width(text, size, bold=bold)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canvas.saveState()
    obj = canvas.beginText(x, y)
    if bold:
        canvas.setLineWidth(size * 0.035)
    for font, run in fonts.runs(text, bold=bold):
        obj.setFont(font, size)
        obj.setTextRenderMode(2 if bold and font == fonts.cjk else 0)
        obj.textOut(run)
    canvas.drawText(obj)
    canvas.restoreState()
    return width
