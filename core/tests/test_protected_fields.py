"""Protected fields injected into every write change nothing (issue 10; OWASP ASVS 5.0 V15.3.3, mass
assignment). Every write of the API — each POST / PUT / PATCH / DELETE of the one NinjaAPI object,
walked from its routers so that a new one without a row fails here — and the unit portal's forms
(registration, starting and editing a case, the reminder settings) are sent twice from the same
state: once with a valid body, once with the same body plus fields that name what only the system
sets (INJECTED: status, owner, district, numbers, deciders, decision times, roles and rights). The
second may refuse them (400) or ignore them, never apply them: it must leave every stored row exactly
as the first left it (or, refused, as it was). The two runs start from one savepoint, so they are
compared row by row over every table of the project's apps.

A valid body's own field wins over an injected one of the same name (`district` is the registration's
own input, `unit_id` a unit penalty's): such a field is the operation's to take, not a protected one.

The valid writes are core/tests/writes.py's, shared with the audit test (which sends each once and
counts its audit rows); this module's tables pick them, and say where a nested body is injected into."""

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.clock import SHANGHAI
from core.tests import writes
from core.tests.world import World, Write, send

pytestmark = pytest.mark.django_db

POISON_ID = 987_654  # an id no row has: applied, it would be some row's primary key
POISON_TIME = "2001-02-03T04:05:06+08:00"  # a date no row has: applied, it would show as 2001-02-03


def injected(intruder_unit: int, intruder_user: int, group: int) -> dict[str, Any]:
    """The protected fields a write must never take from its caller: what a row's status, owner and
    district are, its numbers, who decided it and when, an account's role and rights. Ids point at
    another unit (in Chaoyang) and its operator, or at a group with rights, so an applied one shows."""
    return {
        "id": POISON_ID,
        "pk": POISON_ID,
        "status": "approved",
        "type": "cancellation",
        "unit": intruder_unit,
        "unit_id": intruder_unit,
        "district": "chaoyang",
        "district_id": "chaoyang",
        "case_no": "XG2001020300001",
        "number": "XG2001020300001",
        "permit_no": "BJ20019999999",
        "permit_id": POISON_ID,
        "holder_id": POISON_ID,
        "reviewed_by": intruder_user,
        "review_note": "注入的审核意见",
        "approved_by": intruder_user,
        "decided_at": POISON_TIME,
        "submitted_at": POISON_TIME,
        "created_at": POISON_TIME,
        "created_by": intruder_user,
        "created_by_id": intruder_user,
        "verified_at": POISON_TIME,
        "frozen_at": POISON_TIME,
        "cancelled_at": POISON_TIME,
        "expiry_date": "2099-12-31",
        "lifted_at": POISON_TIME,
        "read_at": POISON_TIME,
        "permit_cap_override": 99_999,
        "special_talent_confirmed": True,
        "late": True,
        "seed": 1,
        "role": "admin",
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "auth_generation": 0,
        "password_changed_at": POISON_TIME,
        "must_change_password": True,
        "consent_version": "1999-1",
        "consent_given_at": POISON_TIME,
        "consent_via": "web_form",
        "groups": [group],
        "user_permissions": [1, 2, 3],
    }


# --- the state every table holds ---------------------------------------------------------------------

# Audit rows say what happened (times, chained hashes), not what is: decision 7's own tests check them.
SKIPPED = {"audit.auditevent"}
# Values made at random on each run, which two runs never share.
RANDOM = {
    "accounts.user": {"password"},
    "accounts.apitoken": {"key_hash"},
    "penalties.investigation": {"seed"},
    "cases.case": {"photo_name"},
    "documents.casedocument": {"name"},
}


def _models() -> list[type[models.Model]]:
    """Every table of the project's apps, the many-to-many ones (an account's groups) included."""
    base, venv = Path(settings.BASE_DIR), Path(settings.BASE_DIR) / ".venv"
    out = []
    for model in apps.get_models(include_auto_created=True):
        where = Path(model._meta.app_config.path)
        if where.is_relative_to(base) and not where.is_relative_to(venv):
            if model._meta.label_lower not in SKIPPED:
                out.append(model)
    return out


def _pks() -> dict[str, set[Any]]:
    return {m._meta.label_lower: set(m._default_manager.values_list("pk", flat=True)) for m in _models()}


def _value(value: Any) -> Any:
    """A time as its date in Beijing: two runs a moment apart agree, an applied POISON_TIME does not."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value, SHANGHAI).date()
    return value


def state(before: dict[str, set[Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table. Rows made since `before` are named by their order ("new 0", …) and so
    are the references to them, so that two runs agree whatever ids the database handed out
    (PostgreSQL's sequences do not roll back with a savepoint)."""
    tables = _models()
    pks = _pks()
    alias = {
        label: {pk: f"new {i}" for i, pk in enumerate(sorted(pks[label] - before.get(label, set())))}
        for label in pks
    }
    out = {}
    for model in tables:
        label = model._meta.label_lower
        rows = []
        for row in model._default_manager.order_by("pk").values():
            shown = {}
            for f in model._meta.concrete_fields:
                if f.attname in RANDOM.get(label, set()):
                    continue
                value = row[f.attname]
                if f.primary_key:
                    value = alias[label].get(value, value)
                elif f.is_relation and f.related_model is not None:
                    value = alias.get(f.related_model._meta.label_lower, {}).get(value, value)
                shown[f.attname] = _value(value)
            rows.append(shown)
        out[label] = rows
    return out


def differences(got: dict[str, list[Any]], wanted: dict[str, list[Any]]) -> dict[str, Any]:
    return {label: {"got": got[label], "wanted": wanted[label]}
            for label in wanted if got[label] != wanted[label]}


# --- the writes ---------------------------------------------------------------------------------------


