import datetime as dt
from collections.abc import Iterator

from django.db import models
from django.db.models import Case, F, Q, Value, When

from core.fields import EncryptedJSONField
from inspections.conditions import person_inspected, r_i03_missed, r_i03_stamped
from inspections.models import PersonInspection
from rules.inspection import enforced_year, r_i03_requires
from rules.states import PermitStatus
from rules.validity import permit_status

LIVE_STATUSES = (PermitStatus.VALID, PermitStatus.FROZEN, PermitStatus.EXPIRED)
# The columns `Permit.status_on` reads (with the number), for a read that needs no more (`only`); the
# stamp's is read with the row (`with_status`).
STATUS_COLUMNS = (
    "permit_no", "issue_date", "expiry_date", "lapses_on", "renewal_submitted_on", "cancelled_at",
    "not_valid_on_1_may", "freeze__frozen_at",
)


def _renewal_in_time() -> Q:
    """A renewal submitted before the lapse date and still open keeps an expired permit alive
    (R-V02): `renewal_submitted_on`, which cases.services keeps right whenever a renewal's status
    changes, on or before `lapses_on`."""
    return Q(renewal_submitted_on__isnull=False, renewal_submitted_on__lte=F("lapses_on"))


def frozen_on(today: dt.date) -> Q:
    """Frozen on `today` (whatever status takes precedence): the daily job's stamp (`Freeze`) or
    R-I03's condition for the year enforced on `today` (`inspections.conditions.r_i03_missed`, the very
    expression the job selects with), so a missed inspection reads `frozen` from 2 May on even
    before the job ran; the district's unfreezing (R-I05) records the inspection and clears both.
    Once the job's freezing has completed for that year, the stamp alone is the same answer
    (`r_i03_stamped`: one look-up), and the stamps' own table serves it (issue 14)."""
    year = enforced_year(today)
    if r_i03_stamped(year):
        return Q(freeze__isnull=False)
    return Q(freeze__isnull=False) | r_i03_missed(year)


def alive_on(today: dt.date) -> Q:
    """Neither cancelled nor lapsed on `today` (R-V02): valid, frozen or expired."""
    return Q(cancelled_at__isnull=True) & (Q(lapses_on__gte=today) | _renewal_in_time())


def status_is(status: str, today: dt.date) -> Q:
    """The rows whose `status_now` on `today` is `status`, as a condition on the columns: the same
    precedence as `with_status`, spelt out so that the database can use an index (a filter on the
    CASE expression of `status_now` reads every permit in scope)."""
    lapsed = Q(lapses_on__lt=today) & ~_renewal_in_time()
    alive = alive_on(today)
    frozen = frozen_on(today)
    conditions = {
        PermitStatus.CANCELLED: Q(cancelled_at__isnull=False),
        PermitStatus.LAPSED: Q(cancelled_at__isnull=True) & lapsed,
        PermitStatus.FROZEN: alive & frozen,
        PermitStatus.EXPIRED: alive & ~frozen & Q(expiry_date__lt=today),
        PermitStatus.VALID: alive & ~frozen & Q(expiry_date__gte=today),
    }
    return conditions[PermitStatus(status)]


