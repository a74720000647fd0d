"""The unit's 诚信声明 (告知承诺) at every submission of a case: the operator ticks it on the web form's
submit box; an API client's submission is its commitment (the API's contract takes no new field).
`cases.services.case_submit` records which in the history (the submit event's `details`), and the
printed application form says it (documents.forms)."""

from enum import StrEnum

from django.utils.translation import gettext_noop as _


class Commitment(StrEnum):
    """How the commitment was made, as the submit event's `details["commitment"]` keeps it."""

    WEB = "web"  # the declaration ticked on the web form's submit box
    API = "api"  # an API client's submission, which is its commitment


# What the web form's tick declares: the gist of 《诚信声明》 (documents.templates), which the unit
# also signs on paper for the window (NEW-11, REN-07, …).
STATEMENT = _(
    "本单位承诺：本申请填报的信息和上传、提交的材料真实、准确、完整，复印件与原件一致；本单位已履行审核"
    "义务，申请人与本单位存在真实的聘用关系。如有不实，本单位和申请人愿意承担《诚信声明》所列的后果"
    "（取消或暂停申报资格等）。"
)
TICK = _("我已阅读并作出以上诚信声明（告知承诺）")
