"""Names and emails are compared in one normalised form (NFKC + casefold), stored and unique,
the same on SQLite and PostgreSQL."""
import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Enterprise, Person, Room, User
from app.models.keys import text_key
from app.services.accounts import authenticate, create_user
from app.services.csv_export import export_csv
from app.services.csv_import import import_csv
from app.services.enterprises import create_enterprise
from tests.conftest import PASSWORD, count_of, post_form
from tests.test_registration import coach_data, enterprise_data, error_text, partner_data


def test_text_key_is_nfkc_then_casefold():
    assert text_key("ÆRØSKØBING") == text_key("Ærøskøbing") == "ærøskøbing"
    assert text_key("STRASSE") == text_key("Straße")
    assert text_key("ﬁle") == text_key("FILE")
    assert text_key("Å") == text_key("A\u030a")  # one letter, or a letter and its ring


def test_enterprise_names_differing_in_non_ascii_case_are_one_name(client, event):
    assert post_form(client, "/register/enterprise",
                     enterprise_data(name="Ærøskøbing")).status_code == 302
    response = post_form(client, "/register/enterprise", enterprise_data(
        name="ÆRØSKØBING", **{"members-0-email": "ole@example.org",
                              "members-1-email": "kim@example.org"}))
    assert response.status_code == 422
    text = error_text(response)
    assert "an enterprise named &#39;ÆRØSKØBING&#39; is already registered" in text
    assert "a moment ago" not in text

    assert count_of(Enterprise) == 1


def test_emails_differing_in_non_ascii_case_are_one_address(client, event):
    # SQLite's lower() leaves 'Å' as it is: a stored capital used to slip past the check.
    assert post_form(client, "/register/enterprise", enterprise_data(
        **{"members-0-email": "ÅSA@ÅTERBRUKET.SE"})).status_code == 302
    for url, data in [("/register/coach", coach_data(email="åsa@återbruket.se")),
                      ("/register/partner", partner_data(event, email="Åsa@Återbruket.se"))]:
        response = post_form(client, url, data)
        assert response.status_code == 422
        assert "is already registered for this event" in error_text(response)
    response = post_form(client, "/register/enterprise", enterprise_data(
        name="Other", **{"members-0-email": "x@example.org",
                         "members-1-email": "åsa@återbruket.SE"}))
    assert "åsa@återbruket.SE is already registered for this event" in error_text(response)
    assert count_of(Person) == 2


def test_the_unique_index_holds_for_every_write_path(app, event):
    """Also records written past the services (demo, scripts) keep their key."""


    db.session.add_all([Enterprise(event_id=event.id, name="Återbruket", organisation="O",
                                   country="SE"), User(email="å@x.org", role="scanner")])
    db.session.commit()
    for record in [Enterprise(event_id=event.id, name="ÅTERBRUKET", organisation="O",
                              country="SE"),
                   Room(event_id=event.id, name="BARN", capacity=1),
                   User(email="Å@X.ORG", role="scanner")]:
        db.session.add(record)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    team.name = "Ærøskøbing"
    db.session.commit()
    assert team.name_key == "ærøskøbing"


def test_rooms_and_accounts_compare_the_key(organiser_client, event):

    data = {"name": "KÜCHE", "capacity": "8", "max_teams": "1"}
    assert post_form(organiser_client, "/admin/rooms/new", data).status_code == 302
    response = post_form(organiser_client, "/admin/rooms/new", {**data, "name": "Küche"})
    assert response.status_code == 422
    assert "a room called &#39;Küche&#39; exists already" in response.get_data(as_text=True)

    # lower() keeps 'ß' (casefold makes it 'ss') and 'Å' as one letter or two apart.
    user = create_user("Straße@Example.org", "scanner", PASSWORD)
    assert authenticate("STRASSE@EXAMPLE.ORG", PASSWORD) == user
    response = post_form(organiser_client, "/admin/accounts/new", {
        "email": "strasse@example.org", "role": "scanner", "password": "long enough password"})
    assert response.status_code == 422
    assert "exists already" in response.get_data(as_text=True)


def test_references_by_name_and_email_use_the_key(app, event):
    """Wishes, coaches and CSV rows find their record however its name or email is written."""
    coach = Person(event_id=event.id, role="coach", name="Örjan", email="örjan@coach.se",
                   status="accepted", languages=["sv"], max_teams=2)
    partner = Person(event_id=event.id, role="partner", name="Ülkü", email="ülkü@partner.de",
                     status="accepted", languages=["de"], partner_kind="creative")
    partner.available_sessions = [s for s in event.sessions if s.kind == "sparring"]
    db.session.add_all([coach, partner])
    db.session.commit()
    team = create_enterprise(event, {
        "name": "Återbruket", "organisation": "Reuse", "country": "SE", "languages": ["sv"],
        "members": [{"name": "Åsa", "email": "åsa@återbruket.se"}],
        "coach": "ÖRJAN@COACH.SE", "wished_partners": ["ÜLKÜ@PARTNER.DE"]})
    assert team.coach == coach and team.wished_partners == [partner]

    # The export re-imports onto the same team, and partners' wishes name it in any case.
    _name, content = export_csv(event, "enterprises")
    changed = content.decode("utf-8-sig").replace("Återbruket,", "ÅTERBRUKET,")
    result = import_csv(event, "enterprises", changed.encode())
    assert (result.created, result.updated) == (0, 1)
    assert db.session.execute(db.select(Enterprise.name)).scalars().all() == ["ÅTERBRUKET"]
    partners = ("name,email,languages,availability,wishes\n"
                "Ülkü,ÜLKÜ@Partner.DE,de,2023-09-23 09:00,återbruket\n")
    result = import_csv(event, "partners", partners.encode())
    assert (result.created, result.updated) == (0, 1)
    assert partner.wished_teams == [team]

