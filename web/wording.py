"""What the pages say when something is wrong: in the page's language, written for a clerk, naming
the field (issue 13, point 4). One place turns what a service or a form says into a page's words:

- a service's "中文 / English" pair (the API answers both, as api.md writes them) → the half in
  the page's language;
- pydantic's English for a malformed field ("Field required", "String should have at most 200
  characters") → the same sentence in clerk's words, naming the field;
- Django's default form messages ("这个字段是必填项。", "确保该变量包含不超过40字符") → `ClerkForm`,
  the base of the site's forms, whose defaults name the field;
- a rule's seed citation ("system rule (deduplication)") → `rule_source`.

The API's answers do not change: only pages read through here."""

import re
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reference.models import District

PAIR = re.compile(r"^(?P<zh>[^/]*[\u3000-\u9fff\uff00-\uffef][^/]*?) / (?P<en>.+)$", re.DOTALL)
CJK = re.compile(r"[\u3400-\u9fff]")
NOTE = re.compile(r"[（(][^（）()]*[）)]$")  # "意见和建议（可不填）" → "意见和建议"


def english() -> bool:
    return (get_language() or "").startswith("en")


def short_label(label: Any) -> str:
    """A field's label as it is named in a sentence: without its bracketed note."""
    text = str(label or "").strip().rstrip("：:")
    text = NOTE.sub("", text).strip() or text
    if english() and text[:1].isupper() and text[1:2].islower():  # "Enter permit holder's name."
        text = text[:1].lower() + text[1:]
    return text


def sentence(text: str) -> str:
    """A sentence begins with a capital (in English; a label may begin one)."""
    return text[:1].upper() + text[1:] if english() else text


def _pydantic(message: str, label: str) -> str | None:
    """pydantic's message of a malformed field, in the page's words; None when it is not one."""
    def n(m: re.Match[str]) -> int:
        return int(m.group(1))

    patterns: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        (r"Field required", lambda m: _("请填写%(label)s。") % {"label": label}),
        (r"String should have at least (\d+) characters?",
         lambda m: (_("请填写%(label)s。") % {"label": label}) if n(m) <= 1
         else _("%(label)s至少要%(n)d个字。") % {"label": label, "n": n(m)}),
        (r"String should have at most (\d+) characters?",
         lambda m: _("%(label)s不能超过%(n)d个字。") % {"label": label, "n": n(m)}),
        (r"List should have at most (\d+) items?.*",
         lambda m: _("%(label)s最多填写%(n)d项。") % {"label": label, "n": n(m)}),
        (r"List should have at least (\d+) items?.*",
         lambda m: _("%(label)s至少填写%(n)d项。") % {"label": label, "n": n(m)}),
        (r"Input should be a valid integer.*", lambda m: _("%(label)s须填写整数。") % {"label": label}),
        (r"Input should be a valid number.*", lambda m: _("%(label)s须填写数字。") % {"label": label}),
        (r"Input should be greater than or equal to (\S+)",
         lambda m: _("%(label)s不能小于%(n)s。") % {"label": label, "n": m.group(1)}),
        (r"Input should be greater than (\S+)",
         lambda m: _("%(label)s须大于%(n)s。") % {"label": label, "n": m.group(1)}),
        (r"Input should be less than or equal to (\S+)",
         lambda m: _("%(label)s不能大于%(n)s。") % {"label": label, "n": m.group(1)}),
        (r"Input should be less than (\S+)",
         lambda m: _("%(label)s须小于%(n)s。") % {"label": label, "n": m.group(1)}),
        (r"Input should be a (valid )?date.*|Input should be a valid datetime.*|Date should .*",
         lambda m: _("%(label)s须为有效日期，格式如2026-01-31。") % {"label": label}),
        (r"Input should be a valid boolean.*", lambda m: _("%(label)s须选择“是”或“否”。") % {"label": label}),
        (r"String should match pattern .*", lambda m: _("%(label)s的格式不正确。") % {"label": label}),
        (r"Input should be .*", lambda m: _("请从列表中选择%(label)s。") % {"label": label}),
        (r"Extra inputs are not permitted", lambda m: _("本申请不填写%(label)s。") % {"label": label}),
    ]
    for pattern, say in patterns:
        if m := re.fullmatch(pattern, message.strip(), re.DOTALL):
            return say(m)
    return None


def page_message(message: str, label: Any = "", *, prefix: bool = True) -> str:
    """A message for the page, in its language; `label` names the field it is about, if known (and
    heads a service's own message that does not name it, unless `prefix` is off: the page shows
    the field beside it)."""
    named = short_label(label) or _("此项")
    text = str(message)
    if text.startswith("Value error, "):  # a schema's own check: its words follow pydantic's prefix
        text = text[len("Value error, "):]
    if m := PAIR.match(text):
        text = m.group("en") if english() else m.group("zh")
        if english():
            text = text[:1].upper() + text[1:]
            text = text if text.endswith((".", "!", "?")) else text + "."
        given = short_label(label)
        if prefix and given and given.lower() not in text.lower():  # the field it is about, named
            text = (_("%(label)s：%(message)s") % {"label": given, "message": text})
        return sentence(text)
    said = _pydantic(text, named)
    if said is not None:
        return sentence(said)
    if not english() and not CJK.search(text):  # English left by a framework: never on a Chinese page
        return _("%(label)s填写有误，请检查后重新填写。") % {"label": named}
    return text


