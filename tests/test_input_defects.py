"""Regression tests for input defects a new user found: the forms/templating import circle,
huge ids, control characters and the coach's team limit (text keys: test_text_keys.py, errors
in one round: test_form_errors.py, session dates: test_admin_timetable.py)."""
import ast
import re
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.models import Enterprise, Person
from app.services import conflicts, event_settings, timetable, user_admin, vocabulary
from app.services.checks import ValidationFailed
from app.services.csv_import import CsvRejected, import_csv
from app.services.enterprises import create_enterprise
from app.services.event_settings import settings_values
from app.services.people import create_partner
from tests.conftest import count_of, csrf_token, post_form
from tests.test_admin_people import enterprise_form
from tests.test_registration import coach_data, enterprise_data, error_text, partner_data

ROOT = Path(__file__).resolve().parent.parent


def _app_imports(path: str) -> set[str]:
    """The app modules a file imports (at any level, also inside functions)."""
    tree = ast.parse((ROOT / path).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return {m for m in modules if m.startswith("app")}


def test_forms_and_templating_do_not_import_each_other():
    assert "app.templating" not in _app_imports("app/forms_common.py")
    assert "app.forms_common" not in _app_imports("app/templating.py")
    assert not _app_imports("app/formatting.py") & {"app.forms_common", "app.templating"}


# --- 4: ids beyond what the database can compare ------------------------------------------

HUGE_IDS = [2**31, 2**63, 2**64]  # PostgreSQL's INTEGER ends at 2**31 - 1


def _int_route_paths(app, number: int) -> list[tuple[str, str]]:
    """(method, path) of every route with an <int:...> part, that part set to `number`."""

    paths = []
    for rule in app.url_map.iter_rules():
        if not any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            continue
        path = re.sub(r"<int:\w+>", str(number), rule.rule)
        path = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), path)
        assert "<" not in path, path
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.append((method, path))
    return paths


def test_every_int_route_answers_404_for_huge_ids(app, organiser_client):
    token = csrf_token(organiser_client, "/admin/enterprises/new")
    families = {path.split("/")[2] for _m, path in _int_route_paths(app, 1)}
    assert {"enterprises", "partners", "sessions", "rooms", "accounts", "tags", "languages",
            "conflicts", "people"} <= families
    for number in [*HUGE_IDS, 2**31 - 1, 2**63 - 1]:
        for method, path in _int_route_paths(app, number):
            response = organiser_client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (method, path, response.status_code)
            if path.startswith("/api/"):
                assert response.is_json and response.json["error"] == "not_found"


def test_huge_ids_in_forms_are_unknown_ids(organiser_client, event, coach):
    for number in HUGE_IDS:
        response = post_form(organiser_client, "/admin/enterprises/new",
                             enterprise_form(coach=str(number),
                                             wished_partners=[str(number)]))
        assert response.status_code == 422
        response = post_form(organiser_client, "/admin/conflicts",
                             {"enterprise_id": str(number), "partner_id": str(number)})
        assert response.status_code == 422
        response = post_form(organiser_client, "/admin/accounts/new", {
            "email": "new.coach@example.org", "role": "coach", "person_id": str(number),
            "password": "long enough password"})
        assert response.status_code == 422


def test_huge_ids_in_the_public_forms_are_unknown_ids(client, event):
    number = str(2**64)
    response = post_form(client, "/register/enterprise",
                         enterprise_data(wished_partners=[number]))
    assert response.status_code == 422
    assert f"unknown sparring partner &#39;{number}&#39;" in error_text(response)
    response = post_form(client, "/register/partner",
                         partner_data(event, available_sessions=[number], wished_teams=[number]))
    assert response.status_code == 422
    assert f"unknown sparring session &#39;{number}&#39;" in error_text(response)
    assert f"unknown enterprise &#39;{number}&#39;" in error_text(response)


