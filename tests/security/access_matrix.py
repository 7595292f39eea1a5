"""The access matrix, declared once: who gets what from every API operation and every page.

Each row names an endpoint (API: method and OpenAPI path; page: its URL route as Django resolves it), a
rule saying what each actor gets, and the target: which objects fill the path (and, for objects that
belong to someone, whether they come from the actor's own scope or from another scope). The walk in
`test_access_matrix.py` expands every row to actor x scope cells and requests each one; the coverage
check there fails for any endpoint without a row and for any row without an endpoint.

Outcomes: ALLOW (2xx, or 3xx that is not a redirect to a login page; for a write also a 400/409/422
business or validation refusal, which proves authorization was passed), LOGIN (a redirect to a login
page), SIGNIN (401 on the API, LOGIN on a page), or a status code: 403 or 404 (an object out of scope
answers 404 like an unknown one, DESIGN rule 7); "→/path/" is a redirect to exactly that path.
"""

from dataclasses import dataclass

ALLOW = "allow"
LOGIN = "login"
SIGNIN = "signin"  # 401 on the API, a redirect to the login page for a page

ANONYMOUS = "anonymous"
CITIZEN = "citizen"  # a person's portal account
COMPANY = "company"  # an organisation's portal account
WINDOW_CLERK = "window_clerk"
CHIEF_REP = "chief_rep"
REVIEWER = "reviewer"
AGENT = "agent"
SUPERVISOR = "supervisor"  # of a town: their area is smaller than the county
LEADER = "leader"  # of the county: every case is theirs to see
ADMIN = "admin"  # the administrator role (a staff record, and a superuser)
SUPERUSER = "superuser"  # a superuser without a staff record (made by createsuperuser)

ACTORS = (
    ANONYMOUS,
    CITIZEN,
    COMPANY,
    WINDOW_CLERK,
    CHIEF_REP,
    REVIEWER,
    AGENT,
    SUPERVISOR,
    LEADER,
    ADMIN,
    SUPERUSER,
)
SIGNED_IN = frozenset(ACTORS) - {ANONYMOUS}
APPLICANTS = frozenset({CITIZEN, COMPANY})
ADMINS = frozenset({ADMIN, SUPERUSER})
STAFF = frozenset({WINDOW_CLERK, CHIEF_REP, REVIEWER, AGENT, SUPERVISOR, LEADER}) | ADMINS
RECEIVERS = frozenset({WINDOW_CLERK, CHIEF_REP, AGENT})  # take applications in
HANDLERS = frozenset({WINDOW_CLERK, CHIEF_REP, REVIEWER, AGENT})  # act on cases
ONLINE_APPLICANTS = APPLICANTS

OWN, OTHER, NONE = "own", "other", "-"


@dataclass(frozen=True)
class Rule:
    """What each actor gets: `own` for the object of their own scope (or the only cell of an endpoint
    without objects), `other` for an object of another scope (None: the endpoint has no scope)."""

    name: str
    own: dict
    other: dict | None = None

    @property
    def scopes(self) -> tuple[str, ...]:
        return (OWN, OTHER) if self.other is not None else (NONE,)

    def expect(self, actor: str, scope: str):
        return (self.other if scope == OTHER else self.own)[actor]


def grant(name: str, allowed, *, deny=403, anonymous=SIGNIN) -> Rule:
    """`allowed` get in, the anonymous are sent to sign in, everyone else gets `deny`."""
    own = {a: ALLOW if a in allowed else deny for a in ACTORS}
    if ANONYMOUS not in allowed:
        own[ANONYMOUS] = anonymous
    return Rule(name, own)


def public(name="public") -> Rule:
    return grant(name, frozenset(ACTORS))


def signed_in(name="signed_in") -> Rule:
    return grant(name, SIGNED_IN)


def staff_only(deny=403) -> Rule:
    return grant(f"staff_only({deny})", STAFF, deny=deny)


def admin_only(deny=403) -> Rule:
    return grant(f"admin_only({deny})", ADMINS, deny=deny)


def roles(*allowed, deny=403) -> Rule:
    return grant(f"roles({', '.join(sorted(allowed))})", frozenset(allowed), deny=deny)


def scoped(rule: Rule, *, found_first=frozenset(), sees_all=frozenset(), answer=404) -> Rule:
    """`rule` for objects of the actor's own scope; another scope's object answers 404, like an unknown
    one, to everyone `rule` lets in and to `found_first` (refused only after the object is found, so
    that a refusal never tells that an object exists); `sees_all` get the other scope's object too."""
    other = {}
    for actor, outcome in rule.own.items():
        if actor in sees_all:
            other[actor] = outcome
        elif outcome == ALLOW or actor in found_first:
            other[actor] = answer
        else:
            other[actor] = outcome
    extra = f", else {answer}" if answer != 404 else ""
    extra += f", found first: {', '.join(sorted(found_first))}" if found_first else ""
    extra += f", sees all: {', '.join(sorted(sees_all))}" if sees_all else ""
    return Rule(f"scoped({rule.name}{extra})", rule.own, other)


def overriding(rule: Rule, **outcomes) -> Rule:
    """`rule`, except that the named actors get the given outcome in every scope."""
    own = {**rule.own, **outcomes}
    other = None if rule.other is None else {**rule.other, **outcomes}
    changed = ", ".join(f"{a}: {o}" for a, o in outcomes.items())
    return Rule(f"{rule.name} but {changed}", own, other)


def everyone(outcome, name=None) -> Rule:
    return Rule(name or f"everyone({outcome})", {a: outcome for a in ACTORS})


