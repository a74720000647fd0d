"""The transition table (cases.transitions) against the spec, state by state and type by type.

lifecycle.md draws the application statuses as a diagram, lists the types with their route (R-W03,
R-W04) and names the open and final statuses; api.md names the statuses each case operation starts
from. All of it is read from ../shared/spec at test time, so a change of the spec fails here until
the table follows (skipped, with the reason, when the spec folder is not beside the repository).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from accounts.actor import Actor
from cases import services, transitions
from cases.models import COLLECTED_TYPES, OPEN_STATUSES, CaseStatus, CaseType

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec"
LIFECYCLE_MD, API_MD = SPEC / "lifecycle.md", SPEC / "api.md"
needs_spec = pytest.mark.skipif(
    not LIFECYCLE_MD.exists(), reason="the spec folder is not beside the repository"
)

STATUSES = set(CaseStatus.values)
TYPES = set(CaseType.values)
SPEC_WORD = {"collection": "collect"}  # the diagram's word for the API's action
NOT_DRAWN = {"create": "a case starts as a draft: the diagram begins there",
             "transfer.close": "R-E03 (rules.md) ends the former unit's cases: not drawn"}


# --- reading the spec --------------------------------------------------------------------------

def _section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


@dataclass(frozen=True)
class Edge:
    source: str
    label: str  # "review: pass"
    target: str
    only: str | None  # the parenthesis that limits it to some types, as written


ARROW = re.compile(r"(?P<glyph>[└├])?─+(?P<label>[^─>]+?)─+>")
NOTE = re.compile(r"\(([^)]*)\)")
WORD = re.compile(r"[a-z_]+")


def _words(row: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(row) if m.group() in STATUSES]


def _diagram() -> tuple[list[Edge], list[str]]:
    """The edges of the "Application status" diagram, and its free notes. An arrow `A ──label──> B`
    leads from the status before it on its row; an arrow that starts with └ or ├ from the status its
    vertical line (│) comes down from. A parenthesis in a label limits the edge to some types; a
    parenthesis alone on its row limits the arrow above it whose columns it lies under; any other
    parenthesis is a free note."""
    block = _section(LIFECYCLE_MD.read_text(encoding="utf-8"), "Application status").split("```")[1]
    rows = block.strip("\n").split("\n")
    width = max(len(r) for r in rows)
    rows = [r.ljust(width) for r in rows]
    arrows = [[(m, m.start(), m.end()) for m in ARROW.finditer(r)] for r in rows]
    masked = []  # every row without its arrows (but their └ ├) and notes: statuses and lines
    notes: list[tuple[int, int, int, str]] = []
    for i, row in enumerate(rows):
        plain = ARROW.sub(lambda m: (m.group("glyph") or " ") + " " * (len(m.group()) - 1), row)
        notes += [(i, m.start(), m.end(), m.group(1)) for m in NOTE.finditer(plain)]
        masked.append(NOTE.sub(lambda m: " " * len(m.group()), plain))
    limits: dict[tuple[int, int], str] = {}
    free = []
    for i, start, end, text in notes:
        above = [(r, a) for r in range(i - 1, -1, -1) for a in arrows[r] if a[1] < end and start < a[2]]
        if not arrows[i] and above:
            limits[(above[0][0], above[0][1][1])] = text
        else:
            free.append(text)
    edges = []
    for i, row_arrows in enumerate(arrows):
        for match, start, end in row_arrows:
            label, only = match.group("label").strip(), limits.get((i, start))
            inner = NOTE.search(label)
            if inner:
                label, only = label[: inner.start()].strip(), inner.group(1)
            if match.group("glyph"):
                source = _from_above(masked, i, start)
            else:
                before = [w for w in _words(masked[i]) if w[1] <= start]
                assert before and not masked[i][before[-1][1] : start].strip(), rows[i]
                source = before[-1][2]
            after = [w for w in _words(masked[i]) if w[0] >= end]
            assert after and not masked[i][end : after[0][0]].strip(), rows[i]
            edges.append(Edge(source, label, after[0][2], only))
    return edges, free


def _from_above(rows: list[str], row: int, col: int) -> str:
    """The status a branch (└, ├) at (row, col) hangs from: up its │ line to the first word."""
    for above in range(row - 1, -1, -1):
        char = rows[above][col]
        if char in "│├└":
            continue
        found = [w for w in _words(rows[above]) if w[0] <= col < w[1]]
        assert found, f"a branch at row {row}, column {col} hangs from nothing"
        return found[0][2]
    raise AssertionError(f"a branch at row {row}, column {col} hangs from nothing")


def _routes() -> dict[str, str]:
    """lifecycle.md's types table: type → its route (R-W03)."""
    table = _section(LIFECYCLE_MD.read_text(encoding="utf-8"), "Application (case) types")
    routes = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            routes[cells[0].strip("`")] = cells[3]
    assert set(routes) == TYPES, sorted(routes)
    return routes