def test_huge_ids_in_services_and_csv_cells_are_unknown_ids(app, event, coach):
    number = 2**63
    data = {"name": "Big ids", "organisation": "Org", "country": "DE", "languages": ["de"],
            "members": [{"name": "Ada", "email": "ada@example.org", "id": str(number)}],
            "coach": f"c{number}", "wished_partners": [number, f"p{2**64}"]}
    with pytest.raises(ValidationFailed) as refused:
        create_enterprise(event, data)
    assert refused.value.errors["coach"] == [f"unknown coach 'c{number}'"]
    assert refused.value.errors["wished_partners"] == [
        f"unknown sparring partner '{number}'", f"unknown sparring partner '{2**64}'"]
    assert "members-0-name" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        conflicts.add_conflict(event, {"enterprise_id": number, "partner_id": 2**64})
    assert set(refused.value.errors) == {"enterprise_id", "partner_id"}
    with pytest.raises(ValidationFailed) as refused:
        user_admin.create_account(event, {"email": "x@example.org", "role": "coach",
                                          "person_id": number, "password": "long enough pw"})
    assert set(refused.value.errors) == {"person_id"}
    content = ("name,organisation,country,languages,members,coach,wished_partners\n"
               f"Big ids,Org,DE,de,Ada <ada@example.org>,c{number},p{2**64}\n")
    with pytest.raises(CsvRejected) as rejected:
        import_csv(event, "enterprises", content.encode())
    messages = {(e.column, e.message) for e in rejected.value.errors}
    assert ("coach", f"unknown coach 'c{number}'") in messages
    assert ("wished_partners", f"unknown sparring partner '{2**64}'") in messages


# --- 3: control characters are refused in every text field --------------------------------

def test_a_nul_byte_in_the_coach_form_is_refused_naming_the_field(client, event):
    response = post_form(client, "/register/coach", coach_data(name="Conrad\x00Coach"))
    assert response.status_code == 422
    assert "Name: contains a control character (U+0000); remove it" in error_text(response)
    response = post_form(client, "/register/coach", coach_data(organisation="Esc\x1bape\x85",
                                                               email="c\x85@example"))
    text = error_text(response)
    assert "Organisation: contains a control character (U+001B); remove it" in text
    assert "Email: Invalid email address." in text  # the form's own message, in one round
    assert count_of(Person) == 0


def test_nul_bytes_in_names_and_emails_are_refused_before_any_lookup(client, event):
    """On PostgreSQL a NUL in a query is an error of its own: names and emails with one are
    never looked up."""
    response = post_form(client, "/register/enterprise", enterprise_data(
        name="Care\x00farm", **{"members-0-email": "marco\x00@example.org"}))
    assert response.status_code == 422
    text = error_text(response)
    assert "Name of the project or team: contains a control character (U+0000)" in text
    assert "Email: Invalid email address." in text  # the form's message for that field
    response = post_form(client, "/register/partner", partner_data(
        event, email="pia\x00@example.org", wished_teams=["Care\x00farm"]))
    assert response.status_code == 422
    assert count_of(Person) == 0


def test_line_breaks_and_tabs_are_allowed_only_in_multi_line_fields(client, event):
    response = post_form(client, "/register/enterprise", enterprise_data(
        name="Care\tfarm", challenge="Reach\nfamilies",
        **{"members-1-name": "Giulia\x07"}))
    assert response.status_code == 422
    text = error_text(response)
    assert "Name of the project or team: contains a control character (U+0009)" in text
    assert "Challenge (one sentence): contains a control character (U+000A)" in text
    assert "Member 2 · Name: contains a control character (U+0007)" in text
    response = post_form(client, "/register/enterprise", enterprise_data(
        description="Line one\r\n\tline two"))
    assert response.status_code == 302
    assert db.session.execute(db.select(Enterprise.description)).scalar_one() == \
        "Line one\r\n\tline two"


