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
- people of a partner organisation see only the plans shared with their organisation and
  what hangs off them (actions, progress, risks, evidence of actions, exports of the plan):
  anything tied to another plan is "not found" to them, as another authority's is; the
  council's own pages (programme and budget, inspections, boards and highlight reports,
  scorecard, audits, coverage, papers and packs, calendar, administration) are refused (403);
  they record progress only on their organisation's actions, and only a partner
  organisation's administrator manages its staff;
- the national inspection picture is published judgements, public data: everyone of every
  council reads every authority's there, and partner organisations are refused it (403);
- an adviser (DfE, regional improvement partner) belongs to no authority: they read, as a
  viewer does, everything of the authority they opened while it lets them in, except what
  acts for them without a session (API tokens, calendar links: refused, 403); once it stops
  letting them in, or if it never did, everything of it is "not found", as for the platform
  operator. An adviser never changes anything: every POST of theirs is refused (403), let in
  or not, except signing in and out and their own password (`ADVISER_MAY_POST`);
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
    ADVISER,
    ADVISER_NOT_LET_IN,
    ADVISERS,
    ANONYMOUS,
    AUTHORITY_ROLES,
    IMPROVEMENT_LEAD,
    OUTSIDER,
    OWNER,
    PARTNER_ADMIN,
    PARTNERS,
    ROLES,
    SUPERUSER,
    THEMATIC_LEAD,
    VIEWER,
    World,
    build_world,
)
from tracker.accounts.access import ADVISER_AUTHORITY_SESSION_KEY
from tracker.accounts.advisers.middleware import ADVISER_MAY_POST

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
    MIXED: (IMPROVEMENT_LEAD, ADVISER),
    QUERY_MIXED: (OWNER, IMPROVEMENT_LEAD, ADVISER),
    # The action owner's and thematic lead's rights stop at their own actions and themes; the
    # police partner's "not theirs" action is the one the police own.
    NOT_THEIRS: (OWNER, THEMATIC_LEAD, IMPROVEMENT_LEAD, *PARTNERS),
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
    "national_authority_id": "national_authority",
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
    "api_token_id": "api_token",
    "user_id": "user",
    "post_id": "post",
    "organisation_id": "organisation",
    "closure_day_id": "closure_day",
    "access_id": "partner_access",
    "member_id": "staff_member",
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
    # Advisers
    "local_authority_id": "local_authority",
    "adviser_access_id": "adviser_access",
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


# What people of a partner organisation get on a page (`Page.partners`). They see only the plans
# shared with their organisation: the world's plan is shared with the police (`PARTNER_ADMIN`)
# and only another plan with health (`PARTNER`), so every id of the world's plan, and of what
# hangs off it, is "not found" to health, as another authority's is.
SHARED = "shared"  # the plan's pages and what hangs off them: partners read them
IN_PLAN = "in plan"  # changing the plan: refused (403) once the ids are found
ORGANISATION_ACTIONS = "their organisation's actions"  # progress on the police's action only
COUNCIL = "council"  # the council's own pages (budget, boards, scorecard...): refused (403)
STAFF = "staff"  # the partner organisation's administrator's pages
# The council administrators' pages: refused (403), but another authority's record is "not
# found" whoever asks, as it is for everyone in the authority.
ADMINISTRATION = "administration"


# What an adviser let in gets on a page (`Page.advisers`): by default what a viewer gets.
AS_VIEWER = "as a viewer"
PERSONAL = "personal"  # acts for them without a session (API tokens, calendar links): 403


