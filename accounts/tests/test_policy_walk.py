"""Every API route and every page declares its policy (accounts.policies; issue 11, point 2).

The walk reads the routes from the API object's routers (config.api) and the pages from web.urls,
the employer portal (/unit/) and the workbench (/office/) included, and fails on any that declares
none — but the public ones listed below, each with its reason — or a role list of its own."""

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver

from accounts import policies
from accounts.roles import Role
from config.api import api
from web.access import UNIT_PORTAL, WORKBENCH

PUBLIC_API = {
    "POST /auth/token": "signing in: there is nobody yet (security decision 2)",
    "POST /units/register": "online unit registration (api.md \"Public\")",
    "GET /window-hours": "the window calendar, R-W08 (api.md \"Public\")",
    "GET /reference/{name}": "reference data (api.md \"Public\")",
    "GET /verify": "authenticity verification, R-S01 (api.md \"Public\")",
    "GET /verify/qr/{token}": "the card's QR code, verified by anyone (R-S01)",
    "GET /verify/public-key": "the key the QR codes are checked with",
    "GET /progress": "a case's progress by its number and the applicant's name (api.md \"Public\")",
}
PUBLIC_PAGES = {
    "/": "the home page and its sign-in",
    "/verify": "authenticity verification, R-S01",
    "/verify/qr/<str:token>": "the card's QR code, verified by anyone (R-S01)",
    "/progress": "a case's progress by its number and the applicant's name (办件进度查询)",
    "/materials": "the public list of materials",
    "/policy": "the public policy text",
    "/window-hours": "the window calendar, R-W08",
    "/login": "signing in",
    "/logout": "signing out (a POST; nothing to refuse)",
    "/register": "online unit registration, step 1 of 4 (单位信息)",
    "/register/operator": "online unit registration, step 2 (经办人)",
    "/register/account": "online unit registration, step 3 (账号)",
    "/register/confirm": "online unit registration, step 4 (确认): 提交注册",
    "/register/check/<str:field>": "the registration form's live checks",
    "/register/done": "what registration leads to",
    "/register/done/unit-registration-application.docx": "REG-01 for the unit this session registered",
}
DECLARED = {id(p) for p in policies.POLICIES.values()}


def _api_routes() -> dict[str, Any]:
    routes = {}
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for method in operation.methods:
                    full = "/" + (prefix.strip("/") + "/" + path.strip("/")).strip("/")
                    routes[f"{method} {full}"] = operation
    return routes


def _pages(patterns: list[Any] | None = None, prefix: str = "/") -> dict[str, Any]:
    from web.urls import urlpatterns

    pages = {}
    for entry in urlpatterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            pages |= _pages(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            pages[prefix + str(entry.pattern)] = entry.callback
    return pages


def test_every_api_route_declares_a_policy_of_the_module() -> None:
    routes = _api_routes()
    assert len(routes) >= 50  # the walk saw the routers
    missing = sorted(r for r, op in routes.items()
                     if r not in PUBLIC_API and not hasattr(op.view_func, "policy"))
    assert missing == []
    for route, operation in routes.items():
        policy = getattr(operation.view_func, "policy", None)
        if policy is not None:
            assert id(policy) in DECLARED, route  # the module's object, not a role list made up here
            assert route not in PUBLIC_API, route


def test_the_public_routes_and_only_they_need_no_sign_in() -> None:
    """A route listed as public really is (the OpenAPI document asks no token for it), and every
    route that asks none is listed: a signed-in route without a policy cannot hide as public."""
    served = api.get_openapi_schema()["paths"]
    open_routes = {f"{method.upper()} {path.removeprefix('/api/v1')}"
                   for path, methods in served.items() for method, details in methods.items()
                   if not details.get("security")}
    assert open_routes == set(PUBLIC_API)


def test_every_page_declares_a_policy_narrowed_to_its_portal() -> None:
    pages = _pages()
    assert len(pages) >= 60
    missing = sorted(p for p, view in pages.items() if p not in PUBLIC_PAGES and not hasattr(view, "policy"))
    assert missing == []
    for path, view in pages.items():
        policy = getattr(view, "policy", None)
        if policy is None:
            continue
        declared = policies.POLICIES[policy.action]
        assert set(policy.grants) <= set(declared.grants), path  # narrowed, never widened
        if declared is policies.ACCOUNT_SELF:  # one's own account (/password): every role, no portal's
            assert policy == declared and not path.startswith(("/unit/", "/office/")), path
            continue
        portal = UNIT_PORTAL if path.startswith("/unit/") else WORKBENCH
        assert path.startswith(("/unit/", "/office/")), path
        assert policy == declared.only(*portal), path


def test_every_policy_is_declared_somewhere() -> None:
    """No policy of the module is dead: each guards a route or a page, or a service behind a page."""
    used = {op.view_func.policy.action for op in _api_routes().values() if hasattr(op.view_func, "policy")}
    used |= {view.policy.action for view in _pages().values() if hasattr(view, "policy")}
    behind_a_page = {"account.email": "set_own_email, posted by /unit/inbox/settings"}
    assert set(policies.POLICIES) == used | set(behind_a_page)


@pytest.mark.django_db
def test_a_public_page_answers_anonymous_and_a_portal_page_does_not() -> None:
    """The lists above are true of the site: the public pages open without signing in."""
    client = Client()
    for path in ["/", "/verify", "/progress", "/materials", "/policy", "/window-hours", "/login",
                 "/register"]:
        assert client.get(path).status_code == 200, path
    for path in ["/unit/", "/office/", "/office/audit/"]:
        assert client.get(path).status_code == 302, path


def test_the_roles_each_route_lets_in_are_its_policys() -> None:
    """The API's docs and 403 come from the policy (config.openapi reads `allowed_roles`)."""
    for route, operation in _api_routes().items():
        policy = getattr(operation.view_func, "policy", None)
        if policy is None:
            continue
        refuses = set(policy.roles) != set(Role)
        let_in = getattr(operation.view_func, "allowed_roles", None)
        assert let_in == (policy.roles if refuses else None), route