def create_into_person(w: World) -> Write:
    """Into the applicant's section, which becomes the permit holder's record at approval."""
    return replace(writes.create(w), into="person")


def create_unit_change_into_changes(w: World) -> Write:
    """Into a unit-information change's `changes`, which the approval sets on the unit field by field."""
    return replace(writes.create_unit_info_change(w), into="changes")


def create_general_change_into_changes(w: World) -> Write:
    """Into a general change's `changes`, which the approval sets on the holder."""
    return replace(writes.create_general_change(w), into="changes")


# (route as the routers spell it, the scenario): a route may have several rows.
API_ROWS = [
    ("POST /auth/token", writes.token),
    ("POST /auth/logout", writes.logout),
    ("POST /auth/password", writes.password),
    ("POST /units/register", writes.register),
    ("POST /units/{unit_id}/verification", writes.verify_unit),
    ("POST /units/{unit_id}/unfreeze", writes.unfreeze_unit),
    ("POST /units/{unit_id}/cap", writes.cap),
    ("POST /units/{unit_id}/operator-password-reset", writes.operator_password_reset),
    ("POST /applications", writes.create),
    ("POST /applications", create_into_person),
    ("POST /applications", create_unit_change_into_changes),
    ("POST /applications", create_general_change_into_changes),
    ("PATCH /applications/{case_id}", writes.patch),
    ("POST /applications/{case_id}/photo", writes.upload_photo),
    ("POST /applications/{case_id}/documents", writes.upload_document),
    ("POST /applications/import", writes.import_staff),
    ("POST /applications/{case_id}/submit", writes.submit),
    ("POST /applications/{case_id}/withdraw", writes.withdraw),
    ("POST /applications/{case_id}/review", writes.review),
    ("POST /applications/{case_id}/approval", writes.approval),
    ("POST /applications/{case_id}/collection", writes.collection),
    ("POST /permits/{permit_no}/unfreeze", writes.unfreeze_permit),
    ("POST /permits/{permit_no}/loss-report", writes.loss_report),
    ("POST /permits/{permit_no}/loss-report/withdraw", writes.loss_report_withdraw),
    ("POST /inspections/unit", writes.inspect_unit),
    ("POST /inspections/persons", writes.inspect_persons),
    ("POST /penalties", writes.impose),
    ("POST /penalties/{penalty_id}/lift", writes.lift),
    ("POST /penalties/lookup", writes.lookup),
    ("POST /search", writes.search),
    ("POST /investigations", writes.investigate),
    ("POST /investigations/{investigation_id}/findings", writes.finding_left),
    ("POST /notices/{notice_id}/read", writes.read_notice),
    ("PUT /notices/preferences", writes.preference),
]


# --- the unit portal's forms ----------------------------------------------------------------------------


WEB_ROWS = [
    ("POST /register", writes.web_register_unit),  # the steps keep only their own fields
    ("POST /register/operator", writes.web_register_operator),
    ("POST /register/account", writes.web_register_account),
    ("POST /register/confirm", writes.web_register),
    ("POST /unit/cases/new/<str:case_type>", writes.web_case_start),
    ("POST /unit/cases/<int:case_id>", writes.web_case_save),
    ("POST /unit/cases/<int:case_id>/live", writes.web_case_live),
    ("POST /unit/inbox/settings", writes.web_notice_kind_and_email),
    ("POST /unit/permits/<str:permit_no>/loss-report", writes.web_loss_report),
]


# --- the check --------------------------------------------------------------------------------------------


@pytest.fixture
def poison(make_unit) -> dict[str, Any]:
    """INJECTED aimed at another unit (Chaoyang), its operator, and a group with rights."""
    from accounts.separation import reference_data_group

    _, intruder = make_unit("chaoyang")
    operator = User.objects.get(unit_id=intruder)
    return injected(intruder, operator.pk, reference_data_group().pk)


def _check(write: Write, extra: dict[str, Any]) -> None:
    before_pks = _pks()
    before = state(before_pks)
    # the control: the valid body alone, then undone
    savepoint = transaction.savepoint()
    control = send(write, {})
    assert control.status_code < 400, (control.status_code, control.content[:600])
    wanted = state(before_pks)
    transaction.savepoint_rollback(savepoint)
    assert state(before_pks) == before  # the control left nothing behind
    # the same write with the protected fields
    response = send(write, extra)
    got = state(before_pks)
    if response.status_code == 400:  # refused: nothing changed at all
        assert differences(got, before) == {}
    else:
        assert response.status_code == control.status_code, (response.status_code, response.content[:600])
        assert differences(got, wanted) == {}
    assert not any(POISON_ID in pks for pks in _pks().values())


@pytest.mark.parametrize(("route", "scenario"), API_ROWS, ids=[f"{r} [{s.__name__}]" for r, s in API_ROWS])
def test_protected_fields_injected_into_an_api_write_change_nothing(route, scenario, world, poison):
    _check(scenario(world), poison)


@pytest.mark.parametrize(("route", "scenario"), WEB_ROWS, ids=[f"{r} [{s.__name__}]" for r, s in WEB_ROWS])
def test_protected_fields_posted_to_a_unit_portal_form_change_nothing(route, scenario, world, poison):
    _check(scenario(world), poison)


def test_every_api_write_has_a_row():
    routes = writes.api_writes()
    covered = {route for route, _ in API_ROWS}
    assert len(routes) >= 27  # the walk itself works
    assert routes - covered == set(), "writes with no row: add one to API_ROWS"
    assert covered - routes == set(), "rows for writes that no longer exist"
    print(f"\nprotected fields: {len(routes)} API writes ({len(API_ROWS)} rows), "
          f"{len(WEB_ROWS)} portal forms, {len(injected(0, 0, 0))} fields injected")
