"""Forms of the officials' workbench. They parse input only; every rule is the services' (a refusal
comes back as a DomainError and is shown next to the control it names)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStatus, CaseType
from enforcement.services import MAX_SAMPLE
from penalties.models import FindingOutcome, PenaltyKind
from rules.checklists import PWD_CHECKLIST
from rules.penalties import KIND_RULE
from search.schemas import MAX_Q
from web.wording import ClerkForm, district_names

AWAITING_COLLECTION = "awaiting_collection"  # `approved` cases of a type whose card is still to collect

QUEUE_LABELS = {
    CaseStatus.SUBMITTED.value: _("待初审"),
    CaseStatus.SUPPLEMENT_REQUESTED.value: _("待补充材料"),
    AWAITING_COLLECTION: _("待领证"),
    CaseStatus.DISTRICT_PASSED.value: _("待审批"),
}
STATUS_CHOICES = [
    (CaseStatus.SUBMITTED.value, QUEUE_LABELS[CaseStatus.SUBMITTED.value]),
    (CaseStatus.SUPPLEMENT_REQUESTED.value, QUEUE_LABELS[CaseStatus.SUPPLEMENT_REQUESTED.value]),
    (CaseStatus.DISTRICT_PASSED.value, QUEUE_LABELS[CaseStatus.DISTRICT_PASSED.value]),
    (AWAITING_COLLECTION, QUEUE_LABELS[AWAITING_COLLECTION]),
    (CaseStatus.APPROVED.value, _("已批准（全部）")),
    (CaseStatus.COLLECTED.value, CaseStatus.COLLECTED.label),
    (CaseStatus.REJECTED.value, CaseStatus.REJECTED.label),
    (CaseStatus.WITHDRAWN.value, CaseStatus.WITHDRAWN.label),
]


class QueueFilter(ClerkForm):
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)
    type = forms.ChoiceField(
        label=_("业务类型"), choices=[("", _("全部类型")), *CaseType.choices], required=False
    )
    unit = forms.CharField(label=_("单位名称"), max_length=100, required=False, strip=True)
    number = forms.CharField(label=_("办件编号"), max_length=40, required=False, strip=True)


class SearchForm(ClerkForm):
    """The workbench's search box (search.selectors reads what is typed). Posted: a full ID number
    stays out of the URL (security decision 15)."""

    q = forms.CharField(
        label=_("查找办件或证件"),
        max_length=MAX_Q,
        strip=True,  # a scanner's Enter, and blank is nothing typed; the search reads the rest
        error_messages={
            "required": _("请输入办件编号、证件编号或身份证号码。"),
            "max_length": _("输入的内容过长：请只输入一个编号或身份证号码。"),
        },
    )


class NameFilter(ClerkForm):
    unit = forms.CharField(label=_("单位名称"), max_length=100, required=False, strip=True)


class ReviewForm(ClerkForm):
    decision = forms.ChoiceField(
        choices=[
            ("pass", _("初审通过")),
            ("request_supplement", _("要求补充材料")),
            ("reject", _("不予通过")),
        ]
    )
    materials_received = forms.MultipleChoiceField(required=False)
    missing = forms.MultipleChoiceField(required=False)
    note = forms.CharField(label=_("意见"), max_length=4000, required=False)

    def __init__(self, *args: object, codes: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(c, c) for c in codes]
        self.fields["materials_received"].choices = choices  # type: ignore[attr-defined]
        self.fields["missing"].choices = choices  # type: ignore[attr-defined]


class ApprovalForm(ClerkForm):
    decision = forms.ChoiceField(choices=[("approve", _("批准")), ("reject", _("不予批准"))])
    note = forms.CharField(label=_("意见"), max_length=4000, required=False)
    confirm_special_talent = forms.BooleanField(required=False)


class CollectionForm(ClerkForm):
    collected_by = forms.ChoiceField(
        label=_("领证人"), choices=[("holder", _("持证人本人")), ("operator", _("单位经办人"))]
    )
    note = forms.CharField(label=_("备注"), max_length=4000, required=False)


class VerificationForm(ClerkForm):
    decision = forms.ChoiceField(choices=[("approve", _("核验通过")), ("reject", _("不予通过"))])
    materials_received = forms.MultipleChoiceField(required=False)
    note = forms.CharField(label=_("意见"), max_length=4000, required=False)

    def __init__(self, *args: object, codes: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["materials_received"].choices = [(c, c) for c in codes]  # type: ignore[attr-defined]


class NoteForm(ClerkForm):
    note = forms.CharField(label=_("备注"), max_length=4000, required=False)


class OperatorPasswordForm(ClerkForm):
    """R-W12 at the window: the PWD materials ticked received (R-W02 is the service's) and a note."""

    materials_received = forms.MultipleChoiceField(
        required=False, choices=[(item.code, item.code) for item in PWD_CHECKLIST]
    )
    note = forms.CharField(label=_("备注"), max_length=4000, required=False)


OFFICIAL_KINDS = [(k, PenaltyKind(k).label) for k in KIND_RULE]  # the kinds an official imposes


class PenaltyFilter(ClerkForm):
    kind = forms.ChoiceField(
        label=_("惩戒类型"), choices=[("", _("全部类型")), *PenaltyKind.choices], required=False
    )
    id_number = forms.CharField(label=_("身份证号码（精确查找）"), max_length=32, required=False, strip=True)
    in_force = forms.BooleanField(label=_("只看生效中的"), required=False)


class ImposeForm(ClerkForm):
    kind = forms.ChoiceField(label=_("惩戒类型"), choices=OFFICIAL_KINDS)
    unit_uscc = forms.CharField(
        label=_("被处罚单位的统一社会信用代码（单位处罚）"), max_length=18, required=False, strip=True
    )
    id_number = forms.CharField(
        label=_("申请人身份证号码（取消申请人申报资格）"), max_length=32, required=False, strip=True
    )
    application_number = forms.CharField(
        label=_("相关办件编号（可选）"), max_length=24, required=False, strip=True
    )
    note = forms.CharField(label=_("理由"), max_length=2000, required=False)


class InvestigationForm(ClerkForm):
    """`district` is the city approver's choice (R-C02: any district, or the whole city when blank);
    a district reviewer's form does not show it, its samples are its own district's."""

    size = forms.IntegerField(label=_("抽查证件数"), min_value=1, max_value=MAX_SAMPLE, initial=20)
    district = forms.ChoiceField(label=_("抽查范围"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["district"])  # declared above
        field.choices = [("", _("全市")), *district_names().items()]


class FindingForm(ClerkForm):
    permit_no = forms.CharField(max_length=20)
    outcome = forms.ChoiceField(label=_("核查结果"), choices=FindingOutcome.choices)
    left_on = forms.DateField(label=_("离职日期"), required=False)


class LossNoteForm(ClerkForm):
    """R-W11's report at the window (a note) and its withdrawal (the reason, which the service
    requires: 422), as long as the API takes them."""

    note = forms.CharField(label=_("备注"), max_length=2000, required=False)