def _types_named(only: str, routes: dict[str, str]) -> set[str]:
    """The types a limiting parenthesis names: "district-only types" (a route of the district alone)
    or a list of types."""
    if only == "district-only types":
        return {t for t, route in routes.items() if "district" in route and "city" not in route}
    named = {name.strip() for name in only.split(",")}
    assert named <= TYPES, only
    return named


def _spec_edges(case_type: str) -> set[tuple[str, str, str]]:
    """The diagram's edges (source, label, target) a case of the type can take. An edge limited to
    some types serves those; an unlimited edge with the same source and label serves the others. The
    free note "a <type> goes from A straight to B" sends that type's submission from A to B: its
    route is "effective on submission"."""
    edges, free = _diagram()
    routes = _routes()
    limited = {(e.source, e.label): _types_named(e.only, routes) for e in edges if e.only}
    out = set()
    for e in edges:
        if e.only is not None:
            if case_type in _types_named(e.only, routes):
                out.add((e.source, e.label, e.target))
        elif case_type not in limited.get((e.source, e.label), set()):
            out.add((e.source, e.label, e.target))
    for note in free:
        straight = re.fullmatch(r"a (\w+) goes from (\w+) straight to (\w+)", note)
        if straight and straight.group(1) == case_type:
            assert "submission" in routes[case_type]
            source, to = straight.group(2), straight.group(3)
            out = {x for x in out if (x[0], x[1]) != (source, "submit")} | {(source, "submit", to)}
    return _reachable(out)


def _table_edges(case_type: str) -> set[tuple[str, str, str]]:
    """The table's moves that change a case's status, as the diagram names them."""
    out = set()
    for m in transitions.MOVES:
        if m.target is None or m.action in NOT_DRAWN or case_type not in m.types:
            continue
        label = SPEC_WORD.get(m.action, m.action) + (f": {m.decision}" if m.decision else "")
        out |= {(str(s), label, str(m.target)) for s in m.sources}
    return _reachable(out)