class PermitQuerySet(models.QuerySet["Permit"]):
    _status_day: dt.date | None = None

    def with_status(self, today: dt.date) -> "PermitQuerySet":
        """Each permit fetched carries `status_now`, the status lifecycle.md gives it for `today`
        (`Permit.status_on`: its own columns and whether its person inspection of the enforced year
        is recorded, read with the row), so that reads never depend on the daily job and no status
        expression is built (issue 14: the CASE of `annotate_status` cost more Python than the
        query). To filter by status use `in_status` (indexed); to count by status, `annotate_status`."""
        qs = self.annotate(enforced_year_inspected=person_inspected(enforced_year(today))).with_freeze()
        qs._status_day = today
        return qs

    def with_freeze(self) -> "PermitQuerySet":
        """Each permit fetched carries its R-I03 stamp (`Permit.frozen_at`), read with the row."""
        return self.select_related("freeze")

    def _clone(self) -> "PermitQuerySet":
        clone = super()._clone()  # type: ignore[misc]
        clone._status_day = self._status_day
        return clone  # type: ignore[no-any-return]

    def _fetch_all(self) -> None:
        super()._fetch_all()  # type: ignore[misc]
        if self._status_day is not None and self._iterable_class is models.query.ModelIterable:
            for permit in self._result_cache or ():
                permit.status_now = permit.status_on(self._status_day, permit.enforced_year_inspected)  # type: ignore[attr-defined]

    def iterator(self, chunk_size: int | None = None) -> Iterator["Permit"]:
        for permit in super().iterator(chunk_size):
            if self._status_day is not None and isinstance(permit, Permit):
                permit.status_now = permit.status_on(self._status_day, permit.enforced_year_inspected)  # type: ignore[attr-defined]
            yield permit

    def annotate_status(self, today: dt.date) -> "PermitQuerySet":
        """Annotate `status_now` in SQL (a CASE in lifecycle.md's precedence: cancelled, lapsed, frozen,
        expired, valid; frozen as `frozen_on` says), for counting by status (statistics). Rows read
        for display use `with_status`; filters, `in_status`."""
        frozen = frozen_on(today)
        return self.annotate(
            status_now=Case(
                When(cancelled_at__isnull=False, then=Value(PermitStatus.CANCELLED.value)),
                When(
                    Q(lapses_on__lt=today) & ~_renewal_in_time(), then=Value(PermitStatus.LAPSED.value)
                ),
                When(frozen, then=Value(PermitStatus.FROZEN.value)),
                When(expiry_date__lt=today, then=Value(PermitStatus.EXPIRED.value)),
                default=Value(PermitStatus.VALID.value),
                output_field=models.CharField(),
            )
        )

    def in_status(self, status: str, today: dt.date) -> "PermitQuerySet":
        """The permits whose status on `today` is `status` (`status_is`)."""
        return self.filter(status_is(status, today))

    def live(self, today: dt.date) -> "PermitQuerySet":
        """The permits in one of LIVE_STATUSES on `today` (valid, frozen or expired): neither
        cancelled nor lapsed."""
        return self.filter(alive_on(today))


class Permit(models.Model):
    permit_no = models.CharField(max_length=20)  # unique: Meta's constraint
    holder = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="permits")
    # no index of its own: the (unit, expiry_date) index below serves every look-up by unit, and one
    # index fewer is one fewer to write for each permit the daily job stamps (issue 14)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="permits", db_index=False)
    source_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issue_date = models.DateField()
    first_issued_on = models.DateField()
    # first day of the current 3-year period: the issue date, or the day after the old expiry once
    # renewed; the holding period whose months R-R03/R-R04 check begins here.
    period_start = models.DateField()
    expiry_date = models.DateField()
    # expiry + 1 calendar month (R-V02), kept beside the expiry by the one service that sets it,
    # so that the lapse test is plain SQL on every database.
    lapses_on = models.DateField()
    card_version = models.PositiveIntegerField(default=1)
    residence = models.JSONField(default=dict)
    dependents = EncryptedJSONField(default=dict)
    photo_path = models.CharField(max_length=200, blank=True)
    # R-I03 "as it stood that day": the year whose 1 May this permit did not end valid (expired or
    # cancelled) though an approval since made it valid again (a renewal, an employer change); set
    # by those services (rules.inspection.r_i03_not_valid_on_1_may), read by
    # inspections.conditions.r_i03_missed.
    not_valid_on_1_may = models.PositiveSmallIntegerField(null=True, blank=True)
    # R-V02: the first submission date of this permit's open renewals (none if none is open), kept
    # by cases.services at every change of a renewal's status; read by `_renewal_in_time`.
    renewal_submitted_on = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=40, blank=True)
    # R-W11: when the card was reported lost (挂失), by the unit or at the window; null when no report
    # stands. Set and cleared by permits.services (the district's withdrawal) and by collecting a
    # replacement card (cases.effects.permit_new_card); verification answers `reported_lost` meanwhile.
    lost_reported_at = models.DateTimeField(null=True, blank=True)

    objects = PermitQuerySet.as_manager()

    class Meta:
        # A constraint rather than unique=True, which on PostgreSQL adds a second index for LIKE
        # that nothing asks (permit numbers are looked up whole): one index fewer to write for each
        # permit the daily job stamps (issue 14).
        constraints = [models.UniqueConstraint(fields=["permit_no"], name="permit_no_unique")]
        indexes = [
            models.Index(fields=["unit", "expiry_date"]),
            models.Index(fields=["expiry_date"]),
        ]

    def __str__(self) -> str:
        return self.permit_no

    def status_on(self, today: dt.date, inspected: bool | None = None) -> str:
        """The status lifecycle.md gives this permit for `today` (rules.validity.permit_status), the
        answer `with_status` computes in SQL for many rows: from the row's own columns and, only when
        R-I03 could freeze it (no stamp, the inspection required), whether its person inspection of
        the enforced year is recorded — `inspected` if the caller read it with the row
        (`inspections.conditions.person_inspected`), else from the prefetched `inspections`, else
        one indexed look-up. The read of one permit (verification, a permit's page) never builds the
        status expression."""
        return permit_status(self, today, lambda: self._frozen_on(today, inspected)).value

    @property
    def frozen_at(self) -> dt.datetime | None:
        """When the daily job (or a service, `permits.services.r_i03_stamp_if_missed`) stamped this
        permit frozen for R-I03, if it did: its `Freeze`, read with the row where the query asked for
        it (`with_freeze`, `with_status`), else one look-up."""
        try:
            return self.freeze.frozen_at
        except Freeze.DoesNotExist:
            return None

    def stamp_read(self, frozen_at: dt.datetime | None) -> None:
        """R-I03's stamp as a query of its own read it with the row (verification's prepared
        statement), so that `frozen_at` asks nothing more."""
        stamp = Freeze(permit_id=self.pk, frozen_at=frozen_at) if frozen_at else None
        Permit.freeze.related.set_cached_value(self, stamp)  # as select_related("freeze") leaves it

    def _frozen_on(self, today: dt.date, inspected: bool | None) -> bool:
        return self.frozen_at is not None or self.r_i03_missed_on(today, inspected)

    def r_i03_missed_on(self, today: dt.date, inspected: bool | None = None) -> bool:
        """R-I03's condition on this permit for the year enforced on `today`, stamped or not (what
        `inspections.conditions.r_i03_missed` asks of many rows): required, and its person inspection
        of that year not recorded (`inspected` as `status_on` takes it)."""
        year = enforced_year(today)
        if not r_i03_requires(self, year):
            return False
        if inspected is not None:
            return not inspected
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("inspections")
        if prefetched is not None:
            return all(i.year != year for i in prefetched)
        return not PersonInspection.objects.filter(permit_id=self.pk, year=year).exists()

    @property
    def reported_lost(self) -> bool:
        """R-W11: a loss report stands."""
        return self.lost_reported_at is not None


