"""What a case's decision tells the apps above cases, without cases importing them (decision 92).

`case_decided` is sent by cases.services after each decision an official records on a case — the
district's review (pass, reject, request supplement), the city's approval (approve, reject) — and for
each case an approved employer change ends by rejection (R-E03), inside the decision's transaction,
after its history entry. A receiver runs in that transaction: what it writes commits with the
decision or not at all, and an exception it raises refuses the decision. The notices app connects in
its AppConfig.ready to write the decision notices of api.md "Notices to units".

Arguments: `case` (the case as decided, its new status saved), `action` (the transition table's:
"review", "approval" or "transfer.close"), `decision` ("pass", "reject", "request_supplement",
"approve"; "reject" for a transfer's rejection), `before` (the status the decision started from) and
`note` (the official's note: the refusal's reason, what is missing).
"""

from django.dispatch import Signal

from cases.models import Case

case_decided = Signal()


def send_decided(case: Case, *, action: str, decision: str, before: str, note: str) -> None:
    """Tell the receivers, in the caller's transaction; a receiver's exception propagates (`send`,
    not `send_robust`), so a decision whose notice cannot be written is not recorded either."""
    case_decided.send(sender=Case, case=case, action=action, decision=decision, before=before, note=note)
