"""`{% load wording %}`: reference data in the page's language (web.wording)."""

from typing import Any

from django import template

from web import wording

register = template.Library()


@register.filter
def local_name(row: Any) -> str:
    """`{{ unit.district|local_name }}`: 海淀区 on a Chinese page, Haidian District on an English one."""
    return wording.local_name(row)
