"""German translation: a complete catalogue, a compiled .mo that matches it, and German pages.

The catalogue lives in app/translations/de/LC_MESSAGES/; `make translations` re-extracts
the strings and updates it.
"""
import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.conftest import csrf_token, post_form

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "app/translations/de/LC_MESSAGES/messages.po"
MO_PATH = ROOT / "app/translations/de/LC_MESSAGES/messages.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")


@pytest.fixture(scope="module")
def catalogue():
    with PO_PATH.open("rb") as fh:
        return read_po(fh, locale="de")


def _messages(catalogue):
    return [m for m in catalogue if m.id]


def _forms(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    messages = _messages(catalogue)
    assert len(messages) > 400
    untranslated = [m.id for m in messages if not all(s.strip() for s in _forms(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.fuzzy


def test_placeholders_survive_translation(catalogue):
    for message in _messages(catalogue):
        wanted = set().union(*(PLACEHOLDER.findall(s) for s in _forms(message.id)))
        given = [set(PLACEHOLDER.findall(form)) for form in _forms(message.string)]
        # A singular form may leave the number out ("diese Zeile"), as English does.
        assert set().union(*given) == wanted, message.id
        if not isinstance(message.id, tuple):
            assert given == [wanted], message.id
        # Babel's own checker: python-format flags and compatible placeholders.
        assert message.check(catalogue) == [], message.id


def test_compiled_catalogue_matches_the_po_file(catalogue):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    with MO_PATH.open("rb") as fh:
        committed = gettext.GNUTranslations(fh)._catalog
    assert committed == expected, "run `make translations` (pybabel compile) and commit the .mo"


def test_catalogue_covers_every_string_in_the_source(catalogue):
    """Strings marked in Python and templates all have an entry (else: `make translations`)."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}  # as `pybabel extract -k _l`
    found = {msgid for _file, _line, msgid, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords)}
    known = {m.id for m in _messages(catalogue)}
    assert found - known == set()


def _switch_to_german(client, page: str = "/"):
    token = csrf_token(client, page)
    response = client.post("/language", data={"csrf_token": token, "lang": "de", "next": page})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(page)


def test_header_switch_shows_the_landing_page_in_german(client, event):
    english = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "Social enterprise" in english

    _switch_to_german(client)
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html
    assert "Sozialunternehmen" in html
    assert "Design-Thinking-Phasen:" in html
    assert "Verstehen" in html  # the stage label of 'empathize'
    assert "Social enterprise" not in html

    client.post("/language", data={"csrf_token": csrf_token(client, "/"), "lang": "en",
                                   "next": "/"})
    assert "Social enterprise" in client.get("/").get_data(as_text=True)


def test_registration_forms_login_and_errors_in_german(client, event):
    _switch_to_german(client)
    partner = client.get("/register/partner").get_data(as_text=True)
    assert "Sprachen, die Sie sprechen" in partner
    assert "Sparring-Sessions, an denen Sie Zeit haben" in partner
    assert "Als Sparringspartner/in anmelden" in partner
    enterprise = client.get("/register/enterprise").get_data(as_text=True)
    assert "Name des Projekts oder Teams" in enterprise
    assert "Ein Sozialunternehmen anmelden" in enterprise
    coach = client.get("/register/coach").get_data(as_text=True)
    assert "Als Coach anmelden" in coach

    login = client.get("/auth/login").get_data(as_text=True)
    assert "Passwort" in login
    assert "Angemeldet bleiben" in login

    missing = client.get("/no-such-page")
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert "Nicht gefunden" in page
    assert "Hier ist nichts." in page


def test_form_and_service_messages_in_german(client, event):
    from app.models import EventSession, Person

    _switch_to_german(client)
    # WTForms' own validator message, translated by WTForms' catalogue.
    response = post_form(client, "/register/partner", {
        "name": "", "email": "anna@example.org", "languages": ["de"]})
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert "Bitte korrigieren Sie diese Felder:" in html
    assert "Dieses Feld wird benötigt." in html
    assert "This field is required." not in html

    # A rule checked by the service, its message translated with a placeholder filled in.
    session_id = EventSession.query.filter_by(title="Sparring 1").one().id
    data = {"name": "Anna Berger", "email": "anna@example.org", "languages": ["de"],
            "partner_kind": "creative", "available_sessions": [str(session_id)]}
    assert "Sa. 23.09. 09:00" in html  # the session's weekday in German
    assert post_form(client, "/register/partner", data).status_code == 302
    token = Person.query.filter_by(email="anna@example.org").one().token
    personal = client.get(f"/p/{token}").get_data(as_text=True)
    assert "Ihre Anmeldung wird noch geprüft" in personal
    assert "Ihre Verfügbarkeit" in personal
    assert "Sa. 23.09. 09:00" in personal
    again = post_form(client, "/register/partner", {**data, "name": "Anna B."})
    html = again.get_data(as_text=True)
    assert "anna@example.org ist für diese Veranstaltung bereits angemeldet" in html


def test_accept_language_selects_german_without_the_switch(client, event):
    html = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}).get_data(
        as_text=True)
    assert '<html lang="de">' in html
    assert "Sozialunternehmen" in html
    html = client.get("/auth/login", headers={"Accept-Language": "fr, de;q=0.8"}).get_data(
        as_text=True)
    assert "Angemeldet bleiben" in html
    # An unsupported language falls back to English.
    html = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    html = client.get("/register/partner").get_data(as_text=True)
    assert "Sat 23.09. 09:00" in html
    assert "Languages you speak" in html


def test_messages_outside_a_request_are_english(app, event):
    """CLI commands and direct service calls have no request: gettext falls back to English."""
    from app.services.checks import unknown_languages

    assert unknown_languages(event, ["xx"]) == [
        "unknown language 'xx' (known: de, en, es, it, ro, sv)"]


def test_organiser_pages_and_flashes_in_german(organiser_client, event):
    from app.extensions import db
    from app.models import Person

    partner = Person(event_id=event.id, role="partner", name="Anna Berger", status="pending",
                     email="anna@example.org", languages=["de"])
    db.session.add(partner)
    db.session.commit()
    _switch_to_german(organiser_client, "/admin/")
    dashboard = organiser_client.get("/admin/").get_data(as_text=True)
    assert "Einstellungen der Veranstaltung" in dashboard
    assert "Interessenkonflikte" in dashboard
    timetable = organiser_client.get("/admin/sessions").get_data(as_text=True)
    assert "Plenum" in timetable and ">plenary<" not in timetable  # session kinds
    assert "Sonstiges" in organiser_client.get("/admin/sessions/new").get_data(as_text=True)
    accounts = organiser_client.get("/admin/accounts").get_data(as_text=True)
    assert "Organisationsteam" in accounts  # the role badge

    url = f"/admin/partners/{partner.id}"
    response = post_form(organiser_client, f"{url}/status", {"status": "accepted"},
                         follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Anna Berger ist jetzt angenommen." in html  # the status word is translated too


def test_csv_import_problems_in_german(organiser_client, coach):
    import io

    def upload(kind: str, text: str):
        return post_form(organiser_client, f"/admin/csv/{kind}",
                         {"file": (io.BytesIO(text.encode()), "data.csv")},
                         content_type="multipart/form-data")

    _switch_to_german(organiser_client, "/admin/csv")
    page = upload("rooms", " \n").get_data(as_text=True)
    assert "Es wurde nichts importiert." in page
    assert "Die Datei ist leer." in page
    # The service's German "already registered" message is explained with the owner's name.
    page = upload("enterprises", "name,organisation,country,languages,members\n"
                                 "Neu,Verein,DE,en,Nina Neu <coach1@example.org>\n"
                  ).get_data(as_text=True)
    assert "&#39;coach1@example.org&#39; wird bereits von Carla Coach (coach) verwendet" in page
