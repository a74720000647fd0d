"""Total quantity control R-Q01 (rules.md "Total quantity control (总量控制)").

A plain function the city approval of a `new` case calls (cases.services.case_approve) with the
year's counts of new permits and the quotas an admin set (reference.models.Quota); None is no quota.
"""

from rules.engine import Failure, fail


def r_q01_quota(year: int, *, city_issued: int, city_limit: int | None, district_zh: str, district_en: str,
                district_issued: int, district_limit: int | None) -> list[Failure]:
    """R-Q01: a quota is reached when the new permits issued in its year are as many as its limit;
    then no further `new` case is approved until the next year. Both quotas are checked."""
    out: list[Failure] = []
    for scope_zh, scope_en, issued, limit in (
        ("全市", "the city", city_issued, city_limit),
        (district_zh, district_en, district_issued, district_limit),
    ):
        if limit is not None and issued >= limit:
            out.append(fail(
                "R-Q01",
                f"{year}年{scope_zh}新办工作居住证总量{limit}个已用完（已发{issued}个），次年方可继续审批",
                f"The {year} quota of {limit} new permits for {scope_en} is reached ({issued} issued); "
                "new applications can be approved again next year",
            ))
    return out