# The labels of the fields a service may name (dotted paths of a request; a list's index as "N"),
# registered by the forms that draw them (web.unit.forms: the case form).
FIELD_LABELS: dict[str, Any] = {}


def register_labels(labels: Mapping[str, Any]) -> None:
    """Add labels; a path already named keeps its first label (the form that registered first)."""
    for path, label in labels.items():
        FIELD_LABELS.setdefault(path, label)


def label_of(field: str | None) -> Any:
    """The label of the field a service's error names ("" when no form draws it)."""
    path = re.sub(r"\.\d+(?=\.|$)", ".N", field or "")
    return FIELD_LABELS.get(field or "") or FIELD_LABELS.get(path) or ""


def page_item(item: Mapping[str, Any], label: Any = "") -> dict[str, Any]:
    """An error item (message, rule, field …) with its message for the page."""
    source = item.get("source") or item.get("message") or ""
    named = label or label_of(item.get("field"))
    return {**item, "message": page_message(source, named), "source": source}


def rule_source(seed: str) -> str:
    """A rule's seed citation as the rule table shows it: "system rule" is the system's own rule."""
    words = [
        ("system rule (deduplication)", _("系统规则（防止重复申请）")),
        ("system rule", _("系统规则")),
        ("policy ", _("京政办发〔2025〕29号") + " "),
        ("篇", _("篇")),
        (" and ", " " + _("及") + " "),
    ]
    text = seed or ""
    for source, said in words:
        text = text.replace(source, said)
    if not english():
        text = text.replace(" (", "（").replace(")", "）")
    return text


# --- reference data in the page's language ---------------------------------------------------------


def local_name(row: Any) -> str:
    """A reference row's name in the page's language: a district or a catalogue entry keeps its
    English name in `name_en` (empty: the Chinese one)."""
    if row is None:
        return ""
    english_name = getattr(row, "name_en", "")
    return str(english_name if english() and english_name else row.name)


def district_names() -> dict[str, str]:
    """{code: name} of every district, in the page's language and the districts' order."""
    return {d.code: local_name(d) for d in District.objects.all()}


# --- the site's forms ------------------------------------------------------------------------------


def _defaults(field: forms.Field) -> dict[str, Any]:
    """Django's own messages of a field's class (to tell them from those the form wrote)."""
    found: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        found.update(getattr(cls, "default_error_messages", {}))
    return found


def _clerk_messages(field: forms.Field, label: str) -> dict[str, str]:
    def say(text: str) -> str:
        return sentence(text.replace("{label}", label))

    chooses = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)
    if isinstance(field, forms.FileField):
        required = say(_("请选择要上传的{label}。"))
    elif chooses:
        required = say(_("请选择{label}。"))
    else:
        required = say(_("请填写{label}。"))
    if re.match(r"再次|请|enter ", label, re.IGNORECASE):  # a label that is itself an instruction
        required = sentence(label) + "." if english() else "请" + label.removeprefix("请") + "。"
    out = {
        "required": required,
        "max_length": say(_("{label}不能超过%(limit_value)d个字（现在是%(show_value)d个）。")),
        "min_length": say(_("{label}至少要%(limit_value)d个字（现在是%(show_value)d个）。")),
        "max_value": say(_("{label}不能大于%(limit_value)s。")),
        "min_value": say(_("{label}不能小于%(limit_value)s。")),
        "invalid_choice": say(_("请从列表中选择{label}。")),
        "invalid_list": say(_("请从列表中选择{label}。")),
        "invalid": say(_("{label}的格式不正确。")),
        "empty": say(_("上传的{label}是空文件。")),
        "missing": required,
    }
    if isinstance(field, forms.DateField):
        out["invalid"] = say(_("{label}须为有效日期，格式如2026-01-31。"))
    elif isinstance(field, forms.IntegerField):
        out["invalid"] = say(_("{label}须填写整数。"))
    elif isinstance(field, forms.EmailField):
        out["invalid"] = say(_("{label}须为有效的电子邮箱地址。"))
    return out


class ClerkForm(forms.Form):
    """The base of the site's forms: every message Django would write itself names the field, in
    the page's language ("请填写持证人姓名。", "工作居住证编号不能超过40个字（现在是41个）。").
    Messages a form writes for a field (`error_messages=`) stay as written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            defaults = _defaults(field)
            clerk = _clerk_messages(field, short_label(field.label) or name)
            messages = dict(field.error_messages)
            for key, said in clerk.items():  # also the validators' codes (max_length, min_length)
                if key not in messages or messages[key] is defaults.get(key):
                    messages[key] = said
            field.error_messages = messages
