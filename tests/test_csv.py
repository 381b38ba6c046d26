"""CSV export and import: round trips, all-or-nothing checks, file problems, formula cells."""
import csv
import io
from datetime import datetime

import pytest

from app.extensions import db
from app.models import Enterprise, EventSession, Person, Room
from app.models.people import partner_wishes, person_sessions, team_coaches, team_wishes
from app.services.csv_formats import protect_cell, unprotect_cell
from tests.conftest import login, post_form

KINDS = ["sessions", "rooms", "coaches", "partners", "enterprises"]


@pytest.fixture
def filled(event, coach):
    """The conftest event plus partners, a second team with wishes and a formula-like name."""
    sparring = [s for s in event.sessions if s.kind == "sparring"]
    care_farm = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    anna = Person(event_id=event.id, role="partner", name="=HYPERLINK(\"http://x\",\"y\")",
                  email="anna@example.org", organisation="Studio, Passau",
                  languages=["de", "en"], skills=["video", "storytelling"], status="accepted",
                  partner_kind="creative", max_sessions=1)
    anna.available_sessions = sparring
    anna.wished_teams = [care_farm]
    ben = Person(event_id=event.id, role="partner", name="Ben Bauer", email="ben@example.org",
                 languages=["de"], skills=[], status="pending", partner_kind="living_lab")
    ben.available_sessions = sparring[:1]
    team = Enterprise(event_id=event.id, name="Bee+Tree", organisation="-Apiary cooperative",
                      country="RO", status="pending", languages=["ro", "en"],
                      challenge="Pollinators", description="Line one\nline two, with comma",
                      needs={"empathize": ["interviewing", "ux-research"],
                             "prototype": ["web-development"]}, stage="define")
    team.wished_partners = [anna]
    db.session.add_all([anna, ben, team])
    db.session.flush()
    db.session.add_all([
        Person(event_id=event.id, role="member", name="Ioana Pop", email="ioana@example.org",
               enterprise_id=team.id, status="pending", languages=["ro", "en"]),
        Person(event_id=event.id, role="member", name="@Radu", email="radu@example.org",
               enterprise_id=team.id, status="pending", languages=["ro", "en"]),
        EventSession(event_id=event.id, title="Lunch; and more", kind="meal",
                     starts_at=datetime(2023, 9, 23, 12, 30), ends_at=datetime(2023, 9, 23, 13)),
    ])
    db.session.commit()
    return event


def upload(client, kind: str, content, filename: str = "data.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return post_form(client, f"/admin/csv/{kind}",
                     {"file": (io.BytesIO(content), filename)},
                     content_type="multipart/form-data")


def export(client, kind: str) -> bytes:
    response = client.get(f"/admin/csv/{kind}/export")
    assert response.status_code == 200
    return response.data


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def empty_event() -> None:
    """Remove every record of the event but keep its languages, skills and stages."""
    for table in (partner_wishes, team_wishes, person_sessions, team_coaches):
        db.session.execute(table.delete())
    db.session.execute(db.update(Person).values(enterprise_id=None))
    for model in (Person, Enterprise, EventSession, Room):
        db.session.execute(db.delete(model))
    db.session.commit()
    db.session.expire_all()


def test_export_is_excel_friendly_csv(filled, organiser_client):
    response = organiser_client.get("/admin/csv/enterprises/export")
    assert response.mimetype == "text/csv"
    assert 'filename="enterprises.csv"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, *rows = rows_of(response.data)
    assert header[:6] == ["name", "organisation", "country", "challenge", "description",
                          "languages"]
    assert "needs_empathize" in header and "needs_test" in header
    bee = dict(zip(header, next(r for r in rows if r[0] == "Bee+Tree"), strict=True))
    assert bee["members"] == "Ioana Pop <ioana@example.org>; @Radu <radu@example.org>"
    assert bee["needs_empathize"] == "interviewing; ux-research"
    assert bee["organisation"] == "'-Apiary cooperative"
    assert bee["wished_partners"] == "anna@example.org"
    partners = rows_of(export(organiser_client, "partners"))
    anna = dict(zip(partners[0], partners[1], strict=True))
    assert anna["availability"] == "2023-09-23 09:00; 2023-09-23 11:00"
    assert anna["wishes"] == "Care farm"