@dataclass(frozen=True)
class Page:
    """A page of one local authority's service.

    `who` may use it; `who_not_theirs` when the action or theme is not the action owner's or
    the thematic lead's (the same as `who` unless given). `get` and `post` are what they get,
    None when the page does not take the method (405 for everyone signed in). `partners` says
    what people of partner organisations get; by default a page everyone in the authority
    reads is `SHARED` and any other `IN_PLAN`. `advisers` says what an adviser let in gets
    (`AS_VIEWER` unless given).
    """

    who: frozenset[str]
    get: Expect | None = OK
    post: Expect | None = OK
    who_not_theirs: frozenset[str] | None = None
    partners: str = ""
    advisers: str = AS_VIEWER

    def _adviser(self, case: Case, answer: Expect) -> Expect:
        """An adviser's GET (their POSTs are refused before any page: `adviser_rule`)."""
        if case.role != ADVISER or case.ids in {OTHER, MIXED}:
            return NOT_FOUND
        if self.advisers == PERSONAL or VIEWER not in self.who:
            return REFUSED
        return NOT_FOUND if case.ids == QUERY_MIXED else answer

    def _partner(self, case: Case, answer: Expect) -> Expect:
        kind = self.partners or (SHARED if self.who >= MEMBERS else IN_PLAN)
        if kind == COUNCIL:
            return REFUSED
        if kind == ADMINISTRATION:
            return NOT_FOUND if case.ids == OTHER else REFUSED
        if case.ids in {OTHER, MIXED, QUERY_MIXED}:
            return NOT_FOUND
        if kind == STAFF:
            return answer if case.role == PARTNER_ADMIN else REFUSED
        if case.ids != NO_IDS and case.role != PARTNER_ADMIN:
            return NOT_FOUND
        if kind == SHARED:
            return answer
        if kind == ORGANISATION_ACTIONS and case.ids == NOT_THEIRS:
            return answer
        return REFUSED

    def __call__(self, case: Case) -> Expect:
        if case.role == ANONYMOUS:
            return TO_SIGN_IN
        answer = self.get if case.method == GET else self.post
        if answer is None:
            return NOT_ALLOWED
        if case.role == SUPERUSER:
            return NOT_FOUND
        if case.role in ADVISERS:
            return self._adviser(case, answer)
        if case.role in PARTNERS:
            return self._partner(case, answer)
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
# nothing is written); `READ_ONLY` pages refuse it. Partners read it for the plans shared with
# them.
READ = Page(who=MEMBERS)
READ_ONLY = Page(who=MEMBERS, post=None)
# A form only administrators and improvement leads may use: an empty POST shows it again with
# its errors.
EDIT = Page(who=EDITORS)
# The council's own pages: everyone in the authority reads them, no partner.
COUNCIL_READ = Page(who=MEMBERS, partners=COUNCIL)
COUNCIL_READ_ONLY = Page(who=MEMBERS, post=None, partners=COUNCIL)
COUNCIL_EDIT = Page(who=EDITORS, partners=COUNCIL)
# The next step of an import, asked without one waiting (no token): not found.
IMPORT_STEP = Page(who=EDITORS, get=NOT_FOUND, post=NOT_FOUND)
COUNCIL_IMPORT_STEP = Page(who=EDITORS, get=NOT_FOUND, post=NOT_FOUND, partners=COUNCIL)


def national_page(case: Case) -> Expect:
    """The national inspection picture: published judgements are public, so anyone of any
    council reads every authority's, its own and another's alike, and so does an adviser, with an
    authority open or none; read-only; refused to partner organisations as every page of the
    council's own is; the platform operator belongs to no council."""
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    if case.method == POST:
        return NOT_ALLOWED
    if case.role == SUPERUSER:
        return NOT_FOUND
    if case.role in PARTNERS:
        return REFUSED
    return OK


def adviser_rule(key: str, rule: Rule) -> Rule:
    """An adviser never changes anything: their POST is refused (403) before any page looks at
    it, let in or not, except signing in and out, their own password and the pages open to
    all (`ADVISER_MAY_POST`) and Django's admin, which refuses them itself."""

    def rule_for_advisers(case: Case) -> Expect | None:
        expected = rule(case)
        if expected is None or case.role not in ADVISERS or case.method != POST:
            return expected
        if key in ADVISER_MAY_POST or key.startswith("admin:"):
            return expected
        return REFUSED

    return rule_for_advisers


