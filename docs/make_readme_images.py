"""Regenerate the README's document images (docs/images/*.png) from real demo cases.

    .venv/bin/python docs/make_readme_images.py

The demo data (`manage.py load_demo`, on a fixed date) is loaded into a throwaway in-memory database
with throwaway keys and uploads; the card and the forms are made by the same services the API serves
them with (documents.service), then rasterised with pypdfium2 — what a printer or a scanner sees. Run it
whenever the card or the forms change.
"""

import datetime as dt
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
DEMO_DAY = dt.date(2026, 6, 15)
RENEWAL_DAY = dt.date(2029, 5, 20)  # inside the demo permits' renewal window (R-R01)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    clock_file = Path(tempfile.mkdtemp(prefix="bjpermit-images-")) / "today"
    clock_file.write_text(DEMO_DAY.isoformat())
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",  # throwaway keys and uploads
        DATABASE_URL="sqlite://:memory:",
        CLOCK_FILE=str(clock_file),
        PUBLIC_BASE_URL="https://permit.example.gov.cn",  # what a card printed in production points at
    )
    import django

    django.setup()
    import pypdfium2
    from django.core.management import call_command

    from accounts.actor import Actor
    from accounts.models import User
    from cases import services as cases
    from cases.models import Case, CaseStatus, CaseType
    from core.dates import months_between
    from documents.service import application_form, permit_card
    from permits.models import Permit
    from units import inspection as inspections

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    operator = User.objects.get(username="demo_haidian")
    as_unit = Actor(operator, operator.role)
    new_case = Case.objects.filter(unit=operator.unit, type=CaseType.NEW, status=CaseStatus.SUBMITTED).first()
    collected = (
        Case.objects.filter(unit=operator.unit, type=CaseType.NEW, status=CaseStatus.COLLECTED)
        .order_by("pk")
        .first()
    )
    if new_case is None or collected is None or collected.permit is None:
        raise SystemExit("the demo data has no submitted case or collected permit to draw")
    permit = collected.permit

    def save(pdf: bytes, name: str, dpi: int) -> None:
        document = pypdfium2.PdfDocument(pdf)
        image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
        document.close()
        image.save(OUT / name, optimize=True)
        print(f"{OUT / name}: {image.width}×{image.height}")

    save(permit_card(permit, Actor.system()), "permit-card.png", 150)
    save(application_form(new_case, as_unit), "new-application-form.png", 100)

    # three years on: the unit has filed every annual inspection in season (R-I01), so it is not frozen
    held = Permit.objects.filter(unit=operator.unit, cancelled_at=None)
    valid = list(held.values_list("permit_no", flat=True))
    for year in range(DEMO_DAY.year + 1, RENEWAL_DAY.year + 1):
        clock_file.write_text(dt.date(year, 4, 15).isoformat())
        inspections.unit_inspect(as_unit)
        inspections.persons_inspect(as_unit, valid)
    clock_file.write_text(RENEWAL_DAY.isoformat())
    months = [{"month": m, "payer": "unit"} for m in months_between(permit.issue_date, RENEWAL_DAY)]
    renewal = cases.case_create(
        as_unit,
        "renewal",
        {
            "permit_no": permit.permit_no,
            "employment": {"contract_ends_on": "2032-12-31"},
            "tax_months": months,
            "social_insurance_months": months,
        },
    )
    save(application_form(renewal, as_unit), "renewal-form.png", 100)


if __name__ == "__main__":
    main()
