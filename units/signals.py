"""What a decision on a unit tells the apps above units, without units importing them (decision 92).

Both are sent inside the deciding transaction, after its audit row, with `send` (not
`send_robust`): a receiver runs in that transaction, so what it writes commits with the decision or
not at all, and an exception it raises refuses the decision. The notices app connects in its
AppConfig.ready to write api.md's notices `unit_verified` and `unit_frozen`.

- `unit_verified` (`unit`: the unit as verified, now `active`): sent by `units.services.unit_verify`
  when the district approves a registration (R-U03). A rejection sends nothing: lifecycle.md's
  "district verifies" leads to `active`, its "district rejects" to `rejected`, and api.md lists no
  notice kind for a rejection.
- `units_frozen` (`unit_ids`: the units of one batch, `year`: the inspection year missed, `on`: the
  day the job froze them): sent by `units.sweep` once per batch of R-I02's 2 May freeze, so that a
  receiver writes a batch's notices with one statement (set-based, as the job is).
"""

import datetime as dt

from django.dispatch import Signal

from units.models import Unit

unit_verified = Signal()
units_frozen = Signal()


def send_verified(unit: Unit) -> None:
    unit_verified.send(sender=Unit, unit=unit)


def send_frozen(unit_ids: list[int], *, year: int, on: dt.date) -> None:
    units_frozen.send(sender=Unit, unit_ids=unit_ids, year=year, on=on)