def dashboard(case: Case) -> Expect:
    """Everyone's home page; the platform operator's home is Django admin, and an adviser's,
    until they open an authority that lets them in, their portfolio."""
    if case.role == SUPERUSER:
        return Expect(302, "admin:index")
    if case.role in ADVISERS and case.role != ADVISER and case.method == GET:
        return Expect(302, "reporting:adviser_portfolio")
    return READ(case)


def adviser_portfolio(case: Case) -> Expect:
    """The adviser's own page, let in anywhere or not; refused (403) to anyone else."""
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    return OK if case.role in ADVISERS else REFUSED


def adviser_open(case: Case) -> Expect:
    """Opening an authority: an adviser opens one that lets them in now (the session then
    names it, and they go to its home page); any other is "not found". Anyone else is
    refused (403)."""
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    if case.role not in ADVISERS:
        return REFUSED
    lets_in = (case.role == ADVISER and case.ids == OWN) or (
        case.role == ADVISER_NOT_LET_IN and case.ids == OTHER
    )
    return Expect(302, "core:dashboard", may_write=True) if lets_in else NOT_FOUND


def login_page(case: Case) -> Expect:
    """Anyone may sign in; someone signed in already is sent to the dashboard."""
    return OK if case.role == ANONYMOUS else Expect(302, "core:dashboard")


def logout(case: Case) -> Expect:
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    if case.method == GET:
        return NOT_ALLOWED
    return Expect(302, "accounts:login", may_write=True)


def two_factor_page(case: Case) -> Expect:
    return TO_SIGN_IN if case.role == ANONYMOUS else Expect(302, "core:dashboard")


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


# The REST API (/api/v1/) follows the pages' rules, answering in JSON: who is not signed in
# gets 401 (never a redirect); a method an endpoint does not take is 405 for everyone signed
# in. A write needs the record's ETag in If-Match, so the matrix's empty POST, once allowed,
# is 428 and writes nothing.
UNAUTHORISED = Expect(401)
PRECONDITION_REQUIRED = Expect(428)


def api(get: Rule, post: Rule | None = None) -> Rule:
    """An API endpoint: `get` says who reads it (a `Page`), `post` who writes to it (None:
    the endpoint takes no POST)."""

    def rule(case: Case) -> Expect | None:
        if case.role == ANONYMOUS:
            return UNAUTHORISED
        if case.method == POST:
            return NOT_ALLOWED if post is None else post(case)
        return get(case)

    return rule


API_READ = api(READ)
API_COUNCIL_READ = api(COUNCIL_READ)


def own_api_token(case: Case) -> Expect:
    """Revoking one of your own API tokens: the world's token is the viewer's, so only they
    may; to anyone else it is "not found" (tokens are private), as another authority's is."""
    if case.role == ANONYMOUS:
        return TO_SIGN_IN
    if case.role != VIEWER or case.ids != OWN:
        return NOT_FOUND
    if case.method == GET:
        return OK
    return Expect(302, "accounts:api_token_list", may_write=True)


