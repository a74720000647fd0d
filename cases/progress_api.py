"""api.md `GET /api/v1/progress` (办件进度查询): public, rate-limited like /verify, no oracle."""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from cases import progress
from cases.progress_schemas import ProgressIn, ProgressNotFoundOut, ProgressOut
from core.errors import problem

router = Router(tags=["progress"], auth=None)

NOT_FOUND = "not_found"


@router.get("/progress", response={200: ProgressOut, 404: ProgressNotFoundOut})
def progress_lookup(request: HttpRequest, params: Query[ProgressIn]) -> HttpResponse | ProgressOut:
    """The progress of a submitted case, by its number and the applicant's full name (a
    `unit_info_change`: the unit's name). An unknown number, a draft and a wrong name all answer
    `404 {"result": "not_found"}`. Public; rate-limited per client address (429)."""
    progress.check_rate(request)
    found = progress.lookup(params.number, params.name)
    if found is None:
        return problem(404, "Not found", "No submitted case has that number and that name.", result=NOT_FOUND)
    return progress.present(found)
