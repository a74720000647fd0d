"""Process rules R-W02, R-W05, R-W07 (rules.md "Process (办理流程)").

They judge a decision or a state, not a case's facts, so they are plain functions the services
call; none is in the registry. R-W06 (withdraw until a decision is recorded) is a row of the
transition table, cases.transitions.
"""

from collections.abc import Iterable, Sequence

from core.errors import Conflict
from rules.checklists import ChecklistItem
from rules.engine import Failure, fail

PRELIMINARY_REVIEW = ("初审不能通过", "The preliminary review cannot pass")


def r_w02_missing(checklist_items: Sequence[ChecklistItem], received_codes: Iterable[str], *,
                  refused: tuple[str, str] = PRELIMINARY_REVIEW) -> list[Failure]:
    """R-W02: one failure naming every required item not marked received. `refused` says what the
    missing items stop, in Chinese and English (the operator's password reset, R-W12, says its own)."""
    received = set(received_codes)
    lacking = [item for item in checklist_items if item.required and item.code not in received]
    if not lacking:
        return []
    return [fail("R-W02", f"以下必需材料尚未收到，{refused[0]}："
                 + "；".join(f"{i.code} {i.title}" for i in lacking),
                 f"{refused[1]}; these required materials were not received: "
                 + ", ".join(i.code for i in lacking), "materials_received")]


def r_w07_reason(decision: str, note: str | None, missing_codes: Iterable[str] | None,
                 checklist_codes: Iterable[str]) -> list[Failure]:
    """R-W07: a refusal needs a reason; a supplement request names missing items of the checklist."""
    if decision == "reject" and not (note or "").strip():
        return [fail("R-W07", "不予通过须填写理由", "A refusal needs a reason in the note", "note")]
    if decision != "request_supplement":
        return []
    codes = list(missing_codes or [])
    if not codes:
        return [fail("R-W07", "补充材料通知须列明缺少哪些材料",
                     "A supplement request must name the missing materials", "missing")]
    unknown = [c for c in codes if c not in set(checklist_codes)]
    if unknown:
        return [fail("R-W07", f"以下材料编号不在本申请的材料清单中：{'、'.join(unknown)}",
                     f"These codes are not on the case's checklist: {', '.join(unknown)}", "missing")]
    return []


def r_w05_failures(count_of_other_open_cases: int) -> list[Failure]:
    """R-W05: at most one submitted, still open case of a type per permit (per person for `new`, per
    unit for `unit_info_change`, which concerns no permit). The services count only submitted cases
    and judge it at submission (spec 1.1: a draft blocks nobody, and a second draft is created); the
    eligibility panel shows it for a case still to be submitted."""
    if count_of_other_open_cases <= 0:
        return []
    return [fail("R-W05", "已有一件同类型的申请已提交、正在办理（新办按人计算，单位信息变更按单位计算，"
                          "其他业务按证件计算），须待其办结或撤回后才能提交本申请",
                 "Another case of this type is already submitted and open (per person for a new permit, per "
                 "unit for a unit information change, per permit otherwise); this one can be submitted once "
                 "that one is decided or withdrawn")]


def ensure_single_open(count_of_other_open_cases: int) -> None:
    """R-W05 at submission: a duplicate of an open case is a 409 (api.md), before the rules' 422."""
    for failure in r_w05_failures(count_of_other_open_cases):
        raise Conflict(failure.message, [failure.as_error_item()])


def ensure_permit_held(permit_unit_id: int, case_unit_id: int) -> None:
    """R-E03: an approved employer change moved the permit to another unit; a case of the former unit
    on it (every type but the employer change, which the new unit files) can no longer be submitted,
    reviewed, approved or collected: 409."""
    if permit_unit_id == case_unit_id:
        return
    failure = fail("R-E03", "该工作居住证已通过聘用单位变更转至其他单位，本单位不能再办理该证的业务",
                   "The permit now belongs to another unit (an employer change moved it); this unit can "
                   "no longer act on it", "permit_no")
    raise Conflict(failure.message, [failure.as_error_item()])
