"""Total quantity control (总量控制, R-Q01) as the city approval of a `new` case asks it: the year's
quotas (reference.models.Quota) and counts of new permits from the database, judged by rules.quota.

A new permit counts for the year of its issue date and for the district of the unit that filed its
`new` case. The quota rows are locked (select_for_update) for the rest of the approval's transaction,
so two approvals under one quota are counted one after the other and cannot both take its last
place; with no quota set nothing is locked and nothing is counted.
"""

from django.db.models import Count, Q

from cases.models import CaseType
from permits.models import Permit
from reference.models import District, Quota
from rules.engine import Failure
from rules.quota import r_q01_quota


def r_q01_failures(district: District, year: int) -> list[Failure]:
    quotas = {
        q.district_id: q.limit
        for q in Quota.objects.select_for_update()
        .filter(Q(district__isnull=True) | Q(district=district), year=year)
        .order_by("pk")
    }
    if not quotas:
        return []
    counts = Permit.objects.filter(
        source_case__type=CaseType.NEW, issue_date__year=year
    ).aggregate(city=Count("pk"), district=Count("pk", filter=Q(source_case__unit__district=district)))
    return r_q01_quota(
        year,
        city_issued=counts["city"],
        city_limit=quotas.get(None),
        district_zh=district.name,
        district_en=district.name_en,
        district_issued=counts["district"],
        district_limit=quotas.get(district.pk),
    )