def test_control_characters_in_csv_cells_are_refused_by_line_and_column(app, event):
    content = ("name,email,languages,availability,wishes\n"
               "Paula\x07 Partner,paula@example.org,de,2023-09-23 09:00,\n"
               "Ben,ben@example.org,de,2023-09-23 09:00,Care\x1bfarm\n")
    with pytest.raises(CsvRejected) as rejected:
        import_csv(event, "partners", content.encode())
    errors = {(e.line, e.column, e.message) for e in rejected.value.errors}
    assert (2, "name", "contains a control character (U+0007); remove it") in errors
    assert (3, "wishes", "contains a control character (U+001B); remove it") in errors
    content = ("name,organisation,country,languages,members,description\n"
               "Farm,Org,IT,it,Ada\x01 <ada@example.org>,\"two\nlines\"\n")
    with pytest.raises(CsvRejected) as rejected:
        import_csv(event, "enterprises", content.encode())
    assert [(e.column, e.message) for e in rejected.value.errors] == [
        ("members", "member 1 name: contains a control character (U+0001); remove it")]


def test_every_service_refuses_control_characters(app, event, coach):

    team = db.session.execute(db.select(Enterprise)).scalar_one()
    partner = create_partner(event, {"name": "Pia", "email": "pia@example.org",
                                     "languages": ["de"], "available_sessions": ["s2"]})
    message = "contains a control character (U+0000); remove it"
    calls = [
        (lambda: timetable.save_session(event, {
            "title": "Spar\x00ring", "starts_at": datetime(2023, 9, 23, 14),
            "ends_at": datetime(2023, 9, 23, 15), "kind": "plenary", "place": ""}), "title"),
        (lambda: timetable.save_room(event, {"name": "Loft\x00", "capacity": 3,
                                             "max_teams": 1}), "name"),
        (lambda: event_settings.save_event_settings(
            {**settings_values(event), "venue": "Farm\x00"}), "venue"),
        (lambda: vocabulary.add_language(event, {"code": "fr", "name": "Fran\x00çais"}), "name"),
        (lambda: vocabulary.add_tag(event, {"name": "video", "label": "Vi\x00deo"}), "label"),
        (lambda: conflicts.add_conflict(event, {"enterprise_id": team.id,
                                                "partner_id": partner.id,
                                                "reason": "fam\x00ily"}), "reason"),
        (lambda: user_admin.create_account(event, {
            "email": "new@example.org", "role": "scanner", "name": "N\x00",
            "password": "long enough password"}), "name"),
        (lambda: user_admin.create_account(event, {
            "email": "new@example.org", "role": "scanner",
            "password": "long enough\x00password"}), "password"),
        (lambda: create_partner(event, {
            "name": "Ann", "email": "ann@example.org", "languages": ["de", "e\x00n"],
            "available_sessions": ["s2"]}), "languages"),
    ]
    for call, field in calls:
        with pytest.raises(ValidationFailed) as refused:
            call()
        assert message in refused.value.errors[field], field
        db.session.rollback()
    assert count_of(Person) == 3  # the coach fixture's coach and member, and Pia


def test_control_characters_in_searches_and_links_answer_normally(organiser_client, event):
    assert organiser_client.get("/admin/enterprises?q=care%00farm").status_code == 200
    assert organiser_client.get("/admin/partners?q=%00").status_code == 200
    assert organiser_client.get("/api/teams?q=care%00farm").status_code == 200
    assert organiser_client.get("/api/people?q=%01x").status_code == 200
    assert organiser_client.get("/p/abc%00def").status_code == 404
    assert organiser_client.get("/calendar/abc%00def.ics").status_code == 404


def test_a_login_with_a_control_character_is_wrong_not_an_error(client, organiser):
    response = post_form(client, "/auth/login",
                         {"email": "organiser@example.org\x00", "password": "x"})
    assert response.status_code == 422


# --- 6: a coach takes at most max_teams teams ----------------------------------------------

