"""`{% load wording %}`: reference data in the page's language (web.wording)."""

from typing import Any

from django import template
from django.utils.translation import gettext

from web import wording

register = template.Library()


@register.filter
def local_name(row: Any) -> str:
    """`{{ unit.district|local_name }}`: 海淀区 on a Chinese page, Haidian District on an English one."""
    return wording.local_name(row)


@register.filter
def bracketed(text: Any) -> str:
    """`{{ rule|bracketed }}`: （R-P02） on a Chinese page, " (R-P02)" on an English one (no full-width
    brackets in English)."""
    return f" ({text})" if wording.english() else f"（{text}）"


@register.filter
def material(title: Any) -> str:
    """`{{ item.title|material }}`: a checklist title in the page's language. A title that names the
    proof for the case's housing (NEW-05, ADR-02: "heading：proof", rules.checklists) is translated
    part by part, since the catalogue holds the heading and the proof, not their join."""
    heading, colon, proof = str(title).partition("：")
    if not colon:
        return gettext(str(title))
    return f"{gettext(heading)}: {gettext(proof)}" if wording.english() else str(title)