def _reachable(edges: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """The edges out of the statuses a draft can reach by them."""
    seen, todo = {"draft"}, ["draft"]
    while todo:
        here = todo.pop()
        for source, _, to in edges:
            if source == here and to not in seen:
                seen.add(to)
                todo.append(to)
    return {e for e in edges if e[0] in seen}


def _states(edges: set[tuple[str, str, str]]) -> set[str]:
    return {"draft"} | {e[2] for e in edges}


def _open_and_final() -> tuple[set[str], set[str]]:
    """lifecycle.md: "Open statuses: … and `approved` while a card waits for collection." and
    "Final: … and `approved` for types without collection." — the statuses named unconditionally
    (each sentence's last one, `approved`, depends on the type's collection: checked apart)."""
    text = _section(LIFECYCLE_MD.read_text(encoding="utf-8"), "Application status")
    sentences = {}
    for name in ("Open statuses", "Final"):
        sentence = re.search(rf"{name}: (.*?)\.\s", text, re.S)
        assert sentence, name
        named = re.findall(r"`([a-z_]+)`", sentence.group(1))
        assert named[-1] == "approved" and "collection" in sentence.group(1).split("`approved`")[-1]
        sentences[name] = set(named[:-1])
    return sentences["Open statuses"], sentences["Final"]


# --- the table against lifecycle.md --------------------------------------------------------------

@needs_spec
@pytest.mark.parametrize("case_type", sorted(TYPES))
def test_every_status_leads_where_lifecycle_md_draws_it(case_type: str) -> None:
    spec, table = _spec_edges(case_type), _table_edges(case_type)
    assert _states(table) == _states(spec)
    for status in sorted(_states(spec)):
        assert {e for e in table if e[0] == status} == {e for e in spec if e[0] == status}, status


@needs_spec
def test_the_diagram_was_read_whole() -> None:
    """The parse itself: every arrow drawn became an edge (11 arrows, one limited by a label's
    parenthesis, one by the note under it) and the one free note is the cancellation's."""
    edges, free = _diagram()
    assert len(edges) == 11
    assert sorted(e.only for e in edges if e.only) == ["district-only types", "new, replacement"]
    assert free == ["a cancellation goes from draft straight to approved"]


@needs_spec
def test_the_type_groups_are_the_routes_of_the_types_table() -> None:
    """R-W03 and R-W04 as lifecycle.md's "route" column says them."""
    routes = _routes()
    assert transitions.CITY_APPROVED == {t for t, r in routes.items() if "city" in r}
    assert transitions.COLLECTED == {t for t, r in routes.items() if "collection" in r}
    assert transitions.EFFECTIVE_ON_SUBMIT == {t for t, r in routes.items() if r.startswith("none")}
    assert set(COLLECTED_TYPES) == transitions.COLLECTED


@needs_spec
@pytest.mark.parametrize("case_type", sorted(TYPES))
def test_open_and_final_statuses_are_those_of_lifecycle_md(case_type: str) -> None:
    """Open: a status the table still leads out of; final: one it does not (and a final case is the
    one a unit rates). `approved` is open exactly for the types that collect a card."""
    always_open, always_final = _open_and_final()
    collects = case_type in transitions.COLLECTED
    spec_open = always_open | ({"approved"} if collects else set())
    spec_final = always_final | (set() if collects else {"approved"})
    table = _table_edges(case_type)
    table_open = {e[0] for e in table}
    assert table_open == spec_open & _states(table)
    assert _states(table) - table_open == spec_final & _states(table)
    rateable = {s for s in STATUSES if transitions.allows("rate", case_type, s)}
    assert rateable == spec_final


@needs_spec
def test_models_open_statuses_are_the_unconditionally_open_ones() -> None:
    assert set(OPEN_STATUSES) == _open_and_final()[0]


@needs_spec
def test_r_e03_closes_every_open_case_withdrawing_those_r_w06_would_let_go() -> None:
    """The former unit's open cases on a moved permit (transfer.close, not drawn): every status open
    for every type, withdrawn where the diagram draws a withdrawal, rejected after a decision."""
    drawn_withdrawals = {e.source for e in _diagram()[0] if e.label == "withdraw"}
    for status in sorted(_open_and_final()[0]):
        to = transitions.next_status("transfer.close", "renewal", status)
        assert to == ("withdrawn" if status in drawn_withdrawals else "rejected"), status


# --- the table against api.md's case operations ---------------------------------------------------

def _operation(method_path: str) -> str:
    """The head of api.md's bullet for the operation: from the dash to the first colon or arrow."""
    text = API_MD.read_text(encoding="utf-8")
    bullet = re.search(rf"^- `{re.escape(method_path)}` — (.*?)(?::|→)", text, re.M | re.S)
    assert bullet, method_path
    return bullet.group(1)


@needs_spec
@pytest.mark.parametrize(
    ("method_path", "action"),
    [
        ("PATCH /api/v1/applications/{id}", "patch"),
        ("POST /api/v1/applications/{id}/review", "review"),
        ("POST /api/v1/applications/{id}/approval", "approval"),
        ("POST /api/v1/applications/{id}/collection", "collection"),
    ],
)
def test_each_operation_starts_from_the_statuses_api_md_names(method_path: str, action: str) -> None:
    head = _operation(method_path)
    named = re.findall(r"`([a-z_]+)`", head)
    assert transitions.sources(action) == {n for n in named if n in STATUSES}
    types = {n for n in named if n in TYPES}
    if types:  # the collection names its types (R-W04)
        assert {t for t in TYPES if transitions.applies(action, t)} == types


# --- the table's own guarantees -----------------------------------------------------------------

def test_lock_refuses_an_action_the_table_does_not_know() -> None:
    """`_lock` once let an action missing from its table pass unchecked (`withdraw` was): now an
    unknown action is a programming error, raised before the case is read."""
    with pytest.raises(transitions.UnknownAction):
        services._lock(Actor.system(), 1, "approve")
    with pytest.raises(transitions.UnknownAction):
        transitions.allows("withdrawal", "new", "draft")


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_r_w06_withdrawable_before_any_decision(status: str) -> None:
    assert all(transitions.allows("withdraw", t, status) for t in TYPES)


@pytest.mark.parametrize("status", ["supplement_requested", "district_passed", "approved", "collected",
                                    "rejected", "withdrawn"])
def test_r_w06_not_withdrawable_after_a_decision(status: str) -> None:
    assert not any(transitions.allows("withdraw", t, status) for t in TYPES)


def test_every_row_of_an_action_names_the_same_policy() -> None:
    for action in transitions.ACTIONS:
        assert len({m.policy for m in transitions.moves(action)}) == 1, action
    assert {a for a in transitions.ACTIONS if transitions.policy(a) is None} == {"transfer.close"}


def test_one_move_at_most_per_type_status_and_decision() -> None:
    """The table is a function: no two rows of an action lead one case two ways."""
    for action in transitions.ACTIONS:
        seen = set()
        for m in transitions.moves(action):
            for key in {(t, s, m.decision) for t in m.types for s in m.sources}:
                assert key not in seen, (action, key)
                seen.add(key)