@pytest.fixture
def full_coach(event, coach):
    """The coach fixture's Carla (teams at most: 2) with a second team: she is full."""
    carla = db.session.execute(db.select(Person).filter_by(name="Carla Coach")).scalar_one()
    second = Enterprise(event_id=event.id, name="Bee+Tree", organisation="Apiary",
                        country="RO", status="accepted", languages=["ro"])
    second.coach = carla
    third = Enterprise(event_id=event.id, name="STEM kids", organisation="Scoala",
                       country="RO", status="accepted", languages=["ro"])
    db.session.add_all([second, third])
    db.session.commit()
    return carla


def test_a_full_coach_is_refused_on_the_enterprise_form(organiser_client, full_coach):
    third = db.session.execute(db.select(Enterprise).filter_by(name="STEM kids")).scalar_one()
    response = post_form(organiser_client, f"/admin/enterprises/{third.id}/edit", {
        **enterprise_form(coach=str(full_coach.id)),
        "members-0-name": "Ioana Pop", "members-0-email": "ioana@example.org"})
    assert response.status_code == 422
    assert ("Coach: Carla Coach already coaches 2 teams, as many as they take (teams at "
            "most: 2)") in error_text(response)
    db.session.expire_all()
    assert third.coach is None
    response = post_form(organiser_client, "/admin/enterprises/new",
                         enterprise_form(name="New team", coach=str(full_coach.id)))
    assert response.status_code == 422
    assert count_of(Enterprise) == 3


def test_keeping_the_coach_a_team_has_is_fine_even_when_full(organiser_client, full_coach):
    bees = db.session.execute(db.select(Enterprise).filter_by(name="Bee+Tree")).scalar_one()
    response = post_form(organiser_client, f"/admin/enterprises/{bees.id}/edit", {
        **enterprise_form(name="Bee+Tree", coach=str(full_coach.id)),
        "members-0-name": "Ana", "members-0-email": "ana@example.org"})
    assert response.status_code == 302
    db.session.expire_all()
    assert bees.coach == full_coach and bees.organisation == "Scoala Buna"


def test_the_coach_select_shows_each_coachs_load(organiser_client, full_coach, event):
    other = Person(event_id=event.id, role="coach", name="Dora Coach", status="accepted",
                   email="dora@example.org", languages=["de"], max_teams=1)
    db.session.add(other)
    db.session.commit()
    html = organiser_client.get("/admin/enterprises/new").get_data(as_text=True)
    assert f'<option disabled value="{full_coach.id}">Carla Coach (2 of 2 teams, full)</option>' \
        in html
    assert f'<option value="{other.id}">Dora Coach (0 of 1 team)</option>' in html
    bees = db.session.execute(db.select(Enterprise).filter_by(name="Bee+Tree")).scalar_one()
    html = organiser_client.get(f"/admin/enterprises/{bees.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{full_coach.id}">Carla Coach (2 of 2 teams, full)' \
        '</option>' in html


def test_the_csv_import_keeps_to_the_coach_limit(app, event, full_coach):
    content = ("name,organisation,country,languages,members,coach\n"
               "STEM kids,Scoala,RO,ro,Ioana <ioana@example.org>,coach1@example.org\n")
    with pytest.raises(CsvRejected) as rejected:
        import_csv(event, "enterprises", content.encode())
    assert [(e.line, e.column) for e in rejected.value.errors] == [(2, "coach")]
    assert "Carla Coach already coaches 2 teams" in rejected.value.errors[0].message
    full_coach.max_teams = 3
    db.session.commit()
    content += "Fourth,Org,RO,ro,Dan <dan@example.org>,coach1@example.org\n"
    with pytest.raises(CsvRejected) as rejected:  # the file's own rows count too
        import_csv(event, "enterprises", content.encode())
    assert [(e.line, e.column) for e in rejected.value.errors] == [(3, "coach")]
