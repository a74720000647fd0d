"""What a penalty tells the apps above penalties, without penalties importing them (decision 92).

`penalties_imposed` (`penalties`: the rows just created, ids set) is sent by every place that
creates a penalty, inside its transaction, after its audit row: `enforcement.services` (an
official's penalty, R-B01…R-B04; the R-B03 disqualification an investigation's finding imposes,
after the finding is recorded) and `cases.sweep` (R-B04's suspension for a supplement request left
unanswered, once per run of the step, with every penalty the run made). It is sent with `send`, not
`send_robust`: a receiver runs in that transaction and its exception refuses the penalty. The
notices app connects in its AppConfig.ready to write api.md's `penalty_imposed` notice to each
penalised unit (a person penalty names no unit, and tells none).
"""

from django.dispatch import Signal

from penalties.models import Penalty

penalties_imposed = Signal()


def send_imposed(penalties: list[Penalty]) -> None:
    if penalties:
        penalties_imposed.send(sender=Penalty, penalties=penalties)
