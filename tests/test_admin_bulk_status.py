"""Accept or reject the ticked rows of a list: one POST, all or nothing, through the
per-record status functions."""
import re

import pytest

from app.extensions import db
from app.models import Enterprise, Event, Person
from tests.conftest import csrf_token
from tests.helpers import make_person, make_team
from tests.test_admin_people import text_of


def statuses(model, ids) -> list[str]:
    db.session.expire_all()
    return [db.session.get(model, i).status for i in ids]


def bulk(client, url: str, ids, status: str, next_url: str | None = None, **kwargs):
    list_url = url.rsplit("/", 1)[0]
    data = {"csrf_token": csrf_token(client, list_url), "ids": [str(i) for i in ids],
            "status": status}
    if next_url:
        data["next"] = next_url
    return client.post(url, data=data, **kwargs)


def test_list_page_has_row_checkboxes_and_one_bulk_form(organiser_client, event):
    team = make_team(event, "Care farm")
    html = organiser_client.get("/admin/enterprises?status=pending").get_data(as_text=True)
    assert re.search(r'<form method="post" action="/admin/enterprises/bulk-status" id="bulk"',
                     html)
    assert f'<input type="checkbox" name="ids" value="{team.id}" form="bulk" ' \
           f'aria-label="Select Care farm">' in html
    assert 'name="status" value="accepted"' in html and "Accept selected" in html
    assert "Reject selected" in html
    assert '<input type="hidden" name="next" value="/admin/enterprises?status=pending">' in html
    assert 'data-select-all="bulk"' in html and "/static/js/select_all.js" in html


def test_bulk_accept_enterprises_and_their_members(organiser_client, event):
    teams = [make_team(event, f"Team {n}", members=2) for n in range(3)]
    ids = [t.id for t in teams[:2]]
    response = bulk(organiser_client, "/admin/enterprises/bulk-status", ids, "accepted",
                    next_url="/admin/enterprises?status=pending", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/admin/enterprises"
    assert response.request.args["status"] == "pending"
    assert "2 enterprises accepted" in text_of(response)
    assert statuses(Enterprise, ids + [teams[2].id]) == ["accepted", "accepted", "pending"]
    members = db.session.execute(db.select(Person.status).filter(
        Person.enterprise_id.in_(ids))).scalars().all()
    assert members == ["accepted"] * 4
    response = bulk(organiser_client, "/admin/enterprises/bulk-status", [teams[2].id],
                    "rejected", follow_redirects=True)
    assert "1 enterprise rejected" in text_of(response)
    assert statuses(Enterprise, [teams[2].id]) == ["rejected"]


@pytest.mark.parametrize("kind, role, message", [
    ("partners", "partner", "2 sparring partners rejected"),
    ("coaches", "coach", "2 coaches rejected"),
])
def test_bulk_reject_people(organiser_client, event, kind, role, message):
    people = [make_person(event, role, f"{role} {n}", status="accepted") for n in range(3)]
    ids = [p.id for p in people[1:]]
    response = bulk(organiser_client, f"/admin/{kind}/bulk-status", ids, "rejected",
                    follow_redirects=True)
    assert response.request.path == f"/admin/{kind}"
    assert message in text_of(response)
    assert statuses(Person, [p.id for p in people]) == ["accepted", "rejected", "rejected"]


def test_ids_of_another_kind_or_unknown_change_nothing(organiser_client, event):
    partner = make_person(event, "partner", "Paula")
    coach = make_person(event, "coach", "Carla")
    response = bulk(organiser_client, "/admin/partners/bulk-status",
                    [partner.id, coach.id, 9999], "accepted", follow_redirects=True)
    assert f"no sparring partner of this event has the id {coach.id}, 9999; nothing was " \
           f"changed" in text_of(response)
    assert statuses(Person, [partner.id, coach.id]) == ["pending", "pending"]
    team = make_team(event, "Care farm")
    response = bulk(organiser_client, "/admin/enterprises/bulk-status",
                    [team.id, partner.id + 1000], "accepted", follow_redirects=True)
    assert "no enterprise of this event has the id" in text_of(response)
    assert statuses(Enterprise, [team.id]) == ["pending"]


def test_ids_of_another_event_are_refused(organiser_client, event):
    from datetime import date

    other = Event(name="Other", starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 2))
    db.session.add(other)
    db.session.commit()
    foreign = make_team(other, "Foreign team")
    response = bulk(organiser_client, "/admin/enterprises/bulk-status", [foreign.id],
                    "accepted", follow_redirects=True)
    assert f"no enterprise of this event has the id {foreign.id}" in text_of(response)
    assert statuses(Enterprise, [foreign.id]) == ["pending"]


