"""Cancellation R-C01 (rules.md "Cancellation and investigations (注销)"), judging a `CaseFacts` of
type `cancellation` (data `{"permit_no", "left_on"}`) as of `today`, the submission date.

A late filing is not refused: it is accepted and marked late (`cancellation_is_late`), and the
district lists it. R-C02 (investigations) is a decision of the district, not a check of a case.
"""

import datetime as dt

from rules.data import date_of, missing, no_permit
from rules.engine import Failure, fail, rule
from rules.facts import CaseFacts
from rules.states import PermitStatus

CANCELLATION_DAYS = 5  # R-C01: within 5 days of the leaving date
CANCELLABLE_STATUSES = (PermitStatus.VALID, PermitStatus.FROZEN, PermitStatus.EXPIRED)


def cancellation_deadline(left_on: dt.date) -> dt.date:
    """R-C01: the last day a cancellation is on time, 5 days after the leaving date."""
    return left_on + dt.timedelta(days=CANCELLATION_DAYS)


def cancellation_is_late(left_on: dt.date, submitted_on: dt.date) -> bool:
    """R-C01: filed after the 5th day from the leaving date (day 5 is on time, day 6 late)."""
    return submitted_on > cancellation_deadline(left_on)


@rule("R-C01", seed="篇2 工作居住证注销", zh="持证人离职后，单位在离职之日起5日内办理注销",
      en="When a holder leaves, the unit files a cancellation within 5 days of the leaving date")
def r_c01_cancellation(facts: CaseFacts, today: dt.date) -> list[Failure]:
    """The leaving date is given and not after the submission date (a unit cancels after the
    holder has left), and the permit is live: valid, frozen or expired (not cancelled or lapsed)."""
    out: list[Failure] = []
    left = date_of(facts.data, "left_on")
    if left is None:
        out.append(missing("R-C01", "left_on", "持证人离职日期", "The date the holder left"))
    elif left > today:
        out.append(fail("R-C01", f"离职日期{left}晚于提交日（{today}）：须在持证人离职之后才能办理注销",
                        f"The leaving date {left} is after the submission date ({today}); a permit is "
                        "cancelled only after the holder has left", "left_on"))
    permit = facts.permit
    if permit is None:
        out.append(no_permit("R-C01", facts.data))
    elif permit.status == PermitStatus.CANCELLED:
        when_zh = f"于{permit.cancelled_on}" if permit.cancelled_on else ""
        when_en = f" on {permit.cancelled_on}" if permit.cancelled_on else ""
        out.append(fail("R-C01", f"该工作居住证已{when_zh}注销，不能重复注销",
                        f"The permit was already cancelled{when_en}", "permit_no"))
    elif permit.status not in CANCELLABLE_STATUSES:
        out.append(fail("R-C01", f"该工作居住证已于有效期（至{permit.expiry_date}）满一个月后自然失效，"
                                 "无需注销",
                        f"The permit lapsed a month after its expiry date ({permit.expiry_date}); there is "
                        "nothing to cancel", "permit_no"))
    return out