class Freeze(models.Model):
    """R-I03's stamp on a permit: the daily job froze it at `frozen_at` for a missed person inspection
    (units.sweep.freeze_permits), until the district unfreezes it (R-I05: the row is deleted). A row
    of its own rather than a column of the permit (issue 14): the 2 May job inserts tens of thousands
    of narrow rows (three index entries each) instead of rewriting as many wide permit rows, each
    then re-entered in every one of the permit's indexes.

    The stamp carries copies of its permit's `COPIED` columns — its unit and what `alive_on` reads —
    so that a scope's frozen permits are counted from the stamps alone (`permits.selectors.
    frozen_permits_for`), without a look-up of each stamped permit (decision 121). Whoever stamps copies
    them from the permit (`of`; the job from the rows it selects); afterwards the database keeps them:
    the trigger `permits_freeze_follow` (migration 0010) copies them again whenever an UPDATE of the
    permit changes one, whoever writes it. No foreign-key constraints: the job inserts the rows
    from a SELECT of the very permits, which are never deleted, and checking each row's keys at
    commit (and locking its permit's key) cost more than the insert."""

    # The permit's columns the stamp carries, by their column names (Permit's and this model's alike).
    COPIED = ("unit_id", "cancelled_at", "lapses_on", "renewal_submitted_on")

    permit = models.OneToOneField(
        Permit, primary_key=True, on_delete=models.DO_NOTHING, related_name="freeze", db_constraint=False
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    lapses_on = models.DateField()
    renewal_submitted_on = models.DateField(null=True, blank=True)
    frozen_at = models.DateTimeField()

    class Meta:
        # the frozen list's order
        indexes = [models.Index(fields=["frozen_at", "permit"], name="freeze_order")]

    def __str__(self) -> str:
        return f"permit {self.permit_id} frozen {self.frozen_at:%Y-%m-%d}"

    @classmethod
    def of(cls, permit: Permit, frozen_at: dt.datetime) -> "Freeze":
        """The stamp of `permit` at `frozen_at`, with the permit's `COPIED` columns (not saved)."""
        return cls(permit=permit, frozen_at=frozen_at, **{name: getattr(permit, name) for name in cls.COPIED})


class PermitTransfer(models.Model):
    """An employer change (聘用单位变更) that moved a permit. When the former unit never filed the
    cancellation (R-C01), the omission stands recorded here against that unit, for its district."""

    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="transfers")
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    left_on = models.DateField()
    transferred_on = models.DateField()
    former_unit_cancelled = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["former_unit_cancelled", "from_unit"])]

    def __str__(self) -> str:
        return f"{self.permit_id}: {self.from_unit_id} → {self.to_unit_id}"
