"""Writing the notices of a decision (api.md "Notices to units": "in the same transaction as the
decision they report"), whatever was decided — a case (notices.decisions), a unit's verification,
its freezing or a penalty (notices.unit_decisions).

`write` inserts them with ONE statement and enqueues their delivery with ONE task, in the caller's
transaction, however many units the decision concerns (a batch of the 2 May freeze: up to
units.sweep.UNIT_BATCH): a decision rolled back leaves neither notice nor task, and the daily job's
cost per batch does not grow with a query per unit.
"""

from notices.models import ALWAYS_SENT, Notice, NoticePreference
from notices.tasks import deliver_notices_by_id
from notices.texts import Row

Draft = tuple[str, Row]  # (kind, texts)


def write(drafts: list[Draft]) -> list[Notice]:
    """Insert the notices each unit receives — every kind it did not turn off, and the kinds that
    always arrive (models.ALWAYS_SENT; asking for them needs no query) — and enqueue their delivery."""
    if not drafts:
        return []
    optional = {kind for kind, _ in drafts} - ALWAYS_SENT
    off: set[tuple[int, str]] = set()
    if optional:
        off = set(
            NoticePreference.objects.filter(
                unit_id__in={row.unit_id for _, row in drafts}, kind__in=optional, enabled=False
            ).values_list("unit_id", "kind")
        )
    made = Notice.objects.bulk_create(
        [Notice(kind=kind, **row._asdict()) for kind, row in drafts if (row.unit_id, kind) not in off]
    )
    if made:
        deliver_notices_by_id.enqueue([n.pk for n in made])
    return made
