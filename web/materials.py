"""The public materials lists (/materials, materials.md): the unit registration (REG), each case type,
and the operator's password reset at the window (PWD, R-W12). Codes, titles, the proofs by housing
type (NEW-05, ADR-02) and the condition of each item are read from the definitions the checklists are
computed from (`rules.checklists`), in the reader's language: the page restates no condition, so it
cannot say something the window does not ask (issue 11.6)."""

from typing import Any

from django.utils.translation import gettext as _

from cases.models import CaseType
from rules.checklists import CHECKLISTS, PWD_MATERIALS, REG_MATERIALS, Material
from web.present import VALUES


def catalogue() -> list[dict[str, Any]]:
    """One section per list, in the order a unit meets them: registration, the case types, then the
    password reset."""
    sections = [_section("registration", _("单位注册"), REG_MATERIALS,
                         _("单位在网上注册后，持下列材料到所在区的办理窗口核验；核验通过后才能申报。"))]
    sections += [_section(t.value, str(t.label), CHECKLISTS[t.value]) for t in CaseType]
    sections.append(_section("password-reset", _("经办人密码重置"), PWD_MATERIALS,
                             _("经办人的密码遗失的，单位持下列材料到所在区的办理窗口重置。重置后经办人"
                               "原有的登录全部失效，临时密码只能用来设置新密码。")))
    return sections


def _section(anchor: str, label: str, materials: tuple[Material, ...], note: str = "") -> dict[str, Any]:
    return {"type": anchor, "label": label, "note": note, "items": [_row(m) for m in materials]}


def _row(material: Material) -> dict[str, Any]:
    housing = VALUES["housing_type"]
    variants = [{"housing": str(housing[key]), "proof": _(proof)} for key, proof in material.by_housing]
    if material.when is not None:
        condition = _(material.when.text)
    elif variants:
        condition = _("都需要，按住房类型提供相应的一种")
    else:
        condition = _("都需要")
    return {
        "code": material.code,
        "title": _(material.heading if variants else material.title),
        "variants": variants,
        "condition": condition,
    }
