"""Who may reach every URL of the service, checked against a table.

Every route the resolver knows is requested by every role (`ROLES`), with the ids of the home
authority's records and of another authority's, by GET and by POST with an empty body, and
each answer is compared with the table below (`ENTRIES`). The table is written from the rules
of the service, never from the code:

- anyone not signed in is sent to sign in;
- another local authority's id is "not found" (404), never "forbidden", whatever the role,
  and so is every page of an authority for the platform operator, who belongs to none;
- everyone in the authority reads everything; administrators and improvement leads change
  things; action owners record progress on the actions they own, thematic leads on their
  themes' actions; thematic leads write their
  themes' highlight reports; anyone else asking to change something is refused (403);
- a page answers 405 to a method it does not take;
- nothing is written unless the table says the request acts (`may_write=True`): never by a
  GET, never by a refusal.

Two more sets of ids are asked by the roles they tell about (`ROLES_FOR_IDS`): records of
the home authority that the action owner does not own and the thematic lead does not lead, and
a mix of the home authority's ids with the last one another authority's (an action of another
plan, say), which shows that every id in the address is checked, not only the first.

To add a URL, add one line to `ENTRIES` with its rule (`READ`, `EDIT`, or a `Page` of its
own); a URL that takes an id of a new kind also needs the kind in `ID_KINDS` and a record of
that kind in each authority of the world (`tests/authorisation_world.py`). An id taken from
the query string is written as `name?parameter=kind`.

Every request runs in a savepoint that is rolled back, so no case changes the world for the
next, and work queued for after a commit (reminder emails, making a board paper) never runs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.authorisation_world import (
    ADMINISTRATOR,
    ANONYMOUS,
    AUTHORITY_ROLES,
    IMPROVEMENT_LEAD,
    OUTSIDER,
    OWNER,
    ROLES,
    SUPERUSER,
    THEMATIC_LEAD,
    World,
    build_world,
)

# Marked so that pytest-django sets the test database up; each test then runs in a savepoint
# of the module's transaction.
pytestmark = pytest.mark.django_db

GET, POST = "GET", "POST"

# The sets of ids a URL is asked with.
NO_IDS = "no ids"
OWN = "own"
NOT_THEIRS = "own, not theirs"
OTHER = "other authority's"
MIXED = "own, last other's"
QUERY_MIXED = "own, query other's"

ROLES_FOR_IDS = {
    # The improvement lead may open everything of the home authority, so a last id that is
    # not checked shows as a page.
    MIXED: (IMPROVEMENT_LEAD,),
    QUERY_MIXED: (OWNER, IMPROVEMENT_LEAD),
    # The action owner's and thematic lead's rights stop at their own actions and themes.
    NOT_THEIRS: (OWNER, THEMATIC_LEAD, IMPROVEMENT_LEAD),
}

MEMBERS = frozenset(AUTHORITY_ROLES)
EDITORS = frozenset({IMPROVEMENT_LEAD, ADMINISTRATOR})
HIGHLIGHT_WRITERS = EDITORS | {THEMATIC_LEAD}
# Owners on their own actions; thematic leads on their themes' actions.
PROGRESS_RECORDERS = EDITORS | {OWNER, THEMATIC_LEAD}
ADMINISTRATORS = frozenset({ADMINISTRATOR})

# The kind of record each URL parameter names (`namespace:parameter` where the same name means
# different things in different apps). The world has one record of each kind per authority.
ID_KINDS = {
    "inspection_id": "inspection",
    "recommendation_id": "recommendation",
    "inspections:milestone_id": "deadline",
    "plan_id": "plan",
    "theme_id": "theme",
    "priority_area_id": "priority_area",
    "section_id": "section",
    "action_id": "action",
    "programme_id": "programme",
    "project_id": "project",
    "deliverable_id": "deliverable",
    "programme:milestone_id": "project_milestone",
    "budget_line_id": "budget_line",
    "board_id": "board",
    "meeting_id": "meeting",
    "decision_id": "decision",
    "report_id": "highlight_report",
    "risk_id": "risk",
    "paper_id": "board_paper",
    "token": "calendar_feed",
    "user_id": "user",
    "post_id": "post",
    "organisation_id": "organisation",
    "closure_day_id": "closure_day",
    "uidb64": "link_user",
    "accounts:token": "link_token",
    # Impact
    "measure_id": "measure",
    "target_id": "target",
    "value_id": "measure_value",
    "audit_id": "audit",
    "finding_id": "finding",
    "evidence_id": "evidence",
    "outcome_id": "expected_outcome",
    "pack_id": "visit_pack",
}


# What should happen -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """A status; for a redirect, the name of the URL it leads to (or one of several); and
    whether the request may write to the database."""

    status: int
    to: str | tuple[str, ...] = ""
    may_write: bool = False

    def __str__(self) -> str:
        to = " or ".join(self.to) if isinstance(self.to, tuple) else self.to
        text = f"{self.status} → {to}" if to else str(self.status)
        return text + (", may write" if self.may_write else "")


OK = Expect(200)
REFUSED = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)
TO_SIGN_IN = Expect(302, "accounts:login")


@dataclass(frozen=True)
class Case:
    role: str
    ids: str
    method: str


# A rule says what a case should get; None leaves the case out of the matrix.
Rule = Callable[[Case], Expect | None]


@dataclass(frozen=True)
class Page:
    """A page of one local authority's service.

    `who` may use it; `who_not_theirs` when the action or theme is not the action owner's or
    the thematic lead's (the same as `who` unless given). `get` and `post` are what they get,
    None when the page does not take the method (405 for everyone signed in).
    """

    who: frozenset[str]
    get: Expect | None = OK
    post: Expect | None = OK
    who_not_theirs: frozenset[str] | None = None

    def __call__(self, case: Case) -> Expect:
        if case.role == ANONYMOUS:
            return TO_SIGN_IN
        answer = self.get if case.method == GET else self.post
        if answer is None:
            return NOT_ALLOWED
        if case.role == SUPERUSER:
            return NOT_FOUND
        # The other authority's user is that authority's improvement lead: at home with its ids.
        at_home = case.ids in {NO_IDS, OTHER} if case.role == OUTSIDER else case.ids != OTHER
        if not at_home or case.ids == MIXED:
            return NOT_FOUND
        acting = IMPROVEMENT_LEAD if case.role == OUTSIDER else case.role
        who = self.who
        if case.ids == NOT_THEIRS and self.who_not_theirs is not None:
            who = self.who_not_theirs
        if acting not in who:
            return REFUSED
        # An id in the query string only chooses what the page starts from, so it is looked
        # up once the page itself is allowed.
        return NOT_FOUND if case.ids == QUERY_MIXED else answer


# Everyone in the authority reads it. Most pages answer a POST as a GET (the matrix checks that
# nothing is written); `READ_ONLY` pages refuse it.
READ = Page(who=MEMBERS)
READ_ONLY = Page(who=MEMBERS, post=None)
# A form only administrators and improvement leads may use: an empty POST shows it again with
# its errors.
EDIT = Page(who=EDITORS)
# The next step of an import, asked without one waiting (no token): not found.
IMPORT_STEP = Page(who=EDITORS, get=NOT_FOUND, post=NOT_FOUND)


def login_page(case: Case) -> Expect:
    """Anyone may sign in; someone signed in already is sent to the dashboard."""
    return OK if case.role == ANONYMOUS else Expect(302, "core:dashboard")


def logout(case: Case) -> Expect:
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    if case.method == GET:
        return NOT_ALLOWED
    return Expect(302, "accounts:login", may_write=True)


def calendar_feed(case: Case) -> Expect:
    """Public: the secret token is the credential, whoever's it is (calendar programs cannot
    sign in). Unknown and revoked tokens are tested in tracker/schedule/tests."""
    return OK if case.method == GET else NOT_ALLOWED


def calendar_feed_stop(case: Case) -> Expect:
    """Stops the user's own calendar link, if they have one: it names no record, so even the
    platform operator, who has none, is only sent back."""
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    if case.method == GET:
        return NOT_ALLOWED
    return Expect(302, "schedule:feed_manage", may_write=True)


def own_account(get: Expect | None = OK, post: Expect | None = OK) -> Rule:
    """A page about the signed-in person themself (their account, their password): every
    signed-in user has one, the platform operator too."""

    def rule(case: Case) -> Expect:
        if case.role == ANONYMOUS:
            return TO_SIGN_IN
        answer = get if case.method == GET else post
        return NOT_ALLOWED if answer is None else answer

    return rule


def open_page(get: Expect | None = OK, post: Expect | None = OK) -> Rule:
    """Open without signing in: forgotten passwords, and links whose token is the credential
    (a token the service did not issue shows the "link no longer works" page, whoever asks)."""

    def rule(case: Case) -> Expect:
        answer = get if case.method == GET else post
        return NOT_ALLOWED if answer is None else answer

    return rule


def django_admin(case: Case) -> Expect | None:
    """Django's admin is the platform operator's: everyone else is sent to sign in (to either
    sign-in page when not signed in, to the admin's when signed in without the right).

    Asked by GET only (the admin refuses a POST by the same check) and not by the operator,
    whose own pages (index, sign-in, sign-out) have entries of their own.
    """
    if case.method == POST or case.role == SUPERUSER:
        return None
    if case.role == ANONYMOUS:
        return Expect(302, ("accounts:login", "admin:login"))
    return Expect(302, "admin:login")


def admin_index(case: Case) -> Expect | None:
    if case.role == SUPERUSER:
        return OK
    return django_admin(Case(case.role, case.ids, GET))


def admin_login(case: Case) -> Expect:
    """Open to all; the operator, signed in already, is sent on to the index."""
    if case.role == SUPERUSER and case.method == GET:
        return Expect(302, "admin:index")
    return OK


def admin_logout(case: Case) -> Expect | None:
    """Only the operator is signed out; anyone else is sent to the index (and from there to
    the admin's sign-in)."""
    if case.role == ANONYMOUS:
        return django_admin(Case(case.role, case.ids, GET))
    if case.role != SUPERUSER:
        return Expect(302, "admin:index")
    return NOT_ALLOWED if case.method == GET else Expect(302, "accounts:login", may_write=True)


ENTRIES: dict[str, Rule] = {
    "core:dashboard": lambda case: (
        Expect(302, "admin:index") if case.role == SUPERUSER else READ(case)
    ),
    "accounts:login": login_page,
    "accounts:logout": logout,
    "accounts:account": own_account(),
    "accounts:password_change": own_account(),
    "accounts:password_change_done": own_account(post=None),
    "accounts:password_reset": open_page(),
    "accounts:password_reset_done": open_page(post=None),
    "accounts:password_reset_complete": open_page(post=None),
    "accounts:password_reset_confirm": open_page(),
    "accounts:invitation_accept": open_page(),
    # Administrators manage their own authority; nobody else may open these pages.
    "accounts:manage": Page(who=ADMINISTRATORS),
    "accounts:user_list": Page(who=ADMINISTRATORS),
    "accounts:user_invite": Page(who=ADMINISTRATORS),
    "accounts:user_update": Page(who=ADMINISTRATORS),
    # Confirmation pages: a POST acts (an empty one names no version, so none is checked).
    "accounts:user_deactivate": Page(
        who=ADMINISTRATORS, post=Expect(302, "accounts:user_list", may_write=True)
    ),
    "accounts:user_reactivate": Page(who=ADMINISTRATORS),
    "accounts:user_invitation_resend": Page(who=ADMINISTRATORS),
    "accounts:post_list": Page(who=ADMINISTRATORS),
    "accounts:post_create": Page(who=ADMINISTRATORS),
    "accounts:post_update": Page(who=ADMINISTRATORS),
    "accounts:post_retire": Page(
        who=ADMINISTRATORS, post=Expect(302, "accounts:post_list", may_write=True)
    ),
    "accounts:post_reinstate": Page(who=ADMINISTRATORS),
    "accounts:organisation_list": Page(who=ADMINISTRATORS),
    "accounts:organisation_create": Page(who=ADMINISTRATORS),
    "accounts:organisation_update": Page(who=ADMINISTRATORS),
    "accounts:organisation_retire": Page(
        who=ADMINISTRATORS, post=Expect(302, "accounts:organisation_list", may_write=True)
    ),
    "accounts:organisation_reinstate": Page(who=ADMINISTRATORS),
    "accounts:closure_day_list": Page(who=ADMINISTRATORS),
    "accounts:closure_day_create": Page(who=ADMINISTRATORS),
    "accounts:closure_day_remove": Page(
        who=ADMINISTRATORS, post=Expect(302, "accounts:closure_day_list", may_write=True)
    ),
    "accounts:sign_in_event_list": Page(who=ADMINISTRATORS),
    # Inspections
    "inspections:inspection_list": READ,
    "inspections:inspection_create": EDIT,
    "inspections:inspection_import": EDIT,
    "inspections:inspection_import_preview": IMPORT_STEP,
    "inspections:inspection_detail": READ,
    "inspections:inspection_update": EDIT,
    "inspections:recommendation_create": EDIT,
    "inspections:recommendation_update": EDIT,
    "inspections:milestone_update": EDIT,
    "inspections:milestone_met": EDIT,
    "inspections:milestone_clear_override": Page(
        who=EDITORS, get=None, post=Expect(302, "inspections:inspection_detail", may_write=True)
    ),
    # Plans
    "plans:plan_list": READ,
    "plans:plan_create": EDIT,
    "plans:plan_create_from_inspection": EDIT,
    "plans:plan_import_upload": EDIT,
    "plans:plan_import_columns": IMPORT_STEP,
    "plans:plan_import_preview": IMPORT_STEP,
    # Merging: choose the plans, then the preview (its plans ride in the query: none is 404).
    "plans:plan_merge_start": EDIT,
    "plans:plan_merge_preview": IMPORT_STEP,
    "plans:plan_detail": READ,
    "plans:plan_as_at": READ_ONLY,
    "plans:plan_update": EDIT,
    "plans:theme_create": EDIT,
    "plans:theme_update": EDIT,
    "plans:priority_area_create": EDIT,
    "plans:priority_area_update": EDIT,
    # An empty POST asks to remove the world's priority area, which nothing is linked to.
    "plans:priority_area_delete": Page(
        who=EDITORS, post=Expect(302, "plans:plan_detail", may_write=True)
    ),
    "plans:section_create": EDIT,
    "plans:section_update": EDIT,
    "plans:action_create": EDIT,
    "plans:action_detail": READ,
    "plans:action_update": EDIT,
    "plans:progress_create": Page(who=PROGRESS_RECORDERS, who_not_theirs=EDITORS),
    "plans:progress_create?corrects=progress_update": Page(
        who=PROGRESS_RECORDERS, who_not_theirs=EDITORS
    ),
    # Programme
    "programme:programme_list": READ,
    "programme:programme_create": EDIT,
    "programme:programme_detail": READ,
    "programme:programme_update": EDIT,
    "programme:project_create": EDIT,
    "programme:project_detail": READ,
    "programme:project_update": EDIT,
    "programme:deliverable_create": EDIT,
    "programme:deliverable_update": EDIT,
    "programme:milestone_create": EDIT,
    "programme:milestone_update": EDIT,
    "programme:budget_line_create": EDIT,
    "programme:budget_line_create?project=project": EDIT,
    "programme:budget_line_update": EDIT,
    # Governance
    "governance:board_list": READ,
    "governance:board_create": EDIT,
    "governance:board_detail": READ,
    "governance:board_update": EDIT,
    "governance:meeting_create": EDIT,
    "governance:meeting_detail": READ,
    "governance:meeting_update": EDIT,
    "governance:agenda_item_create": EDIT,
    "governance:decision_create": EDIT,
    "governance:decision_update": EDIT,
    "governance:decision_make_action": EDIT,
    "governance:risk_list": READ,
    "governance:risk_create": EDIT,
    "governance:risk_heat_map": READ,
    "governance:risk_detail": READ,
    "governance:risk_update": EDIT,
    # The theme has no report for the meeting yet, so one is drafted.
    "governance:highlight_report_create": Page(
        who=HIGHLIGHT_WRITERS,
        who_not_theirs=EDITORS,
        get=None,
        post=Expect(302, "governance:highlight_report_detail", may_write=True),
    ),
    "governance:highlight_report_detail": READ,
    "governance:highlight_report_update": Page(who=HIGHLIGHT_WRITERS, who_not_theirs=EDITORS),
    "governance:highlight_report_submit": Page(who=HIGHLIGHT_WRITERS, who_not_theirs=EDITORS),
    # Reopening is for the improvement team; a draft cannot be reopened (409, "conflict").
    "governance:highlight_report_reopen": Page(who=EDITORS, get=None, post=Expect(409)),
    # Calendar: everyone manages their own link
    "schedule:calendar": READ,
    "schedule:feed_manage": READ_ONLY,
    "schedule:feed_create": Page(
        who=MEMBERS, get=None, post=Expect(302, "schedule:feed_manage", may_write=True)
    ),
    "schedule:feed_revoke": calendar_feed_stop,
    "schedule:feed": calendar_feed,
    "reminders:update_cycle": EDIT,
    # Reporting: anyone in the authority may ask for a board paper and download exports
    "reporting:plan_changes": READ,
    "reporting:board_paper_list": READ,
    "reporting:board_paper_detail": READ,
    "reporting:board_paper_status": READ_ONLY,
    "reporting:board_paper_download": READ_ONLY,
    "reporting:plan_export_xlsx": READ_ONLY,
    "reporting:plan_export_csv": READ_ONLY,
    "reporting:statement_of_action_docx": READ_ONLY,
    "reporting:statement_of_action_pdf": READ_ONLY,
    "reporting:risk_register_xlsx": READ_ONLY,
    "reporting:risk_register_csv": READ_ONLY,
    # Impact: measures, targets and values (and their import)
    "performance:measure_list": READ,
    "performance:measure_create": EDIT,
    "performance:measure_detail": READ,
    "performance:measure_update": EDIT,
    "performance:measure_retire": Page(
        who=EDITORS, post=Expect(302, "performance:measure_detail", may_write=True)
    ),
    "performance:target_create": EDIT,
    "performance:target_remove": Page(
        who=EDITORS, post=Expect(302, "performance:measure_detail", may_write=True)
    ),
    "performance:value_create": EDIT,
    "performance:value_correct": EDIT,
    #
    #
    "performance:value_import": EDIT,
    "performance:value_import_preview": IMPORT_STEP,
    # Applies the import waiting under the posted token; without one, nothing is waiting.
    "performance:value_import_apply": Page(who=EDITORS, get=None, post=NOT_FOUND),
    # Impact: quality assurance audits, findings and verification
    "performance:audit_list": READ,
    "performance:audit_create": EDIT,
    "performance:audit_detail": READ,
    "performance:audit_update": EDIT,
    "performance:finding_create": EDIT,
    "performance:finding_update": EDIT,
    "performance:finding_confirm": EDIT,
    "performance:finding_make_action": EDIT,
    # An independent check: improvement leads and the theme's thematic lead, never an owner.
    "performance:action_verify": Page(who=EDITORS | {THEMATIC_LEAD}, who_not_theirs=EDITORS),
    #
    #
    # Impact: evidence
    "performance:evidence_detail": READ_ONLY,
    "performance:evidence_download": READ_ONLY,
    # The world's evidence was added by nobody in it, so only the improvement team withdraws.
    "performance:evidence_withdraw": EDIT,
    "performance:evidence_add_for_action": Page(who=PROGRESS_RECORDERS, who_not_theirs=EDITORS),
    "performance:evidence_add_for_outcome": EDIT,
    "performance:evidence_add_for_value": EDIT,
    "performance:evidence_add_for_audit": EDIT,
    #
    #
    # Impact: coverage
    "performance:plan_coverage": READ_ONLY,
    "performance:plan_coverage_xlsx": READ_ONLY,
    #
    #
    # Impact: monitoring visit packs
    # Everyone in the authority reads and downloads packs; leads and administrators make them.
    "reporting:visit_pack_list": READ,
    "reporting:visit_pack_create": EDIT,
    "reporting:visit_pack_detail": READ,
    "reporting:visit_pack_status": READ_ONLY,
    "reporting:visit_pack_download": READ_ONLY,
    #
    #
    # Django's admin: one rule for all its URLs, and the pages that differ.
    "admin:*": django_admin,
    "admin:index": admin_index,
    "admin:login": admin_login,
    "admin:logout": admin_logout,
}


# The routes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # `namespace:name`, or `namespace:<route>` for a pattern without a name
    route: str  # the whole pattern, e.g. plans/<int:plan_id>/


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield Route(key=f"{namespace}:{entry.name or '<' + route + '>'}", route=route)


ROUTES = list(_walk(get_resolver().url_patterns))
ROUTE_BY_KEY = {route.key: route for route in ROUTES}
PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>")


def _is_admin(key: str) -> bool:
    return key.startswith("admin:")


def _entry_for(route: Route) -> Rule | None:
    if route.key in ENTRIES:
        return ENTRIES[route.key]
    return ENTRIES["admin:*"] if _is_admin(route.key) else None


def _split(key: str) -> tuple[str, dict[str, str]]:
    """An entry's URL key, and the kind of record each of its query parameters names."""
    name, _, query = key.partition("?")
    return name, dict(part.split("=") for part in query.split("&") if part)


def _kinds(route: Route, query: dict[str, str]) -> list[tuple[str, str]]:
    """(parameter, kind of record) for each id in the path, then in the query."""
    namespace = route.key.split(":")[0]
    kinds = []
    for name in PARAMETER.findall(route.route):
        kind = ID_KINDS.get(f"{namespace}:{name}") or ID_KINDS.get(name)
        assert kind, f"{route.key}: add the kind of record <{name}> names to ID_KINDS"
        kinds.append((name, kind))
    return kinds + list(query.items())


def _admin_path(route: str) -> str:
    """A path the admin pattern matches, with 1 for each id: only the operator gets past the
    admin's own check to look an id up, and the operator is asked only for the index."""
    path = route.replace("^", "").replace("$", "")
    path = path.replace("(?P<url>.*)", "no-such-page/")
    path = re.sub(r"\(\?P<\w+>(\w+)[^)]*\)", r"\1", path)  # alternatives: the first
    return "/" + PARAMETER.sub("1", path).replace("([^/]+)", "1")


# Asking -------------------------------------------------------------------------------------------


@dataclass
class Matrix:
    world: World
    sessions: dict[str, str]
    # One client for every request, so the middleware is loaded once; its cookies are set
    # afresh for each request.
    client: Client = field(default_factory=lambda: Client(raise_request_exception=False))


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world, built once for the module in a transaction rolled back at the end, and a
    signed-in session for each role. Refusals are not logged (errors still are)."""
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            world = build_world()
            sessions = {}
            for role in ROLES:
                user = world.user(role)
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield Matrix(world=world, sessions=sessions)
            transaction.set_rollback(True)
    finally:
        request_log.setLevel(level)


WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)


def _view_name(location: str) -> str:
    try:
        return resolve(urlsplit(location).path).view_name
    except Resolver404:
        return ""


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    wrote: tuple[str, ...]
    error: str

    def matches(self, expected: Expect) -> bool:
        if self.status != expected.status or self.error:
            return False
        if expected.to:
            allowed = expected.to if isinstance(expected.to, tuple) else (expected.to,)
            if _view_name(self.location) not in allowed:
                return False
        return expected.may_write or not self.wrote

    def __str__(self) -> str:
        text = str(self.status)
        if self.location:
            text += f" → {_view_name(self.location) or self.location}"
        if self.error:
            text += f" ({self.error})"
        if self.wrote:
            text += f", wrote {', '.join(sorted(set(self.wrote)))}"
        return text


def _ask(matrix: Matrix, *, role: str, method: str, path: str) -> Answer:
    """One request, in a savepoint rolled back afterwards, noting each table it wrote to."""
    client = matrix.client
    client.cookies = SimpleCookie()
    if role in matrix.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[role]
    wrote: list[str] = []

    def watch(execute, sql, params, many, context):
        if written := WRITE.match(sql):
            wrote.append(written.group(1))
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(watch):
        response = client.get(path) if method == GET else client.post(path, {})
        transaction.set_rollback(True)
    exc_info = getattr(response, "exc_info", None)
    return Answer(
        status=response.status_code,
        location=response.get("Location", ""),
        wrote=tuple(wrote),
        error=f"{exc_info[0].__name__}: {exc_info[1]}" if exc_info else "",
    )


def _id_sets(matrix: Matrix, kinds: list[tuple[str, str]], in_query: int) -> dict[str, dict]:
    """The values of a URL's parameters, by set of ids (`in_query`: how many of the
    parameters, the last ones, are in the query string)."""
    if not kinds:
        return {NO_IDS: {}}
    home, away = matrix.world.home, matrix.world.away

    def fill(ids: dict[str, int | str], last: dict[str, int | str] | None = None) -> dict:
        values = {name: ids[kind] for name, kind in kinds}
        if last is not None:
            name, kind = kinds[-1]
            values[name] = last[kind]
        return values

    sets = {OWN: fill(home.ids)}
    if any(kind in home.not_theirs for _, kind in kinds):
        sets[NOT_THEIRS] = fill(home.ids | home.not_theirs)
    sets[OTHER] = fill(away.ids)
    if len(kinds) > 1:
        sets[QUERY_MIXED if in_query else MIXED] = fill(home.ids, last=away.ids)
    return sets


def _path(route: Route, query: dict[str, str], values: dict) -> str:
    path = "/" + PARAMETER.sub(lambda m: str(values[m.group("name")]), route.route)
    assert resolve(path).route == route.route, f"{path} does not reach {route.route}"
    if query:
        path += "?" + urlencode({name: values[name] for name in query})
    return path


def _check(matrix: Matrix, route: Route, query: dict[str, str], rule: Rule) -> list[list[str]]:
    """Every case of a route; a row for each that differs from the table."""
    if _is_admin(route.key):
        paths = {NO_IDS: _admin_path(route.route)}
    else:
        id_sets = _id_sets(matrix, _kinds(route, query), in_query=len(query))
        paths = {ids: _path(route, query, values) for ids, values in id_sets.items()}
    rows = []
    for role in ROLES:
        for ids, path in paths.items():
            if role not in ROLES_FOR_IDS.get(ids, ROLES):
                continue
            for method in (GET, POST):
                expected = rule(Case(role=role, ids=ids, method=method))
                if expected is None:
                    continue
                answer = _ask(matrix, role=role, method=method, path=path)
                if not answer.matches(expected):
                    rows.append([role, ids, method, path, str(expected), str(answer)])
    return rows


def _table(title: str, rows: list[list[str]]) -> str:
    header = ["role", "ids", "method", "path", "expected", "got"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

    return "\n".join([title, line(header), "-" * len(line(header)), *map(line, rows)])


# The tests ----------------------------------------------------------------------------------------


def test_authorisation_matrix_has_an_entry_for_every_url_and_a_url_for_every_entry():
    missing = [f"{route.key}  /{route.route}" for route in ROUTES if _entry_for(route) is None]
    stale = [key for key in ENTRIES if key != "admin:*" and _split(key)[0] not in ROUTE_BY_KEY]
    problems = []
    if missing:
        problems.append(
            "URLs without an entry in ENTRIES (say who may GET and POST them):\n  "
            + "\n  ".join(missing)
        )
    if stale:
        problems.append("Entries for URLs that no longer exist:\n  " + "\n  ".join(stale))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", sorted(key for key in ENTRIES if not _is_admin(key)))
def test_authorisation_matrix(matrix, key):
    name, query = _split(key)
    route = ROUTE_BY_KEY.get(name)
    assert route is not None, f"{key}: no such URL"
    rows = _check(matrix, route, query, ENTRIES[key])
    assert not rows, _table(f"{key} (/{route.route}): {len(rows)} cases differ", rows)


def test_authorisation_matrix_of_django_admin(matrix):
    rows = []
    for route in ROUTES:
        if _is_admin(route.key):
            rule = _entry_for(route)
            assert rule is not None
            rows += _check(matrix, route, {}, rule)
    assert not rows, _table(f"Django admin: {len(rows)} cases differ", rows)
