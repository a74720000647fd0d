"""Service rating (好差评): the unit rates a case once it has ended."""

from django.db import IntegrityError, transaction

from accounts.actor import Actor
from audit.services import audit_record
from cases import transitions
from cases.models import Case, Rating
from cases.selectors import cases_visible_to
from core.errors import Conflict, NotFound


def case_rate(actor: Actor, case_id: int, *, score: int, comment: str) -> Rating:
    transitions.check(actor, "rate")
    with transaction.atomic():
        case: Case | None = (
            cases_visible_to(actor.account).select_for_update(of=("self",)).filter(pk=case_id).first()
        )
        if case is None:
            raise NotFound("No such application.")
        if not transitions.allows("rate", case.type, case.status):  # it has ended (lifecycle.md "Final")
            raise Conflict("Only a case that has ended can be rated.")
        try:
            with transaction.atomic():
                rating = Rating.objects.create(
                    case=case, score=score, comment=comment.strip()[:500], created_by=actor.account
                )
        except IntegrityError as exc:
            raise Conflict("This case has already been rated.") from exc
        audit_record(actor, "case.rated", case, after={"score": score})
    return rating