@dataclass(frozen=True)
class Row:
    rule: Rule
    target: str | None = None  # the resolver that fills the path (see test_access_matrix.TARGETS)
    method: str = "GET"  # pages only: the API's method is part of its key

    @property
    def scopes(self):
        return self.rule.scopes


# --- the API: (method, OpenAPI path) -> row ----------------------------------------------------------

CASE = scoped(signed_in(), sees_all=ADMINS)  # a case: own scope yes, another scope 404
CASE_ACTION = scoped(
    grant("handlers and the applicant", HANDLERS | APPLICANTS, deny=403),
    found_first=STAFF | APPLICANTS,  # supervisors, leaders and administrators see but may not act
)
OWN_TOKEN = scoped(signed_in(), sees_all=ADMINS)  # anyone's token only for a superuser
CARD_WATCHERS = frozenset({SUPERVISOR, LEADER}) | ADMINS
CARD_WATCHERS_API = grant("card watchers", CARD_WATCHERS)
# supervision matters: the office (supervisors, by area) and the units (chief representatives and
# reviewers of the lead or a co-unit) read them, leaders too; other staff and the public find nothing
MATTER_READERS = frozenset({CHIEF_REP, REVIEWER, SUPERVISOR, LEADER}) | ADMINS
# own: the unit acknowledges, the office urges; leaders read but do not act
MATTER_ACTORS = frozenset({CHIEF_REP, REVIEWER, SUPERVISOR}) | ADMINS
REGISTRARS = frozenset({SUPERVISOR}) | ADMINS
MATTER = scoped(grant("matter readers", MATTER_READERS, deny=404), sees_all=ADMINS)
MATTER_ACTION = scoped(
    overriding(grant("matter actors", MATTER_ACTORS, deny=404), **{LEADER: 403}), sees_all=ADMINS
)

# entrustments: everyone signed in reads those of their scope (reviewers have none); the principal, the
# agent who signed it and the body's receivers record a revocation; agents alone sign one
ENTRUSTMENT = scoped(overriding(signed_in(), **{REVIEWER: 404}), sees_all=ADMINS)
ENTRUSTMENT_REVOKE = scoped(
    overriding(signed_in(), **{REVIEWER: 404, SUPERVISOR: 403, LEADER: 403, ADMIN: 403, SUPERUSER: 403}),
    found_first=frozenset({SUPERVISOR, LEADER, ADMIN, SUPERUSER}),
    sees_all=ADMINS,
)
STAFF_ENTRUSTMENT = scoped(
    overriding(grant("staff", STAFF, anonymous=LOGIN), **{REVIEWER: 404}), sees_all=ADMINS
)

# proxy requests: read like entrustments; received by who takes applications in; reassigned by the
# supervisors of the area (and administrators), after the request is found
# (the reviewer sees the centre's request: its file is on its way to the reviewer's department)
PROXY_REQUEST = scoped(signed_in(), sees_all=ADMINS)
PROXY_REASSIGN = scoped(grant("reassigners", {SUPERVISOR} | ADMINS), found_first=SIGNED_IN, sees_all=ADMINS)
# the steps are the carrier's (each side's first receiver: the town's agent, the centre's clerk); the file's
# holder hands it over (the town's is with its village agent, on its way back to the town agent; the
# centre's with its clerk); its receiver confirms (the town agent; the market regulator's staff)
STEP = scoped(grant("carriers", {AGENT, WINDOW_CLERK}), found_first=SIGNED_IN, sees_all=ADMINS)
HANDOVER_GIVE = scoped(grant("holders", {WINDOW_CLERK}), found_first=SIGNED_IN, sees_all=ADMINS)
HANDOVER_CONFIRM = scoped(
    grant("receivers", {AGENT, CHIEF_REP, REVIEWER}), found_first=SIGNED_IN, sees_all=ADMINS
)
# key projects: staff of their place read them (reviewers and the public see none); their chief and team
# and the area's supervisors keep them
NO_PROJECTS = {REVIEWER: 404, CITIZEN: 404, COMPANY: 404}
PROJECT = scoped(overriding(signed_in(), **NO_PROJECTS), sees_all=ADMINS)
PROJECT_KEEP = scoped(
    overriding(grant("keepers", {AGENT, SUPERVISOR}), **NO_PROJECTS),
    found_first=SIGNED_IN - set(NO_PROJECTS),
    sees_all=ADMINS,
)
BOOK = scoped(
    grant("bookers", {AGENT, SUPERVISOR, WINDOW_CLERK, CHIEF_REP}), found_first=SIGNED_IN, sees_all=ADMINS
)
STAFF_PROXY_REQUEST = scoped(grant("staff", STAFF, anonymous=LOGIN), sees_all=ADMINS)

# office days (领导现场办公): the office (supervisors of the area, administrators) keeps them; leaders read
# those of their area and take the steps of the sessions they sit; a unit's staff read the sessions that
# invited it or gave it a decision (the market regulator's chief and reviewer: the centre's); others, and
# the public, find none (the public's side is its own, by number and query code)
ONSITE_READERS = frozenset({CHIEF_REP, REVIEWER, SUPERVISOR, LEADER}) | ADMINS
NO_ONSITE = {WINDOW_CLERK: 404, AGENT: 404, CITIZEN: 404, COMPANY: 404}


def onsite(allowed, name) -> Rule:
    return scoped(
        overriding(grant(name, frozenset(allowed) | ADMINS), **NO_ONSITE),
        found_first=ONSITE_READERS,
        sees_all=ADMINS,
    )