def token_feed(case: Case) -> Expect:
    """The data feed takes an API token alone, never a session: without one every request is
    refused (401), whoever is signed in; a POST too, as the token is checked first. What a
    token gets is tested in tracker/reporting/tests/test_feeds.py."""
    return Expect(401)


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
    "core:dashboard": dashboard,
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
    # Single sign-on is not set up in the tests' settings: its pages are "not found" to all
    # (tracker/accounts/sso/tests run the whole sign-in against a real provider).
    "accounts:sso_start": lambda case: NOT_FOUND,
    "accounts:sso_callback": lambda case: NOT_FOUND,
    "accounts:sso_refused": lambda case: NOT_FOUND,
    # What someone new, let in as a viewer, reads: anyone signed in may.
    "accounts:sso_welcome": own_account(post=None),
    "accounts:sso_settings": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    # The code pages are for an administrator half signed in (password right, code pending);
    # anyone else is sent on to the dashboard (tracker/accounts/two_factor/tests).
    "accounts:two_factor_set_up": two_factor_page,
    "accounts:two_factor_verify": two_factor_page,
    # An administrator's own sign-in security: their app and recovery codes. Making codes needs
    # a right app code and a new app its own, so the empty POST only shows the form again.
    "accounts:security": Page(who=ADMINISTRATORS, post=None, partners=ADMINISTRATION),
    "accounts:recovery_codes_create": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:authenticator_app_replace": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    # A partner organisation's administrator manages its own staff; nobody else may. An empty
    # POST removes the member of the police's staff.
    "accounts:organisation_staff": Page(who=frozenset(), partners=STAFF),
    "accounts:organisation_staff_invite": Page(who=frozenset(), partners=STAFF),
    "accounts:organisation_staff_remove": Page(
        who=frozenset(),
        partners=STAFF,
        post=Expect(302, "accounts:organisation_staff", may_write=True),
    ),
    # Administrators manage their own authority; nobody else may open these pages.
    "accounts:manage": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:user_list": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:user_invite": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:user_update": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    # Confirmation pages: a POST acts (an empty one names no version, so none is checked).
    "accounts:user_deactivate": Page(
        partners=ADMINISTRATION,
        who=ADMINISTRATORS,
        post=Expect(302, "accounts:user_list", may_write=True),
    ),
    "accounts:user_reactivate": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:user_second_factor_reset": Page(
        who=ADMINISTRATORS,
        partners=ADMINISTRATION,
        post=Expect(302, "accounts:user_list", may_write=True),
    ),
    "accounts:user_invitation_resend": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:post_list": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:post_create": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:post_update": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:post_retire": Page(
        partners=ADMINISTRATION,
        who=ADMINISTRATORS,
        post=Expect(302, "accounts:post_list", may_write=True),
    ),
    "accounts:post_reinstate": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:organisation_list": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:organisation_create": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:organisation_update": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:organisation_retire": Page(
        partners=ADMINISTRATION,
        who=ADMINISTRATORS,
        post=Expect(302, "accounts:organisation_list", may_write=True),
    ),
    "accounts:organisation_reinstate": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:closure_day_list": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:closure_day_create": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:closure_day_remove": Page(
        partners=ADMINISTRATION,
        who=ADMINISTRATORS,
        post=Expect(302, "accounts:closure_day_list", may_write=True),
    ),
    "accounts:sign_in_event_list": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    # Advisers the authority lets in: an empty POST shows the form again with its errors; the
    # withdraw page's empty POST stops the adviser's access.
    "accounts:adviser_access_list": Page(who=ADMINISTRATORS, partners=ADMINISTRATION),
    "accounts:adviser_access_withdraw": Page(
        partners=ADMINISTRATION,
        who=ADMINISTRATORS,
        post=Expect(302, "accounts:adviser_access_list", may_write=True),
    ),
    # API tokens: everyone of an authority (partners too) makes and lists their own; an empty
    # POST shows the form again with its errors. Administrators see and revoke them all. A
    # token acts without a session, so never for an adviser.
    "accounts:api_token_list": Page(who=MEMBERS, post=None, advisers=PERSONAL),
    "accounts:api_token_create": Page(who=MEMBERS, advisers=PERSONAL),
    "accounts:api_token_revoke": own_api_token,
    "accounts:api_token_administration": Page(
        who=ADMINISTRATORS, post=None, partners=ADMINISTRATION
    ),
    "accounts:api_token_administrator_revoke": Page(
        partners=ADMINISTRATION,
        who=ADMINISTRATORS,
        post=Expect(302, "accounts:api_token_administration", may_write=True),
    ),
    # Inspections
    "inspections:inspection_list": COUNCIL_READ,
    "inspections:inspection_create": COUNCIL_EDIT,
    "inspections:inspection_import": COUNCIL_EDIT,
    "inspections:inspection_import_preview": COUNCIL_IMPORT_STEP,
    "inspections:inspection_detail": COUNCIL_READ,
    "inspections:inspection_update": COUNCIL_EDIT,
    "inspections:recommendation_create": COUNCIL_EDIT,
    "inspections:recommendation_update": COUNCIL_EDIT,
    "inspections:milestone_update": COUNCIL_EDIT,
    "inspections:milestone_met": COUNCIL_EDIT,
    "inspections:national_picture": national_page,
    "inspections:national_authority": national_page,
    "inspections:milestone_clear_override": Page(
        partners=COUNCIL,
        who=EDITORS,
        get=None,
        post=Expect(302, "inspections:inspection_detail", may_write=True),
    ),
    # Plans
    "plans:plan_list": READ,
    "plans:plan_create": EDIT,
    "plans:plan_create_from_inspection": COUNCIL_EDIT,
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
    # Partners record progress on the actions their organisation owns, of plans shared with it.
    "plans:progress_create": Page(
        who=PROGRESS_RECORDERS, who_not_theirs=EDITORS, partners=ORGANISATION_ACTIONS
    ),
    "plans:progress_create?corrects=progress_update": Page(
        who=PROGRESS_RECORDERS, who_not_theirs=EDITORS, partners=ORGANISATION_ACTIONS
    ),
    # Sharing a plan with partner organisations; an empty POST stops sharing it with the police.
    "plans:plan_partners": EDIT,
    "plans:plan_partner_withdraw": Page(
        who=EDITORS, post=Expect(302, "plans:plan_partners", may_write=True)
    ),
    # Programme
    "programme:programme_list": COUNCIL_READ,
    "programme:programme_create": COUNCIL_EDIT,
    "programme:programme_detail": COUNCIL_READ,
    "programme:programme_update": COUNCIL_EDIT,
    "programme:project_create": COUNCIL_EDIT,
    "programme:project_detail": COUNCIL_READ,
    "programme:project_update": COUNCIL_EDIT,
    "programme:deliverable_create": COUNCIL_EDIT,
    "programme:deliverable_update": COUNCIL_EDIT,
    "programme:milestone_create": COUNCIL_EDIT,
    "programme:milestone_update": COUNCIL_EDIT,
    "programme:budget_line_create": COUNCIL_EDIT,
    "programme:budget_line_create?project=project": COUNCIL_EDIT,
    "programme:budget_line_update": COUNCIL_EDIT,
    # Governance
    "governance:board_list": COUNCIL_READ,
    "governance:board_create": COUNCIL_EDIT,
    "governance:board_detail": COUNCIL_READ,
    "governance:board_update": COUNCIL_EDIT,
    "governance:meeting_create": COUNCIL_EDIT,
    "governance:meeting_detail": COUNCIL_READ,
    "governance:meeting_update": COUNCIL_EDIT,
    "governance:agenda_item_create": COUNCIL_EDIT,
    "governance:decision_create": COUNCIL_EDIT,
    "governance:decision_update": COUNCIL_EDIT,
    "governance:decision_make_action": COUNCIL_EDIT,
    "governance:risk_list": READ,
    "governance:risk_create": EDIT,
    "governance:risk_heat_map": READ,
    "governance:risk_detail": READ,
    "governance:risk_update": EDIT,
    # The theme has no report for the meeting yet, so one is drafted.
    "governance:highlight_report_create": Page(
        partners=COUNCIL,
        who=HIGHLIGHT_WRITERS,
        who_not_theirs=EDITORS,
        get=None,
        post=Expect(302, "governance:highlight_report_detail", may_write=True),
    ),
    "governance:highlight_report_detail": COUNCIL_READ,
    "governance:highlight_report_update": Page(
        partners=COUNCIL, who=HIGHLIGHT_WRITERS, who_not_theirs=EDITORS
    ),
    "governance:highlight_report_submit": Page(
        partners=COUNCIL, who=HIGHLIGHT_WRITERS, who_not_theirs=EDITORS
    ),
    # Reopening is for the improvement team; a draft cannot be reopened (409, "conflict").
    "governance:highlight_report_reopen": Page(
        partners=COUNCIL, who=EDITORS, get=None, post=Expect(409)
    ),
    # Calendar: everyone manages their own link
    "schedule:calendar": COUNCIL_READ,
    "schedule:feed_manage": Page(who=MEMBERS, post=None, partners=COUNCIL, advisers=PERSONAL),
    "schedule:feed_create": Page(
        partners=COUNCIL,
        who=MEMBERS,
        get=None,
        post=Expect(302, "schedule:feed_manage", may_write=True),
    ),
    "schedule:feed_revoke": calendar_feed_stop,
    "schedule:feed": calendar_feed,
    "reminders:update_cycle": EDIT,
    # Reporting: anyone in the authority may ask for a board paper and download exports
    "reporting:plan_changes": READ,
    "reporting:board_paper_list": Page(who=MEMBERS, partners=IN_PLAN),
    "reporting:board_paper_detail": Page(who=MEMBERS, partners=IN_PLAN),
    "reporting:board_paper_status": Page(who=MEMBERS, post=None, partners=IN_PLAN),
    "reporting:board_paper_download": Page(who=MEMBERS, post=None, partners=IN_PLAN),
    "reporting:plan_export_xlsx": READ_ONLY,
    "reporting:plan_export_csv": READ_ONLY,
    "reporting:plan_export_pdf": READ_ONLY,
    "reporting:statement_of_action_docx": READ_ONLY,
    "reporting:statement_of_action_pdf": READ_ONLY,
    "reporting:risk_register_xlsx": READ_ONLY,
    "reporting:risk_register_csv": READ_ONLY,
    # The adviser's portfolio, and opening one of its authorities.
    "reporting:adviser_portfolio": adviser_portfolio,
    "reporting:adviser_open": adviser_open,
    # The data feed for Power BI and Excel, and the page that explains it.
    "feeds:guide": READ_ONLY,
    "feeds:actions_csv": token_feed,
    "feeds:actions_json": token_feed,
    "feeds:measures_csv": token_feed,
    "feeds:measures_json": token_feed,
    "feeds:risks_csv": token_feed,
    "feeds:risks_json": token_feed,
    # Impact: measures, targets and values (and their import)
    "performance:measure_list": COUNCIL_READ,
    "performance:measure_create": COUNCIL_EDIT,
    "performance:measure_detail": COUNCIL_READ,
    "performance:measure_update": COUNCIL_EDIT,
    "performance:measure_retire": Page(
        partners=COUNCIL,
        who=EDITORS,
        post=Expect(302, "performance:measure_detail", may_write=True),
    ),
    "performance:target_create": COUNCIL_EDIT,
    "performance:target_remove": Page(
        partners=COUNCIL,
        who=EDITORS,
        post=Expect(302, "performance:measure_detail", may_write=True),
    ),
    "performance:value_create": COUNCIL_EDIT,
    "performance:value_correct": COUNCIL_EDIT,
    #
    #
    "performance:value_import": COUNCIL_EDIT,
    "performance:value_import_preview": COUNCIL_IMPORT_STEP,
    # Applies the import waiting under the posted token; without one, nothing is waiting.
    "performance:value_import_apply": Page(partners=COUNCIL, who=EDITORS, get=None, post=NOT_FOUND),
    # Impact: quality assurance audits, findings and verification
    "performance:audit_list": COUNCIL_READ,
    "performance:audit_create": COUNCIL_EDIT,
    "performance:audit_detail": COUNCIL_READ,
    "performance:audit_update": COUNCIL_EDIT,
    "performance:finding_create": COUNCIL_EDIT,
    "performance:finding_update": COUNCIL_EDIT,
    "performance:finding_confirm": COUNCIL_EDIT,
    "performance:finding_make_action": COUNCIL_EDIT,
    # An independent check: improvement leads and the theme's thematic lead, never an owner.
    "performance:action_verify": Page(who=EDITORS | {THEMATIC_LEAD}, who_not_theirs=EDITORS),
    #
    #
    # Impact: evidence
    "performance:evidence_detail": READ_ONLY,
    "performance:evidence_download": READ_ONLY,
    # The world's evidence was added by nobody in it, so only the improvement team withdraws.
    "performance:evidence_withdraw": EDIT,
    "performance:evidence_add_for_action": Page(
        who=PROGRESS_RECORDERS, who_not_theirs=EDITORS, partners=ORGANISATION_ACTIONS
    ),
    "performance:evidence_add_for_outcome": EDIT,
    "performance:evidence_add_for_value": COUNCIL_EDIT,
    "performance:evidence_add_for_audit": COUNCIL_EDIT,
    #
    #
    # Impact: coverage
    "performance:plan_coverage": Page(who=MEMBERS, post=None, partners=IN_PLAN),
    "performance:plan_coverage_xlsx": Page(who=MEMBERS, post=None, partners=IN_PLAN),
    #
    #
    # Impact: monitoring visit packs
    # Everyone in the authority reads and downloads packs; leads and administrators make them.
    "reporting:visit_pack_list": Page(who=MEMBERS, partners=IN_PLAN),
    "reporting:visit_pack_create": EDIT,
    "reporting:visit_pack_detail": Page(who=MEMBERS, partners=IN_PLAN),
    "reporting:visit_pack_status": Page(who=MEMBERS, post=None, partners=IN_PLAN),
    "reporting:visit_pack_download": Page(who=MEMBERS, post=None, partners=IN_PLAN),
    #
    #
    # The REST API: read as the pages are; writes need If-Match (an empty POST gets 428).
    "api:schema": open_page(post=None),
    "api:docs": own_account(post=None),
    "api:inspection_list": API_COUNCIL_READ,
    "api:inspection_detail": API_COUNCIL_READ,
    "api:recommendation_list": API_COUNCIL_READ,
    "api:recommendation_detail": API_COUNCIL_READ,
    "api:plan_list": API_READ,
    "api:plan_detail": API_READ,
    "api:theme_list": API_READ,
    "api:theme_detail": API_READ,
    "api:section_list": API_READ,
    "api:section_detail": API_READ,
    "api:action_list": API_READ,
    # PATCH (the due date) is an editor's: tested in tracker/api/tests.
    "api:action_detail": API_READ,
    "api:progress_update_list": api(
        READ,
        post=Page(
            who=PROGRESS_RECORDERS,
            who_not_theirs=EDITORS,
            partners=ORGANISATION_ACTIONS,
            post=PRECONDITION_REQUIRED,
        ),
    ),
    "api:measure_list": API_COUNCIL_READ,
    "api:measure_detail": API_COUNCIL_READ,
    "api:measure_value_list": api(
        COUNCIL_READ, post=Page(who=EDITORS, partners=COUNCIL, post=PRECONDITION_REQUIRED)
    ),
    "api:risk_list": API_READ,
    "api:risk_detail": API_READ,
    "api:meeting_list": API_COUNCIL_READ,
    "api:meeting_detail": API_COUNCIL_READ,
    "api:highlight_report_list": API_COUNCIL_READ,
    "api:highlight_report_detail": API_COUNCIL_READ,
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
                    if role in ADVISERS:
                        # Each adviser has opened the home authority.
                        session = client.session
                        session[ADVISER_AUTHORITY_SESSION_KEY] = world.home.local_authority.pk
                        session.save()
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
                expected = adviser_rule(route.key, rule)(Case(role=role, ids=ids, method=method))
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
