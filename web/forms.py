from django import forms
from django.utils.translation import gettext_lazy as _

from web.wording import ClerkForm


class VerifyForm(ClerkForm):
    """The public verification form (真伪验证). GET, so that a result can be linked."""

    permit_no = forms.CharField(label=_("工作居住证编号"), max_length=40, strip=True)
    name = forms.CharField(label=_("持证人姓名（全名）"), max_length=60, strip=True)
