"""`{% load wording %}`: reference data in the page's language (web.wording)."""

from typing import Any

from django import template

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
