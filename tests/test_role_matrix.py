"""Every route against every role: anonymous, participant, coach, organiser.

The matrix lists each endpoint of the app; a new route without an entry here fails
`test_every_route_is_in_the_matrix`, so no route ships without a server-side role check.
"""
import pytest

from app.extensions import db
from app.models import (
    Conflict,
    Enterprise,
    Language,
    ParticipantChange,
    Person,
    Room,
    ScheduleVersion,
    SkillTag,
    SolveJob,
    User,
)
from app.services.mail import messages as emails
from tests.conftest import csrf_token, login

PUBLIC = "public"          # everybody
TOKEN = "token"            # whoever holds the secret token (the participant); others get 404
STAFF = "staff"            # organisers and coaches
ORGANISER = "organiser"    # organisers only
SELF_OR_ORGANISER = "self"  # organisers, or the account linked to that person
ACCOUNT = "account"        # any logged-in account (its own page)
CONFIRMATION = "confirmation"  # the browser that registered; 404 for everybody else
CONTACT = "contact"        # a team's contact person (their token); others 403 or 404
KIOSK = "kiosk"            # the projector's kiosk token only; any other token is 404
SCANNER = "scanner"        # organisers and scanner accounts (check-in)

MATRIX = {
    "main.index": PUBLIC, "main.healthz": PUBLIC, "main.set_language": PUBLIC,
    "static": PUBLIC, "auth.login": PUBLIC, "auth.logout": "logged_in",
    "auth.account": ACCOUNT,
    "registration.enterprise": PUBLIC, "registration.partner": PUBLIC,
    "registration.coach": PUBLIC, "registration.link_again": PUBLIC,
    # The confirmation is shown to the browser that registered only (see test_registration).
    "registration.registered": CONFIRMATION, "registration.registered_old_link": TOKEN,
    "participant.personal": TOKEN, "participant.calendar": TOKEN,
    "participant.edit_own": TOKEN, "participant.withdraw": TOKEN,
    "participant.edit_team": CONTACT, "participant.team_help": TOKEN,
    "board.index": STAFF, "board.coach_teams": STAFF, "board.coach_move": STAFF,
    "board.coach_help": STAFF, "api.teams": STAFF, "api.event": PUBLIC,
    "api.people": ORGANISER, "api.person": SELF_OR_ORGANISER, "api.outbox_emails": ORGANISER,
    "api.outbox_resend": ORGANISER,
    "schedule.instance_download": ORGANISER,
    "board.kiosk": KIOSK,
    # The live board (docs/api.md); the services refuse a coach another coach's team.
    "api.move_team_stage": STAFF, "api.team_history": STAFF, "api.team_help": STAFF,
    "api.claim_team_help": STAFF, "api.board": STAFF,
    "api.post_announcement": ORGANISER, "api.start_countdown": ORGANISER,
    # The schedule grid and views, pins and hand edits.
    "schedule.grid": ORGANISER, "schedule.by_partner": ORGANISER,
    "schedule.by_coach": ORGANISER, "schedule.by_room": ORGANISER,
    "schedule.grid_action": ORGANISER, "api.schedule_fixed": ORGANISER,
    "api.set_schedule_fixed": ORGANISER, "api.edit_schedule": ORGANISER,
    # Versions and publishing (docs/api.md), agendas on screen and on paper.
    "api.schedule_latest": ORGANISER, "api.schedule_versions_list": ORGANISER,
    "api.schedule_version": ORGANISER, "api.schedule_publish": ORGANISER,
    "schedule.versions": ORGANISER, "schedule.version": ORGANISER,
    "schedule.publish": ORGANISER, "schedule.agendas_pdf": ORGANISER,
    "schedule.signs": ORGANISER,
    "participant.agenda_fragment": TOKEN, "participant.agenda_pdf_download": TOKEN,
    # Solve jobs and the solve page (docs/api.md "Solve jobs").
    "api.schedule_instance": ORGANISER, "api.schedule_solve": ORGANISER,
    "api.schedule_job": ORGANISER, "api.schedule_job_cancel": ORGANISER,
    "schedule.solve_page": ORGANISER, "schedule.solve_start": ORGANISER,
    "schedule.replan_start": ORGANISER, "schedule.solve_cancel": ORGANISER,
    # The scanner page (docs/checkin.md); its service worker script holds no data.
    "checkin.scan": SCANNER, "checkin.service_worker": PUBLIC,
    # Check-in (docs/api.md "Check-in"): scanners scan; organisers also list and re-issue.
    "api.post_checkin": SCANNER, "api.undo_checkin": SCANNER, "api.checkin_keys": SCANNER,
    "api.checkin_roster": SCANNER, "api.checkins": ORGANISER, "api.checkins_missing": ORGANISER,
    "api.person_qr_png": SELF_OR_ORGANISER, "api.person_qr_svg": SELF_OR_ORGANISER,
    "api.reissue_person_qr": ORGANISER, "participant.checkin_qr": TOKEN,
}
# Every organiser page lives under /admin.
ADMIN_PREFIX = "admin."