def test_formula_cells_are_escaped_and_reimported_exactly(filled, organiser_client):
    partners = rows_of(export(organiser_client, "partners"))
    assert partners[1][0] == "'=HYPERLINK(\"http://x\",\"y\")"
    response = upload(organiser_client, "partners", export(organiser_client, "partners"))
    assert response.status_code == 302
    anna = db.session.execute(db.select(Person).filter_by(email="anna@example.org")).scalar_one()
    assert anna.name == "=HYPERLINK(\"http://x\",\"y\")"


@pytest.mark.parametrize("value", ["=1+1", "+49", "-3", "@SUM(A1)", "\tx", "\rx", "'=x",
                                   "''+x", "'plain", "plain", ""])
def test_cell_protection_round_trips(value):
    protected = protect_cell(value)
    assert protected[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert unprotect_cell(protected) == value


def test_round_trip_into_the_same_event_changes_nothing(filled, organiser_client):
    before = {kind: export(organiser_client, kind) for kind in KINDS}
    ids = sorted(db.session.execute(db.select(Person.id)).scalars())
    for kind in KINDS:
        response = upload(organiser_client, kind, before[kind], f"{kind}.csv")
        assert response.status_code == 302, response.get_data(as_text=True)
        page = organiser_client.get(response.location).get_data(as_text=True)
        assert "0 created" in page and "0 updated" in page
    db.session.expire_all()
    assert sorted(db.session.execute(db.select(Person.id)).scalars()) == ids
    assert {kind: export(organiser_client, kind) for kind in KINDS} == before


def test_round_trip_into_a_fresh_event_gives_equal_records(filled, organiser_client):
    before = {kind: export(organiser_client, kind) for kind in KINDS}
    empty_event()
    assert rows_of(export(organiser_client, "partners")) == [rows_of(before["partners"])[0]]
    # Partners wish enterprises and enterprises wish partners: partners go in twice.
    for kind in ["sessions", "rooms", "coaches"]:
        assert upload(organiser_client, kind, before[kind]).status_code == 302
    response = post_form(organiser_client, "/admin/csv/partners", {
        "file": (io.BytesIO(before["partners"]), "partners.csv"), "skip_wishes": "y"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert "ignored: wishes" in organiser_client.get(response.location).get_data(as_text=True)
    response = upload(organiser_client, "enterprises", before["enterprises"])
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "2 created" in organiser_client.get(response.location).get_data(as_text=True)
    response = upload(organiser_client, "partners", before["partners"])
    assert "1 updated" in organiser_client.get(response.location).get_data(as_text=True)
    assert {kind: export(organiser_client, kind) for kind in KINDS} == before
    care_farm = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    assert care_farm.coach.email == "coach1@example.org"
    assert [m.email for m in care_farm.members] == ["marco@example.org"]


def test_updates_are_counted_and_applied(filled, organiser_client):
    db.session.add(Room(event_id=filled.id, name="Ölkeller", capacity=8, max_teams=1))
    db.session.commit()
    # Names match ignoring case, also beyond ASCII (SQLite's lower() would miss 'Ö').
    text = "name,capacity\nbarn,20\nAttic,4\nölkeller,8\n"
    response = upload(organiser_client, "rooms", text)
    assert response.status_code == 302
    page = organiser_client.get(response.location).get_data(as_text=True)
    assert "1 created, 2 updated, 0 unchanged" in page  # names take the file's spelling
    assert db.session.execute(db.select(db.func.count()).select_from(Room)).scalar() == 4
    barn = db.session.execute(db.select(Room).filter_by(name="barn")).scalar_one()
    assert (barn.capacity, barn.max_teams) == (20, 2)  # max_teams column absent: kept
    attic = db.session.execute(db.select(Room).filter_by(name="Attic")).scalar_one()
    assert attic.max_teams == 1


def test_one_bad_row_imports_nothing_and_names_line_and_field(filled, organiser_client):
    text = ("name,email,languages,availability\n"
            "Carl Neu,carl@example.org,de,2023-09-23 09:00\n"
            "Dora Neu,dora@example.org,de,2023-09-23 11:00\n"
            "Eva Neu,marco@example.org,de,2023-09-23 09:00\n"
            "Fritz Neu,fritz@example.org,en,2023-09-23 11:00\n")
    response = upload(organiser_client, "partners", text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported." in page
    assert "line 4, email: &#39;marco@example.org&#39; is already used by Marco Rossi" in page
    assert db.session.execute(db.select(Person).filter(
        Person.email.in_(["carl@example.org", "dora@example.org", "fritz@example.org"]))
    ).first() is None


def test_every_bad_row_is_reported(filled, organiser_client):
    text = ("name,email,languages,availability,max_sessions\n"
            "Carl Neu,carl@example.org,de,2023-09-23 09:00,\n"
            ",no-email,de,2023-09-23 09:00,\n"
            "Dora Neu,dora@example.org,xx,2023-09-24 09:00,7\n"
            "Carl Again,CARL@example.org,de,2023-09-23 09:00,\n")
    response = upload(organiser_client, "partners", text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "line 3, name:" in page and "line 3, email: &#39;no-email&#39; is not a valid" in page
    assert "line 4, languages: unknown language &#39;xx&#39;" in page
    assert "line 4, availability: no sparring session starts at 2023-09-24 09:00" in page
    assert "line 4, max_sessions: must be between 1 and 2" in page
    assert "line 5, email: &#39;CARL@example.org&#39; is also on line 2" in page
    assert "line 2," not in page
    assert db.session.execute(db.select(Person).filter_by(email="carl@example.org")).first() \
        is None


def test_enterprise_rows_report_member_problems_and_roll_back(filled, organiser_client):
    header = rows_of(export(organiser_client, "enterprises"))[0]
    good = {"name": "New team", "organisation": "Org", "country": "SE", "languages": "sv; en",
            "members": "Sara Berg <sara@example.org>"}
    bad = {"name": "Other team", "organisation": "Org", "country": "XX", "languages": "en",
           "members": "Ola <ola@example.org>; just a name", "needs_define": "juggling"}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerows([good, bad])
    response = upload(organiser_client, "enterprises", buffer.getvalue())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "line 3, country: unknown country code &#39;XX&#39;" in page
    assert "line 3, members: member 2: write &#39;Name &lt;email&gt;&#39;" in page
    assert "line 3, needs_define: unknown skill &#39;juggling&#39;" in page
    assert db.session.execute(db.select(Enterprise).filter_by(name="New team")).first() is None


def test_sessions_and_rooms_rows_are_checked(filled, organiser_client):
    response = upload(organiser_client, "sessions",
                      "title,start,end,stage,kind\n"
                      "Sparring 3,2023-09-24 09:00,2023-09-24 08:00,empathize,sparring\n"
                      "Walk,tomorrow,2023-09-24 10:00,,other\n"
                      "Pitch,2023-09-24 11:00,2023-09-24 12:00,,sparring\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "line 2, end: must be after the start (2023-09-24 09:00)" in page
    assert "line 3, start: &#39;tomorrow&#39; is not a date and time" in page
    assert "line 4, stage: a sparring session needs a stage" in page
    response = upload(organiser_client, "rooms", "name,capacity,max_teams\nLoft,0,1\n,3,\n")
    page = response.get_data(as_text=True)
    assert "line 2, capacity: &#39;0&#39; is not a whole number of at least 1" in page
    assert "line 3, name: give the room a name" in page
    assert db.session.execute(db.select(EventSession).filter_by(title="Sparring 3")).first() \
        is None


def test_missing_columns_are_named(filled, organiser_client):
    response = upload(organiser_client, "partners", "name,organisation\nAnna,Studio\n")
    assert response.status_code == 422
    assert "Missing columns: email, languages, availability." in response.get_data(as_text=True)


def test_non_utf8_and_binary_files_are_rejected(filled, organiser_client):
    latin1 = "name,capacity\nGroßer Saal,30\n".encode("latin-1")
    response = upload(organiser_client, "rooms", latin1)
    assert response.status_code == 422
    assert "not UTF-8" in response.get_data(as_text=True)
    response = upload(organiser_client, "rooms", b"PK\x03\x04\x00\x00binary", "rooms.csv")
    assert "not a CSV file" in response.get_data(as_text=True)
    response = upload(organiser_client, "rooms", b"name,capacity\n", "rooms.xlsx")
    assert response.status_code == 422
    assert "Upload a .csv file" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Room).filter_by(name="Großer Saal")).first() is None


def test_semicolon_separated_excel_file_is_read(filled, organiser_client):
    content = "\ufeffname;capacity;max_teams\r\nStadl;25;3\r\n".encode()
    assert upload(organiser_client, "rooms", content).status_code == 302
    stadl = db.session.execute(db.select(Room).filter_by(name="Stadl")).scalar_one()
    assert (stadl.capacity, stadl.max_teams) == (25, 3)


def test_upload_needs_csrf_token(filled, organiser_client):
    response = organiser_client.post("/admin/csv/rooms", data={
        "file": (io.BytesIO(b"name,capacity\nX,1\n"), "r.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert db.session.execute(db.select(Room).filter_by(name="X")).first() is None


def test_csv_pages_are_for_organisers_only(filled, client, coach):
    response = client.get("/admin/csv/rooms/export")
    assert response.status_code == 302 and "/auth/login" in response.location
    assert client.get("/admin/csv").status_code == 302
    login(client, "coach1@example.org")
    assert client.get("/admin/csv").status_code == 403
    assert client.get("/admin/csv/rooms/export").status_code == 403
    assert client.get("/admin/csv/rooms").status_code == 403


def test_pages_document_columns(filled, organiser_client):
    page = organiser_client.get("/admin/csv").get_data(as_text=True)
    assert "needs_prototype" in page and "availability" in page
    assert organiser_client.get("/admin/csv/teams").status_code == 404
    page = organiser_client.get("/admin/csv/sessions").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "title and start identify" in page


def test_sessions_starting_together_are_referenced_with_title(filled, organiser_client, event):
    db.session.add(EventSession(event_id=event.id, title="Sparring 1b", kind="sparring",
                                stage="define", starts_at=datetime(2023, 9, 23, 9),
                                ends_at=datetime(2023, 9, 23, 10)))
    db.session.commit()
    content = export(organiser_client, "partners")
    header, anna, _ben = rows_of(content)
    availability = dict(zip(header, anna, strict=True))["availability"]
    assert availability == "2023-09-23 09:00 Sparring 1; 2023-09-23 11:00"
    assert upload(organiser_client, "partners", content).status_code == 302
    response = upload(organiser_client, "partners",
                      "name,email,languages,availability\nBen,ben@example.org,de,2023-09-23 9:00\n")
    page = response.get_data(as_text=True)
    assert "line 2, availability: 2 sparring sessions start at 2023-09-23 09:00; add the title" \
        in page


def test_a_persons_email_cannot_change_their_role(filled, organiser_client):
    response = upload(organiser_client, "coaches", "name,email,languages\n"
                                                   "Anna,anna@example.org,de\n")
    assert response.status_code == 422
    assert "line 2, email: &#39;anna@example.org&#39; is already used by" in \
        response.get_data(as_text=True)
    anna = db.session.execute(db.select(Person).filter_by(email="anna@example.org")).scalar_one()
    assert anna.role == "partner"


def test_file_level_problems_are_explained(filled, organiser_client):
    cases = {
        b"": "The file is empty",
        b"name,capacity,Name\nX,1,Y\n": "names these columns twice: name",
        b'name,capacity\n"Loft,3\n': "not valid CSV",
    }
    for content, message in cases.items():
        response = upload(organiser_client, "rooms", content)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True), message
    response = upload(organiser_client, "rooms", "name,capacity\nLoft,3,extra\nAttic,x\n")
    page = response.get_data(as_text=True)
    assert "line 2, row: has 3 cells but the header names 2 columns" in page
    assert "line 3, capacity: &#39;x&#39; is not a whole number" in page
    assert db.session.execute(db.select(Room).filter_by(name="Loft")).first() is None


def test_the_language_of_emails_goes_in_and_out_of_the_csv(filled, organiser_client):
    text = ("name,email,languages,availability,email_language\n"
            "Carl Neu,carl@example.org,de,2023-09-23 09:00,de\n"
            "Dora Neu,dora@example.org,de,2023-09-23 11:00,\n")
    assert upload(organiser_client, "partners", text).status_code == 302
    carl, dora = (db.session.execute(db.select(Person).filter_by(email=e)).scalar_one()
                  for e in ("carl@example.org", "dora@example.org"))
    assert (carl.locale, dora.locale) == ("de", "en")
    header, *rows = rows_of(export(organiser_client, "partners"))
    column = header.index("email_language")
    assert {row[1]: row[column] for row in rows}["carl@example.org"] == "de"
    bad = upload(organiser_client, "partners",
                 "name,email,languages,availability,email_language\n"
                 "Carl Neu,carl@example.org,de,2023-09-23 09:00,fr\n")
    assert bad.status_code == 422
    assert "line 2, email_language: unknown language &#39;fr&#39; for the emails" in \
        bad.get_data(as_text=True)
    db.session.expire_all()
    assert carl.locale == "de"
