"""R-W11, the loss report (挂失; rules.md "Process (办理流程)", policy 六).

A unit reports a permit's card lost at once, online or at the window; from then until a replacement
card is collected, verification of the permit and of every card version answers `reported_lost`;
only the district withdraws a report (the card was found), with a reason. The rule judges a permit's
state and a reason, not a case's facts, so these are plain functions (as rules.process); none is in
the registry. permits.services calls the first two when it records or withdraws a report,
verification the third when it answers; collecting a replacement ends the report
(cases.effects.permit_new_card).
"""

from core.errors import Conflict
from rules.engine import Failure, fail
from rules.states import PermitStatus

REPORTED_LOST = "reported_lost"  # the answer of verification while a report stands (api.md)

# A permit that no longer counts for anything needs no report: a cancelled or lapsed card cannot be
# accepted anyway, and verification says so (lifecycle.md: both are final but for R-E03).
ENDED = (PermitStatus.CANCELLED, PermitStatus.LAPSED)


def ensure_reportable(status: str, reported: bool) -> None:
    """R-W11 at the report: a cancelled or lapsed permit, or one already reported lost, is 409."""
    if status in ENDED:
        label = PermitStatus(status).label
        failure = fail("R-W11", f"该证件{label}，无需挂失：真伪验证已显示“{label}”，"
                                "任何人都不应再接受这张证件",
                       f"The permit is {status}; there is nothing to report: verification already says so "
                       "and nobody should accept the card", "permit_no")
        raise Conflict(failure.message, [failure.as_error_item()])
    if reported:
        failure = fail("R-W11", "该证件已经挂失，挂失持续到领取补办的新证件或区人社局撤销挂失为止",
                       "The card is already reported lost; the report stands until a replacement card is "
                       "collected or the district withdraws it", "permit_no")
        raise Conflict(failure.message, [failure.as_error_item()])


def ensure_withdrawable(reported: bool) -> None:
    """R-W11 at the withdrawal: only a standing report can be withdrawn (409)."""
    if not reported:
        failure = fail("R-W11", "该证件没有生效中的挂失，无需撤销",
                       "The card is not reported lost; there is nothing to withdraw", "permit_no")
        raise Conflict(failure.message, [failure.as_error_item()])


def r_w11_withdrawal_reason(note: str | None) -> list[Failure]:
    """R-W11: the district withdraws a report only with a reason (the card was found, …): 422."""
    if (note or "").strip():
        return []
    return [fail("R-W11", "撤销挂失须写明理由（例如证件已找到、由持证人交验）",
                 "Withdrawing a loss report needs a reason (the card was found and shown, for one)", "note")]


def r_w11_answer(status: str, reported: bool) -> str:
    """R-W11 at verification: while a report stands, the permit's answer — for every card version —
    is `reported_lost`, unless the permit has since ended (cancelled, lapsed): that final word stays
    the answer, as it refuses the card just as firmly and says why for good."""
    if reported and status not in ENDED:
        return REPORTED_LOST
    return status