def expected_kind(endpoint: str) -> str:
    if endpoint.startswith(ADMIN_PREFIX):
        return ORGANISER
    return MATRIX[endpoint]


def test_every_route_is_in_the_matrix(app):
    missing = [rule.endpoint for rule in app.url_map.iter_rules()
               if not rule.endpoint.startswith(ADMIN_PREFIX) and rule.endpoint not in MATRIX]
    assert missing == [], f"add these endpoints to the role matrix: {missing}"


@pytest.fixture
def world(app, event, organiser, coach):
    """Records for every URL parameter, plus a participant (a partner) and a second coach."""
    partner = Person(event_id=event.id, role="partner", name="Paula Partner", status="accepted",
                     email="paula@example.org", languages=["de", "en"], skills=["video"],
                     partner_kind="creative")
    other_coach = Person(event_id=event.id, role="coach", name="Otto Coach", status="accepted",
                         email="otto@example.org", languages=["de"], max_teams=1)
    db.session.add_all([partner, other_coach])
    db.session.flush()
    team = db.session.execute(db.select(Enterprise)).scalars().first()
    db.session.add(Conflict(event_id=event.id, enterprise_id=team.id, partner_id=partner.id))
    db.session.flush()
    email = emails.link_reminder(partner)  # held: no mail server in tests
    change = ParticipantChange(event_id=event.id, person_id=partner.id, kinds=["availability"],
                               person_name=partner.name, schedule_version=1)
    db.session.add(change)
    # A published schedule (no meetings), for the version pages, the API and the door signs.
    db.session.add(ScheduleVersion(event_id=event.id, version=1, status="optimal", published=True,
                                   data={"status": "optimal", "meetings": [], "rooms": [],
                                         "coaches": []}))
    job = SolveJob(event_id=event.id, status="done", time_limit=5, options={})
    db.session.add(job)
    db.session.commit()
    return {
        "kind": "partners", "person_id": partner.id, "enterprise_id": team.id, "team_id": team.id,
        "user_id": organiser.id,
        "conflict_id": db.session.execute(db.select(Conflict.id)).scalar(),
        "room_id": db.session.execute(db.select(Room.id)).scalars().first(),
        "session_id": event.sessions[0].id,
        "language_id": db.session.execute(db.select(Language.id)).scalars().first(),
        "tag_id": db.session.execute(db.select(SkillTag.id)).scalars().first(),
        "token": partner.token, "filename": "css/app.css",
        "coach_person_id": coach.person_id, "other_coach_id": other_coach.id,
        "email_id": email.id, "change_id": change.id, "number": 1, "job_id": job.id,
    }


def url_for_rule(rule, world) -> str:
    values = {}
    for arg in rule.arguments:
        if arg == "kind" and rule.endpoint.startswith("admin.csv"):
            values[arg] = "partners"
        else:
            values[arg] = world[arg]
    return rule.build(values, append_unknown=False)[1]


