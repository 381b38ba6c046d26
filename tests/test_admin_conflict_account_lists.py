"""The conflicts of interest and accounts lists: paged, sorted, searched, bounded queries;
the conflict form on its own page."""
import re

from app.extensions import db
from app.models import Conflict, User
from tests.conftest import post_form
from tests.helpers import count_statements, make_person, make_team
from tests.test_admin_people import text_of


def test_conflicts_and_accounts_lists_are_paged(organiser_client, event):
    partner = make_person(event, "partner", "Pia Partner")
    for number in range(5):
        team = make_team(event, f"Conflict team {number}")
        db.session.add(Conflict(event_id=event.id, enterprise_id=team.id,
                                partner_id=partner.id, reason=f"reason {number}"))
    for number in range(4):
        db.session.add(User(email=f"scanner{number}@example.org", role="scanner",
                            name=f"Scanner {number}"))
    db.session.commit()
    response = organiser_client.get("/admin/conflicts?per_page=2&page=3")
    assert "Page 3 of 3, 5 found" in text_of(response)
    assert re.findall(r"<td>(Conflict team \d)</td>", text_of(response)) == ["Conflict team 4"]
    response = organiser_client.get("/admin/conflicts?q=reason 1&sort=partner")
    assert "Page 1 of 1, 1 found" in text_of(response)
    assert re.findall(r"<td>(Conflict team \d)</td>", text_of(response)) == ["Conflict team 1"]
    response = organiser_client.get("/admin/accounts?role=scanner&sort=email&dir=desc"
                                    "&per_page=3")
    text = text_of(response)
    assert "Page 1 of 2, 4 found" in text
    assert text.index("scanner3@") < text.index("scanner1@")
    assert "scanner0@" not in text and "organiser@example.org" not in text


def test_conflict_and_account_queries_do_not_grow(organiser_client, event):
    partner = make_person(event, "partner", "Pia Partner")

    def add(offset: int, count: int) -> None:
        for number in range(offset, offset + count):
            team = make_team(event, f"Team {number}")
            db.session.add(Conflict(event_id=event.id, enterprise_id=team.id,
                                    partner_id=partner.id))
            db.session.add(User(email=f"c{number}@example.org", role="coach",
                                person=make_person(event, "coach", f"Coach {number}")))
        db.session.commit()

    add(0, 5)
    few = [count_statements(organiser_client, url)[0]
           for url in ("/admin/conflicts", "/admin/accounts?sort=coach")]
    add(100, 35)
    many = [count_statements(organiser_client, url)[0]
            for url in ("/admin/conflicts", "/admin/accounts?sort=coach")]
    assert many == few


def test_conflict_form_has_its_own_page(organiser_client, event):
    team = make_team(event, "Care farm")
    partner = make_person(event, "partner", "Pia Partner")
    page = organiser_client.get("/admin/conflicts").get_data(as_text=True)
    assert 'href="/admin/conflicts/new"' in page
    assert 'name="partner_id"' not in page  # the list does not carry every partner
    form = organiser_client.get("/admin/conflicts/new").get_data(as_text=True)
    assert f'<option value="{partner.id}">Pia Partner</option>' in form
    response = post_form(organiser_client, "/admin/conflicts/new",
                         {"enterprise_id": str(team.id), "partner_id": "999999"})
    assert response.status_code == 422 and "Partner: Not a valid choice." in text_of(response)
    response = post_form(organiser_client, "/admin/conflicts/new",
                         {"enterprise_id": str(team.id), "partner_id": str(partner.id)},
                         follow_redirects=True)
    assert response.request.path == "/admin/conflicts"
    assert "Pia Partner will not meet Care farm." in text_of(response)
    assert db.session.execute(db.select(db.func.count(Conflict.id))).scalar() == 1