ONSITE = scoped(overriding(signed_in(), **NO_ONSITE), sees_all=ADMINS)
ONSITE_OFFICE = onsite({SUPERVISOR}, "the office")
ONSITE_RUN = onsite({SUPERVISOR, LEADER}, "the office and the leader sitting")
ONSITE_APPROVE = onsite({LEADER}, "the leader sitting")


def onsite_page(rule: Rule) -> Rule:
    return overriding(rule, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403})


API = {
    ("GET", "/api/v1/me"): Row(signed_in()),
    ("GET", "/api/v1/tokens"): Row(signed_in()),
    ("POST", "/api/v1/tokens/{token_id}/revoke"): Row(OWN_TOKEN, "token"),
    ("POST", "/api/v1/register"): Row(public(), "registration"),
    # a reset answers alike for anyone (202, or 422 for a wrong code); a change is one's own
    ("POST", "/api/v1/password-reset/code"): Row(public(), "reset_code"),
    ("POST", "/api/v1/password-reset"): Row(public(), "reset"),
    ("POST", "/api/v1/me/password"): Row(signed_in(), "password_change"),
    # the organisation: divisions are public reference data for anyone signed in; the rest is staff's
    ("GET", "/api/v1/org/divisions"): Row(signed_in()),
    ("GET", "/api/v1/org/divisions/{code}"): Row(signed_in(), "division"),
    ("GET", "/api/v1/org/bodies"): Row(staff_only()),
    ("GET", "/api/v1/org/bodies/{body_id}"): Row(scoped(staff_only(), sees_all=ADMINS), "body"),
    ("GET", "/api/v1/org/departments"): Row(staff_only()),
    ("GET", "/api/v1/org/departments/{department_id}"): Row(
        scoped(staff_only(), sees_all=ADMINS), "department"
    ),
    ("GET", "/api/v1/org/windows"): Row(staff_only()),
    ("GET", "/api/v1/org/windows/{window_id}"): Row(scoped(staff_only(), sees_all=ADMINS), "window"),
    ("GET", "/api/v1/calendar/deadline"): Row(signed_in(), "deadline"),
    ("GET", "/api/v1/calendar/workdays"): Row(signed_in(), "workdays"),
    ("GET", "/api/v1/calendar/days"): Row(signed_in(), "calendar_year"),
    ("POST", "/api/v1/calendar/notices/preview"): Row(admin_only(), "holiday_notice"),
    ("POST", "/api/v1/calendar/notices"): Row(admin_only(), "holiday_notice"),
    # the catalog: public reading; drafts and their versions only for administrators
    ("GET", "/api/v1/catalog/items"): Row(public()),
    ("GET", "/api/v1/catalog/items/{code}"): Row(public(), "item_code"),
    ("GET", "/api/v1/catalog/bundles"): Row(public()),
    # own: a published version; other: a draft, which only administrators see
    ("GET", "/api/v1/catalog/versions/{version_id}"): Row(scoped(signed_in(), sees_all=ADMINS), "version"),
    ("POST", "/api/v1/catalog/items"): Row(admin_only(), "new_item"),
    ("PUT", "/api/v1/catalog/items/by-id/{item_id}/draft"): Row(admin_only(), "item_draft"),
    ("GET", "/api/v1/catalog/versions/{version_id}/diff"): Row(admin_only(), "draft_version"),
    ("POST", "/api/v1/catalog/versions/{version_id}/publish"): Row(admin_only(), "draft_version"),
    ("POST", "/api/v1/catalog/versions/{version_id}/retire"): Row(admin_only(), "published_version"),
    # cases
    ("POST", "/api/v1/cases"): Row(roles(*RECEIVERS, *ONLINE_APPLICANTS), "intake"),
    ("GET", "/api/v1/cases"): Row(signed_in()),  # each sees the cases of their own scope
    ("GET", "/api/v1/cases/inbox"): Row(signed_in()),
    ("GET", "/api/v1/cases/overdue"): Row(signed_in()),
    ("GET", "/api/v1/cases/{number}"): Row(CASE, "case"),
    ("POST", "/api/v1/cases/{number}/actions/{action}"): Row(CASE_ACTION, "case_action"),
    ("GET", "/api/v1/cases/{number}/materials/{material_id}/file"): Row(CASE, "case_material"),
    ("GET", "/api/v1/public/cases/{number}"): Row(public(), "tracked_case"),
    ("GET", "/api/v1/notices"): Row(signed_in()),
    # the public's complaints and enquiries: anyone submits, anyone with the number and code follows
    ("POST", "/api/v1/public/complaints"): Row(public(), "complaint"),
    ("GET", "/api/v1/public/matters/{number}"): Row(public(), "followed_matter"),
    ("GET", "/api/v1/proxy/entrustments"): Row(signed_in()),
    ("POST", "/api/v1/proxy/entrustments"): Row(roles(AGENT), "new_entrustment"),
    ("GET", "/api/v1/proxy/entrustments/{number}"): Row(ENTRUSTMENT, "entrustment"),
    ("POST", "/api/v1/proxy/entrustments/{number}/revoke"): Row(ENTRUSTMENT_REVOKE, "entrustment_revoke"),
    ("GET", "/api/v1/proxy/figures"): Row(CARD_WATCHERS_API, "period"),
    ("GET", "/api/v1/proxy/projects"): Row(signed_in()),
    ("POST", "/api/v1/proxy/projects"): Row(roles(AGENT, SUPERVISOR), "new_project"),
    ("GET", "/api/v1/proxy/projects/{project_id}"): Row(PROJECT, "project"),
    ("POST", "/api/v1/proxy/projects/{project_id}/steps/{step_id}/case"): Row(PROJECT_KEEP, "project_case"),
    ("POST", "/api/v1/proxy/projects/{project_id}/pre-review"): Row(PROJECT_KEEP, "project_pre_review"),
    ("GET", "/api/v1/proxy/requests"): Row(signed_in()),
    ("POST", "/api/v1/proxy/requests"): Row(roles(*RECEIVERS), "new_proxy_request"),
    ("GET", "/api/v1/proxy/requests/{number}"): Row(PROXY_REQUEST, "proxy_request"),
    ("POST", "/api/v1/proxy/requests/{number}/reassign"): Row(PROXY_REASSIGN, "proxy_reassign"),
    # the steps are the carrier's (each side's first receiver: the town's agent, the centre's clerk)
    ("POST", "/api/v1/proxy/requests/{number}/actions/{action}"): Row(STEP, "proxy_step"),
    ("GET", "/api/v1/proxy/requests/{number}/handovers"): Row(PROXY_REQUEST, "proxy_request"),
    ("GET", "/api/v1/proxy/requests/{number}/appointments"): Row(PROXY_REQUEST, "proxy_request"),
    ("POST", "/api/v1/proxy/requests/{number}/appointments"): Row(BOOK, "book"),
    ("POST", "/api/v1/proxy/requests/{number}/handovers"): Row(HANDOVER_GIVE, "handover_give"),
    ("POST", "/api/v1/proxy/requests/{number}/handovers/{handover_id}/confirm"): Row(
        HANDOVER_CONFIRM, "handover_confirm"
    ),
    # leaders' on-site office days
    ("GET", "/api/v1/onsite/leaders"): Row(signed_in()),
    ("POST", "/api/v1/onsite/rota"): Row(grant("the office", {SUPERVISOR} | ADMINS), "onsite_rota"),
    ("GET", "/api/v1/onsite/sessions"): Row(signed_in()),
    ("GET", "/api/v1/onsite/sessions/{session_id}"): Row(ONSITE, "onsite_session"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/swap"): Row(ONSITE_OFFICE, "onsite_swap"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/cancel"): Row(ONSITE_OFFICE, "onsite_cancel"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/agenda"): Row(ONSITE_OFFICE, "onsite_agenda"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/invite"): Row(ONSITE_OFFICE, "onsite_invite"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/hold"): Row(ONSITE_RUN, "onsite_hold"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/walk-ins"): Row(ONSITE_RUN, "onsite_walk_in"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/decisions"): Row(ONSITE_RUN, "onsite_decide"),
    ("PUT", "/api/v1/onsite/decisions/{decision_id}"): Row(ONSITE_RUN, "onsite_decision"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/minutes"): Row(ONSITE_OFFICE, "onsite_session"),
    ("PUT", "/api/v1/onsite/sessions/{session_id}/minutes/text"): Row(ONSITE_OFFICE, "onsite_minutes_text"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/minutes/approve"): Row(ONSITE_APPROVE, "onsite_session"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/minutes/issue"): Row(ONSITE_OFFICE, "onsite_session"),
    ("POST", "/api/v1/onsite/sessions/{session_id}/close"): Row(ONSITE_OFFICE, "onsite_session"),
    ("GET", "/api/v1/onsite/topics"): Row(signed_in()),
    ("POST", "/api/v1/onsite/topics"): Row(grant("staff", STAFF), "onsite_new_topic"),
    ("GET", "/api/v1/onsite/topics/{number}"): Row(ONSITE, "onsite_topic"),
    ("POST", "/api/v1/onsite/topics/{number}/vet"): Row(ONSITE_OFFICE, "onsite_vet"),
    ("POST", "/api/v1/onsite/topics/{number}/schedule"): Row(ONSITE_OFFICE, "onsite_schedule"),
    ("GET", "/api/v1/onsite/topics/{number}/materials"): Row(ONSITE, "onsite_topic"),
    ("POST", "/api/v1/onsite/topics/{number}/materials"): Row(ONSITE_OFFICE, "onsite_material_new"),
    ("GET", "/api/v1/onsite/topics/{number}/materials/{material_id}/file"): Row(ONSITE, "onsite_material"),
    ("GET", "/api/v1/onsite/figures"): Row(CARD_WATCHERS_API, "period"),
    ("GET", "/api/v1/public/onsite/schedule"): Row(public()),
    ("POST", "/api/v1/public/onsite/topics"): Row(public(), "onsite_new_topic"),
    ("GET", "/api/v1/public/onsite/topics/{number}"): Row(public(), "onsite_followed"),
    ("POST", "/api/v1/public/onsite/topics/{number}/solved"): Row(public(), "onsite_solved"),
    # supervision: supervisors and leaders read the cards of their area; supervisors withdraw them
    ("GET", "/api/v1/supervision/cards"): Row(CARD_WATCHERS_API),
    ("GET", "/api/v1/supervision/cards/{number}"): Row(scoped(CARD_WATCHERS_API, sees_all=ADMINS), "card"),
    ("POST", "/api/v1/supervision/cards/{number}/withdraw"): Row(
        scoped(grant("withdrawers", {SUPERVISOR} | ADMINS), found_first={LEADER}, sees_all=ADMINS),
        "card_withdraw",
    ),
    ("GET", "/api/v1/supervision/matters"): Row(staff_only()),
    ("POST", "/api/v1/supervision/matters"): Row(grant("registrars", REGISTRARS), "matter_new"),
    ("POST", "/api/v1/supervision/hotline/tickets"): Row(grant("registrars", REGISTRARS), "hotline_ticket"),
    ("GET", "/api/v1/supervision/matters/{number}"): Row(MATTER, "matter"),
    ("POST", "/api/v1/supervision/matters/{number}/actions/{action}"): Row(MATTER_ACTION, "matter_action"),
    # attachments: whoever reads the matter lists and downloads them; the office and the unit attach
    ("GET", "/api/v1/supervision/matters/{number}/attachments"): Row(MATTER, "matter"),
    ("POST", "/api/v1/supervision/matters/{number}/attachments"): Row(MATTER_ACTION, "matter_attach"),
    ("GET", "/api/v1/supervision/matters/{number}/attachments/{attachment_id}/file"): Row(
        MATTER, "matter_attachment"
    ),
    # circulated reports: supervisors and leaders of the area read them; supervisors publish (an
    # administrator without a staff record counts for the top centre)
    ("GET", "/api/v1/supervision/circulations/figures"): Row(CARD_WATCHERS_API, "period"),
    ("GET", "/api/v1/supervision/circulations"): Row(CARD_WATCHERS_API),
    ("POST", "/api/v1/supervision/circulations"): Row(grant("publishers", REGISTRARS), "period"),
    ("GET", "/api/v1/supervision/circulations/{report_id}"): Row(
        scoped(CARD_WATCHERS_API, sees_all=ADMINS), "report"
    ),
    ("POST", "/api/v1/notices/read"): Row(signed_in(), "read_notices"),
}


# --- pages: URL route -> row --------------------------------------------------------------------------

# Applicants' own pages: the anonymous sign in, staff are refused, another applicant's case is unknown.
MINE = scoped(grant("applicants", APPLICANTS, deny=403, anonymous=LOGIN))
# Staff case pages: anyone without a staff record finds nothing (404), another scope's case is unknown.
STAFF_CASE = scoped(grant("staff", STAFF, deny=404, anonymous=LOGIN), sees_all=ADMINS)
# Acting on a case page: handlers may; other staff of the case's scope are refused; applicants find
# nothing here, like on every staff case page.
STAFF_CASE_ACTION = overriding(
    scoped(grant("handlers", HANDLERS, deny=403, anonymous=LOGIN), found_first=STAFF),
    **{CITIZEN: 404, COMPANY: 404},
)
INTAKE = grant("receivers", RECEIVERS, deny=403, anonymous=LOGIN)
ADMIN_PAGE = grant("administrators", ADMINS, deny=403, anonymous=LOGIN)
REPORT_PAGE = scoped(grant("report readers", CARD_WATCHERS, anonymous=LOGIN), sees_all=ADMINS)
# a matter's page: staff pages refuse the public (403); staff who do not see it find nothing (404)
STAFF_MATTER = overriding(
    scoped(grant("matter readers", MATTER_READERS, deny=404, anonymous=LOGIN), sees_all=ADMINS),
    **{CITIZEN: 403, COMPANY: 403},
)
ADMIN_SITE = grant("admin site", ADMINS, deny=LOGIN, anonymous=LOGIN)  # the admin's own login gate

PAGES = {
    # the API's own pages beside its operations
    "api/v1/openapi.json": Row(public()),
    "api/v1/docs": Row(public()),
    "api/v1/": Row(everyone(404)),  # no page at the API's root
    "^api/(?P<rest>.*)$": Row(everyone(404), "unknown_api_path"),
    # sign-in, registration, tokens
    "accounts/login/": Row(public()),
    "accounts/logout/": Row(everyone(LOGIN, "logout: back to the login page"), method="POST"),
    "accounts/register/": Row(grant("the public and applicants", APPLICANTS | {ANONYMOUS}, deny=403)),
    "accounts/password/": Row(grant("signed in", SIGNED_IN, anonymous=LOGIN)),
    "accounts/password/reset/": Row(public()),
    "accounts/password/reset/confirm/": Row(public()),
    "accounts/tokens/": Row(grant("signed in", SIGNED_IN, anonymous=LOGIN)),
    "accounts/tokens/<int:token_id>/revoke/": Row(
        scoped(grant("signed in", SIGNED_IN, anonymous=LOGIN), sees_all=ADMINS), "token", method="POST"
    ),
    # the working calendar and the catalog's workbook: administrators
    "calendar/": Row(ADMIN_PAGE),
    "calendar/<int:year>/": Row(ADMIN_PAGE, "calendar_year"),
    "calendar/import/": Row(ADMIN_PAGE),
    "calendar/notice/": Row(ADMIN_PAGE),
    "supervision/cards/": Row(grant("card watchers", CARD_WATCHERS, anonymous=LOGIN)),
    "supervision/cards/<str:number>/withdraw/": Row(
        scoped(
            grant("withdrawers", {SUPERVISOR} | ADMINS, anonymous=LOGIN),
            found_first={LEADER},
            sees_all=ADMINS,
        ),
        "card_withdraw",
        method="POST",
    ),
    "supervision/matters/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "supervision/matters/new/": Row(grant("registrars", REGISTRARS, anonymous=LOGIN)),
    "supervision/matters/<str:number>/": Row(STAFF_MATTER, "matter"),
    "supervision/matters/<str:number>/act/<slug:action>/": Row(
        overriding(MATTER_ACTION, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "matter_action",
        method="POST",
    ),
    "supervision/matters/<str:number>/attachments/": Row(
        overriding(MATTER_ACTION, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "matter_attach_page",
        method="POST",
    ),
    "supervision/matters/<str:number>/attachments/<int:pk>/": Row(STAFF_MATTER, "matter_attachment_page"),
    # the office and the unit print; leaders read the matter but print nothing (404, like no document)
    "supervision/matters/<str:number>/print/<slug:kind>/": Row(
        overriding(
            scoped(grant("office and unit", MATTER_ACTORS, deny=404, anonymous=LOGIN), sees_all=ADMINS),
            **{CITIZEN: 404, COMPANY: 404},
        ),
        "matter_print",
    ),
    "onsite/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "onsite/rota/": Row(grant("the office", {SUPERVISOR} | ADMINS, anonymous=LOGIN)),
    "onsite/figures/": Row(grant("card watchers", CARD_WATCHERS, anonymous=LOGIN)),
    "onsite/figures/excel/": Row(grant("card watchers", CARD_WATCHERS, anonymous=LOGIN), "period"),
    "onsite/sessions/<int:pk>/": Row(onsite_page(ONSITE), "onsite_session"),
    "onsite/sessions/<int:pk>/swap/": Row(onsite_page(ONSITE_OFFICE), "onsite_swap", method="POST"),
    "onsite/sessions/<int:pk>/cancel/": Row(onsite_page(ONSITE_OFFICE), "onsite_cancel", method="POST"),
    "onsite/sessions/<int:pk>/agenda/": Row(onsite_page(ONSITE_OFFICE), "onsite_agenda", method="POST"),
    "onsite/sessions/<int:pk>/agenda/move/": Row(onsite_page(ONSITE_OFFICE), "onsite_agenda", method="POST"),
    "onsite/sessions/<int:pk>/invite/": Row(onsite_page(ONSITE_OFFICE), "onsite_invite", method="POST"),
    "onsite/sessions/<int:pk>/hold/": Row(onsite_page(ONSITE_RUN), "onsite_hold", method="POST"),
    "onsite/sessions/<int:pk>/walk-in/": Row(onsite_page(ONSITE_RUN), "onsite_walk_in", method="POST"),
    "onsite/sessions/<int:pk>/decisions/": Row(onsite_page(ONSITE_RUN), "onsite_decide", method="POST"),
    "onsite/sessions/<int:pk>/decisions/<int:decision>/": Row(
        onsite_page(ONSITE_RUN), "onsite_decision", method="POST"
    ),
    "onsite/sessions/<int:pk>/minutes/": Row(onsite_page(ONSITE_OFFICE), "onsite_session", method="POST"),
    "onsite/sessions/<int:pk>/minutes/text/": Row(
        onsite_page(ONSITE_OFFICE), "onsite_minutes_text", method="POST"
    ),
    "onsite/sessions/<int:pk>/minutes/approve/": Row(
        onsite_page(ONSITE_APPROVE), "onsite_session", method="POST"
    ),
    "onsite/sessions/<int:pk>/minutes/issue/": Row(
        onsite_page(ONSITE_OFFICE), "onsite_session", method="POST"
    ),
    "onsite/sessions/<int:pk>/close/": Row(onsite_page(ONSITE_OFFICE), "onsite_session", method="POST"),
    # whoever reads the session prints its minutes (the print page's load is the session's scope); the
    # units (the market regulator's chief and reviewer) once they are issued: the walk's are drafts
    "onsite/sessions/<int:pk>/print/<slug:kind>/": Row(
        overriding(ONSITE, **{ANONYMOUS: LOGIN, CHIEF_REP: 404, REVIEWER: 404}), "onsite_print"
    ),
    "onsite/topics/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "onsite/topics/new/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "onsite/topics/<str:number>/": Row(onsite_page(ONSITE), "onsite_topic"),
    "onsite/topics/<str:number>/vet/": Row(onsite_page(ONSITE_OFFICE), "onsite_vet", method="POST"),
    "onsite/topics/<str:number>/schedule/": Row(onsite_page(ONSITE_OFFICE), "onsite_schedule", method="POST"),
    "onsite/topics/<str:number>/materials/": Row(
        onsite_page(ONSITE_OFFICE), "onsite_material_page", method="POST"
    ),
    "onsite/topics/<str:number>/materials/<int:pk>/": Row(onsite_page(ONSITE), "onsite_material"),
    "leaders/": Row(public()),
    "leaders/raise/": Row(public()),
    "leaders/follow/": Row(public(), "onsite_followed"),
    "proxy/entrustments/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "proxy/entrustments/new/": Row(grant("agents", {AGENT}, anonymous=LOGIN)),
    "proxy/entrustments/<str:number>/": Row(STAFF_ENTRUSTMENT, "entrustment"),
    # the signed scan holds the principal's whole ID number: the agent who signed it alone downloads it
    "proxy/entrustments/<str:number>/signature/": Row(
        overriding(
            scoped(grant("the signing agent", {AGENT}, anonymous=LOGIN), found_first=STAFF, sees_all=ADMINS),
            **{REVIEWER: 404},
        ),
        "entrustment",
    ),
    "proxy/entrustments/<str:number>/revoke/": Row(
        overriding(ENTRUSTMENT_REVOKE, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "entrustment_revoke",
        method="POST",
    ),
    "proxy/figures/": Row(grant("card watchers", CARD_WATCHERS, anonymous=LOGIN)),
    "proxy/figures/excel/": Row(grant("card watchers", CARD_WATCHERS, anonymous=LOGIN), "period"),
    "proxy/projects/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "proxy/projects/new/": Row(grant("project registrars", {AGENT, SUPERVISOR}, anonymous=LOGIN)),
    "proxy/projects/<int:pk>/": Row(
        overriding(PROJECT, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}), "project"
    ),
    "proxy/projects/<int:pk>/steps/<int:step>/case/": Row(
        overriding(PROJECT_KEEP, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "project_case",
        method="POST",
    ),
    "proxy/projects/<int:pk>/pre-review/": Row(
        overriding(PROJECT_KEEP, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "project_pre_review",
        method="POST",
    ),
    "proxy/requests/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "proxy/requests/new/": Row(grant("receivers", RECEIVERS, anonymous=LOGIN)),
    "proxy/requests/<str:number>/": Row(STAFF_PROXY_REQUEST, "proxy_request"),
    "proxy/requests/<str:number>/reassign/": Row(
        overriding(PROXY_REASSIGN, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "proxy_reassign",
        method="POST",
    ),
    "proxy/requests/<str:number>/act/<slug:action>/": Row(
        overriding(STEP, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "proxy_step",
        method="POST",
    ),
    "proxy/requests/<str:number>/appointments/": Row(
        overriding(BOOK, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}), "book", method="POST"
    ),
    "proxy/requests/<str:number>/handovers/": Row(
        overriding(HANDOVER_GIVE, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "handover_give",
        method="POST",
    ),
    "proxy/requests/<str:number>/handovers/<int:pk>/confirm/": Row(
        overriding(HANDOVER_CONFIRM, **{ANONYMOUS: LOGIN, CITIZEN: 403, COMPANY: 403}),
        "handover_confirm",
        method="POST",
    ),
    # the principal prints their own too (the print page's load is the entrustment's scope)
    "proxy/entrustments/<str:number>/print/<slug:kind>/": Row(
        overriding(ENTRUSTMENT, **{ANONYMOUS: LOGIN}), "entrustment_print"
    ),
    "supervision/reports/": Row(grant("report readers", CARD_WATCHERS, anonymous=LOGIN)),
    "supervision/reports/publish/": Row(
        grant("publishers", REGISTRARS, anonymous=LOGIN), "period", method="POST"
    ),
    "supervision/reports/<int:pk>/": Row(REPORT_PAGE, "report"),
    "supervision/reports/<int:pk>/excel/": Row(REPORT_PAGE, "report"),
    "supervision/reports/<int:pk>/print/<slug:kind>/": Row(
        scoped(grant("report readers", CARD_WATCHERS, deny=404, anonymous=LOGIN), sees_all=ADMINS),
        "report_print",
    ),
    "catalog/import/": Row(ADMIN_PAGE),
    "catalog/import/<int:pk>/": Row(ADMIN_PAGE, "import_job"),
    "catalog/export/": Row(ADMIN_PAGE),
    "catalog/items/": Row(ADMIN_PAGE),
    "catalog/items/<int:item_id>/draft/": Row(ADMIN_PAGE, "draft_item"),
    "catalog/versions/<int:pk>/publish/": Row(ADMIN_PAGE, "draft_version_page"),
    "catalog/versions/<int:pk>/retire/": Row(ADMIN_PAGE, "published_version_page"),
    # the intake screen: receivers
    "cases/intake/": Row(INTAKE),
    "cases/intake/new/": Row(INTAKE, "intake_item"),
    "cases/intake/library/": Row(INTAKE, "intake_item", method="POST"),
    "cases/intake/^(?P<number>\\d{20})/$": Row(scoped(INTAKE), "case"),
    # staff case pages
    "cases/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "cases/inbox/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "cases/overdue/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "cases/notices/": Row(grant("staff", STAFF, anonymous=LOGIN)),
    "cases/notices/read/": Row(grant("staff", STAFF, anonymous=LOGIN), method="POST"),
    "cases/<case_number:number>/": Row(STAFF_CASE, "case"),
    "cases/<case_number:number>/act/<slug:action>/": Row(STAFF_CASE_ACTION, "case_action", method="POST"),
    "cases/<case_number:number>/materials/<int:material_id>/file/": Row(STAFF_CASE, "case_material"),
    "cases/<case_number:number>/print/<slug:kind>/": Row(STAFF_CASE, "case_print"),
    # the public guide and the applicants' pages
    "guide/": Row(public()),
    "guide/item/<str:code>/": Row(public(), "item_code"),
    "guide/item/<str:code>/notice/": Row(public(), "item_code"),
    "guide/item/<str:code>/apply/": Row(grant("applicants", APPLICANTS, anonymous=LOGIN), "online_item"),
    "guide/bundle/<str:code>/": Row(public(), "bundle_code"),
    "guide/bundle/<str:code>/apply/": Row(grant("applicants", APPLICANTS, anonymous=LOGIN), "online_bundle"),
    "guide/material/<int:material_id>/<slug:kind>/": Row(public(), "blank_form"),
    "guide/my/": Row(grant("applicants", APPLICANTS, anonymous=LOGIN)),
    "guide/my/proxy/": Row(grant("applicants", APPLICANTS, anonymous=LOGIN)),
    # the principal rates their own request (any other answers 404, like an unknown one)
    "guide/my/proxy/<str:number>/rate/": Row(MINE, "proxy_rate", method="POST"),
    "guide/my/<str:number>/": Row(MINE, "case"),
    "guide/my/<str:number>/upload/": Row(MINE, "my_upload", method="POST"),
    "guide/my/<str:number>/withdraw/": Row(MINE, "my_withdraw", method="POST"),
    "guide/my/<str:number>/material/<int:material_id>/": Row(MINE, "case_material"),
    "track/": Row(public(), "tracked_case"),
    "complaints/": Row(public()),
    "complaints/follow/": Row(public(), "followed_matter"),
    "i18n/setlang/": Row(public(), "language", method="POST"),
    "favicon.ico": Row(public()),
    "": Row(public()),
    "home/": Row(grant("signed in", SIGNED_IN, anonymous=LOGIN)),
    # own: the actor's home role; other: a role they do not hold
    "home/<slug:role>/": Row(scoped(grant("staff", STAFF, anonymous=LOGIN), answer=403), "role"),
    # the Django admin: administrators only (every registered model's pages follow ADMIN_SITE, below)
    # administrators already signed in go on to the admin's index; anyone else signed in is refused
    "admin/login/": Row(
        Rule("admin login", {a: "→/admin/" if a in ADMINS else 403 for a in SIGNED_IN} | {ANONYMOUS: LOGIN})
    ),
    "admin/": Row(ADMIN_SITE),
    # administrators are signed out to the login page; anyone else is sent to the admin's index
    "admin/logout/": Row(
        Rule("admin logout", {a: LOGIN if a in ADMINS else "→/admin/" for a in ACTORS}), method="POST"
    ),
    "admin/password_change/": Row(ADMIN_SITE),
    "admin/password_change/done/": Row(ADMIN_SITE),
    "admin/autocomplete/": Row(ADMIN_SITE, "autocomplete"),
    "admin/jsi18n/": Row(ADMIN_SITE),
    # no model has a page on the site: administrators get 404
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(
        overriding(ADMIN_SITE, **{ADMIN: 404, SUPERUSER: 404}), "view_on_site"
    ),
    "admin/^(?P<app_label>auth|accounts|org|audit|workcalendar|catalog|supervision|proxy|onsite)/$": Row(
        ADMIN_SITE, "admin_app"
    ),
    "admin/(?P<url>.*)$": Row(overriding(ADMIN_SITE, **{ADMIN: 404, SUPERUSER: 404}), "admin_unknown"),
    "admin/accounts/user/<id>/password/": Row(ADMIN_SITE, "admin_user"),
}

# Every ModelAdmin's pages (changelist, add, change, history, delete, and the object's redirect) follow
# ADMIN_SITE without a row of their own; a model may narrow what administrators get here.
MODEL_ADMIN_PAGES = ("changelist", "add", "change", "history", "delete", "object")
MODEL_ADMIN = ADMIN_SITE
# Pages even administrators are refused (403): what only the system writes (the audit log, login
# attempts, import jobs, tokens made by their owners), and catalog versions and the calendar, which
# change only through their own services (drafts and publishing; the calendar import).
NO_ADMIN_ADD = ("add",)
NO_ADMIN_ADD_OR_DELETE = ("add", "delete")
MODEL_ADMIN_REFUSED = {
    "accounts.apitoken": NO_ADMIN_ADD_OR_DELETE,
    "accounts.loginattempt": NO_ADMIN_ADD_OR_DELETE,
    "audit.auditevent": NO_ADMIN_ADD_OR_DELETE,
    "catalog.importjob": NO_ADMIN_ADD,
    "catalog.itemversion": NO_ADMIN_ADD_OR_DELETE,
    "catalog.itemmaterial": NO_ADMIN_ADD_OR_DELETE,
    "workcalendar.calendaryear": NO_ADMIN_ADD_OR_DELETE,
    "workcalendar.calendarday": NO_ADMIN_ADD_OR_DELETE,
    "supervision.card": NO_ADMIN_ADD_OR_DELETE,  # raised by the sweep, withdrawn by supervisors
    "supervision.monitoringrule": ("delete",),  # a rule with cards is their record: stopped, not deleted
    "supervision.matter": NO_ADMIN_ADD_OR_DELETE,  # moves only through its procedure
}


def model_admin_rule(label: str, page: str) -> Rule:
    if page in MODEL_ADMIN_REFUSED.get(label, ()):
        return overriding(MODEL_ADMIN, **{ADMIN: 403, SUPERUSER: 403})
    return MODEL_ADMIN


SHORT = {
    ANONYMOUS: "anon",
    CITIZEN: "cit",
    COMPANY: "org",
    WINDOW_CLERK: "clerk",
    CHIEF_REP: "chief",
    REVIEWER: "rev",
    AGENT: "agent",
    SUPERVISOR: "sup",
    LEADER: "lead",
    ADMIN: "admin",
    SUPERUSER: "root",
}


def markdown() -> str:
    """The expanded matrix as a Markdown table (for docs/security.md):
    `python -c "from tests.security.access_matrix import markdown; print(markdown())"`."""

    def cell(outcome) -> str:
        return {ALLOW: "✓", LOGIN: "login", SIGNIN: "401/login"}.get(outcome, str(outcome))

    header = "| endpoint | scope | " + " | ".join(SHORT[a] for a in ACTORS) + " |"
    lines = [header, "|" + " --- |" * (len(ACTORS) + 2)]
    rows = [(f"{method} {path}", row) for (method, path), row in API.items()]
    rows += [(f"{row.method} /{route}", row) for route, row in PAGES.items()]
    rows.append(
        ("GET /admin/<app>/<model>/… (each ModelAdmin page; MODEL_ADMIN_REFUSED are 403)", Row(MODEL_ADMIN))
    )
    for name, row in rows:
        for scope in row.scopes:
            cells = " | ".join(cell(row.rule.expect(a, scope)) for a in ACTORS)
            lines.append(f"| `{name}` | {scope} | {cells} |")
    return "\n".join(lines)