def get_rules(app):
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods]


def post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods]


def as_role(client, role: str, world):
    if role == "organiser":
        login(client, "organiser@example.org")
    elif role == "coach":
        login(client, "coach1@example.org")
    elif role == "participant":
        # A participant has no account: they hold their personal link.
        assert client.get(f"/p/{world['token']}").status_code == 200
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/auth/login" in response.headers["Location"]


ROLES = ["anonymous", "participant", "coach", "organiser"]


@pytest.mark.parametrize("role", ROLES)
def test_get_routes_by_role(app, world, role):
    client = as_role(app.test_client(), role, world)
    problems = []
    for rule in get_rules(app):
        kind = expected_kind(rule.endpoint)
        if rule.endpoint == "auth.logout":
            continue
        url = url_for_rule(rule, world)
        response = client.get(url)
        status = response.status_code
        api = url.startswith("/api/")
        if rule.endpoint == "auth.login" and role in ("coach", "organiser"):
            ok = status == 302  # already logged in: sent to their home page
        elif rule.endpoint == "registration.registered_old_link":
            ok = status == 302 and f"/p/{world['token']}" in response.headers["Location"]
        elif kind == CONFIRMATION:
            ok = status == 404  # nobody registered in this browser
        elif kind == KIOSK:
            ok = status == 404  # world's token is a partner's, not the projector's
        elif kind == CONTACT:
            ok = status == 403  # world's token is a partner's, not a contact person's
        elif kind == ACCOUNT:
            ok = status == 200 if role in ("coach", "organiser") else is_login_redirect(response)
        elif kind in (PUBLIC, TOKEN):
            ok = status == 200
        elif role in ("anonymous", "participant"):
            ok = status == 401 if api else is_login_redirect(response)
            if api and ok:
                ok = response.get_json()["error"] == "unauthorized"
        elif kind == STAFF:
            ok = status == 200
        elif kind in (ORGANISER, SCANNER):
            ok = status == 200 if role == "organiser" else status == 403
        elif kind == SELF_OR_ORGANISER:
            # world's person is a partner: only organisers may see them.
            ok = status == 200 if role == "organiser" else status == 403
        else:
            ok = False
        if not ok:
            problems.append(f"{role} GET {url} -> {status} (expected {kind})")
    assert problems == []


def test_token_routes_are_404_for_a_wrong_token(client, world):
    for url in ["/p/not-a-token", "/calendar/not-a-token.ics", "/registered/not-a-token"]:
        assert client.get(url).status_code == 404, url


def test_coach_sees_own_person_but_not_another(client, world):
    login(client, "coach1@example.org")
    assert client.get(f"/api/people/{world['coach_person_id']}").status_code == 200
    response = client.get(f"/api/people/{world['other_coach_id']}")
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    assert client.get("/api/people/999999").status_code in (403, 404)


@pytest.mark.parametrize("role", ["anonymous", "participant", "coach"])
def test_organiser_posts_are_refused_for_other_roles(app, world, role):
    """A valid CSRF token does not open organiser actions to other roles, and nothing changes."""
    client = as_role(app.test_client(), role, world)
    token = csrf_token(client, "/auth/login" if role != "coach" else "/board/")
    counts_before = _counts()
    problems = []
    for rule in post_rules(app):
        if expected_kind(rule.endpoint) != ORGANISER:
            continue
        url = url_for_rule(rule, world)
        response = client.post(url, data={"csrf_token": token})
        status = response.status_code
        if role == "coach":
            ok = status == 403
        elif url.startswith("/api/"):
            ok = status == 401  # no credentials: 401, never a CSRF error
        else:
            ok = is_login_redirect(response)
        if not ok:
            problems.append(f"{role} POST {url} -> {status}")
    assert problems == []
    assert _counts() == counts_before


def _counts():
    return tuple(db.session.execute(db.select(db.func.count()).select_from(model)).scalar()
                 for model in (Enterprise, Person, Conflict, Room, SkillTag, Language, User))