def test_nothing_ticked_says_so(organiser_client, event):
    make_team(event, "Care farm")
    response = bulk(organiser_client, "/admin/enterprises/bulk-status", [], "accepted",
                    follow_redirects=True)
    assert "select at least one row" in text_of(response)


@pytest.mark.parametrize("ids, status", [(["abc"], "accepted"), (["1"], "bogus"),
                                         (["1"], "")])
def test_bad_input_is_400_not_a_stack_trace(organiser_client, event, ids, status):
    team = make_team(event, "Care farm")
    token = csrf_token(organiser_client, "/admin/enterprises")
    response = organiser_client.post("/admin/enterprises/bulk-status",
                                     data={"csrf_token": token, "ids": ids, "status": status})
    assert response.status_code == 400
    assert "Choose accept or reject" in text_of(response)
    assert statuses(Enterprise, [team.id]) == ["pending"]


def test_bulk_needs_csrf_and_an_organiser(organiser_client, client, event, coach):
    team = make_team(event, "Pending team")
    response = organiser_client.post("/admin/enterprises/bulk-status",
                                     data={"ids": [str(team.id)], "status": "accepted"})
    assert response.status_code == 400
    assert statuses(Enterprise, [team.id]) == ["pending"]
    organiser_client.post("/auth/logout", data={"csrf_token": csrf_token(
        organiser_client, "/admin/enterprises")})
    from tests.conftest import login

    login(client, "coach1@example.org")
    token = csrf_token(client, "/board/")
    response = client.post("/admin/enterprises/bulk-status",
                           data={"csrf_token": token, "ids": [str(team.id)],
                                 "status": "accepted"})
    assert response.status_code == 403
    assert statuses(Enterprise, [team.id]) == ["pending"]


def test_bulk_goes_through_the_per_record_status_functions(app, event):
    """set_statuses calls set_enterprise_status per team (members follow) and commits once."""
    from sqlalchemy import event as sa_event

    from app.services.bulk_status import set_statuses
    from app.services.checks import ValidationFailed

    teams = [make_team(event, f"T{n}", members=2) for n in range(3)]
    commits = []

    def count(_session):
        commits.append(1)

    session = db.session()
    sa_event.listen(session, "after_commit", count)
    try:
        assert set_statuses(event, "enterprise", [t.id for t in teams], "accepted") == 3
    finally:
        sa_event.remove(session, "after_commit", count)
    assert len(commits) == 1
    assert {m.status for t in teams for m in t.members} == {"accepted"}
    with pytest.raises(ValidationFailed) as failed:
        set_statuses(event, "coach", [teams[0].id], "rejected")
    assert list(failed.value.errors) == ["ids"]
    with pytest.raises(ValidationFailed) as failed:
        set_statuses(event, "enterprise", [teams[0].id], "maybe")
    assert list(failed.value.errors) == ["status"]
    assert statuses(Enterprise, [t.id for t in teams]) == ["accepted"] * 3


def test_row_buttons_send_the_bulk_form_to_the_record(organiser_client, event):
    """A row's Accept button sends the list's one form (its CSRF token, `next`, any ticked
    ids) to that record's own status URL: only that record changes."""
    first, second = make_team(event, "First"), make_team(event, "Second")
    html = organiser_client.get("/admin/enterprises?q=s").get_data(as_text=True)
    assert (f'<button type="submit" form="bulk" formaction="/admin/enterprises/{first.id}/'
            f'status" name="status" value="accepted"') in html
    assert html.count("<form") < 10  # no form per row
    data = {"csrf_token": csrf_token(organiser_client, "/admin/enterprises"),
            "ids": [str(second.id)], "status": "accepted", "next": "/admin/enterprises?q=s"}
    response = organiser_client.post(f"/admin/enterprises/{first.id}/status", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/enterprises?q=s")
    assert statuses(Enterprise, [first.id, second.id]) == ["accepted", "pending"]
