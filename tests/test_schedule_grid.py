"""The schedule pages on the solved demo: the grid, the views per partner, coach and room,
the fairness summary, and the pages without a schedule."""
import re

import pytest

from app.extensions import db
from app.models import SolveJob
from app.services.schedule import summary as summaries
from app.services.schedule import views
from app.services.schedule.records import load_records
from tests.conftest import login
from tests.schedule_demo import DEMO_PASSWORD, solved_demo


@pytest.fixture
def solved(app, monkeypatch):
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    return solved_demo(app)


def organiser_login(client):
    login(client, "organiser@example.org", DEMO_PASSWORD)


def test_grid_shows_every_session_team_partner_and_room(client, solved):
    event, version = solved
    organiser_login(client)
    html = client.get("/schedule/").get_data(as_text=True)
    records = load_records(event)
    for team in records.teams:
        assert team.name in html
    for session in records.sparring:
        assert session.title in html
    for m in version.data["meetings"][:10]:
        cell = re.search(rf'id="cell-{m["session"]}-{m["team"]}".*?</td>', html, re.S).group(0)
        assert f'data-partner="{m["partner"]}"' in cell
    room = version.data["rooms"][0]
    cell = re.search(rf'id="cell-{room["session"]}-{room["team"]}".*?</td>', html, re.S).group(0)
    assert records.name(room["room"]) in cell
    assert 'href="/schedule/solve"' in html and 'href="/schedule/versions"' in html
    assert "Fairness" in html and "Gap from the bound" in html


def test_grid_highlights_skills_matching_the_stage_need(app, solved):
    event, version = solved
    grid = views.build_grid(event, version)
    marked = 0
    for session, cells in grid.rows:
        for cell in cells:
            needs = set((cell.team.needs or {}).get(session.stage, []))
            for p in cell.partners:
                partner = grid.records.by_key[p["key"]]
                for (_label, matching), tag in zip(p["skills"], partner.skills, strict=True):
                    assert matching == (tag in needs)
                    marked += matching
    assert marked > 0  # the demo's solve meets needs


def test_fairness_summary_matches_the_version(app, solved):
    event, version = solved
    records = load_records(event)
    placement = views.read_placement(version)
    s = summaries.summary(event, version, records, placement)
    values = version.data["team_values"]
    assert s["fairness"]["weakest"][0] == min(values.values())
    assert s["fairness"]["strongest"][0] == max(values.values())
    assert s["fairness"]["average"] == round(sum(values.values()) / len(values), 1)
    assert s["fairness"]["gap"] == summaries.gap_percent(version.objective, version.bound)
    assert summaries.gap_percent(90, 100) == 10.0


def test_unmet_needs_and_idle_partners(app, solved):
    event, version = solved
    records = load_records(event)
    placement = views.read_placement(version)
    # Strip every meeting of one team: all its needs its coach cannot cover are unmet.
    team = records.teams[0]
    for key in list(placement.meetings):
        if key[1] == team.key:
            placement.meetings[key] = []
    coach = records.by_key[placement.coach_of[team.key]]
    unmet = summaries.unmet_needs(records, placement)
    expected = {(g, s) for g, needs in team.needs.items() for s in needs
                if s not in set(coach.skills)}
    got = {(u["stage"], s) for u in unmet if u["team"].key == team.key
           for s in u["skills"]}
    assert got == {(g, records.skills.get(s, s)) for g, s in expected} and got
    # A partner who meets nobody but is available is idle.
    busy = {p for p, _ in placement.partner_at}
    idle = summaries.idle_partners(records, placement)
    assert all(p.key not in busy for p in idle)
    some = next(iter(busy))
    placement.partner_at = {k: v for k, v in placement.partner_at.items() if k[0] != some}
    assert some in {p.key for p in summaries.idle_partners(records, placement)}


def test_partner_coach_and_room_views(client, solved):
    event, version = solved
    organiser_login(client)
    records = load_records(event)
    m = version.data["meetings"][0]
    partner_html = client.get("/schedule/partners").get_data(as_text=True)
    block = re.search(rf'id="{m["partner"]}".*?</li>\s*</ul>', partner_html, re.S).group(0)
    assert records.name(m["team"]) in block
    coach_html = client.get("/schedule/coaches").get_data(as_text=True)
    c = version.data["coaches"][0]
    block = coach_html[coach_html.index(f'id="{c["coach"]}"'):]
    assert records.name(c["team"]) in block.split('class="card"')[0]
    room_view = views.room_view(records, views.read_placement(version))
    for row in room_view:
        for entry in row["sessions"]:
            assert entry["people"] <= row["room"].capacity and not entry["over"]
    room_html = client.get("/schedule/rooms").get_data(as_text=True)
    first = room_view[0]["sessions"][0]
    assert f'{first["people"]} of {room_view[0]["room"].capacity} people' in room_html


def test_earlier_version_is_viewable_but_not_editable(client, solved):
    event, version = solved
    from app.services.schedule.store import _store
    _store(event, dict(version.data), "solver")
    db.session.commit()
    organiser_login(client)
    old = client.get("/schedule/?version=1").get_data(as_text=True)
    assert "This is an earlier version" in old and 'value="pin:' not in old
    latest = client.get("/schedule/").get_data(as_text=True)
    assert "Version 2" in latest and 'value="pin:' in latest
    assert client.get("/schedule/?version=99").status_code == 404


def test_no_version_says_so_and_links_to_solve(organiser_client):
    for url in ["/schedule/", "/schedule/partners", "/schedule/coaches", "/schedule/rooms"]:
        html = organiser_client.get(url).get_data(as_text=True)
        assert "There is no schedule yet." in html and 'href="/schedule/solve"' in html, url


def test_infeasible_job_shows_its_explanation(organiser_client, event):
    db.session.add(SolveJob(event_id=event.id, status="done", result_status="infeasible",
                            explanation=["session s2: 3 teams need 3 partners, only 1 is "
                                         "available"]))
    db.session.commit()
    html = organiser_client.get("/schedule/").get_data(as_text=True)
    assert "no schedule is possible" in html and "only 1 is available" in html


def test_pages_need_an_organiser(app, solved):
    anonymous, coach = app.test_client(), app.test_client()
    login(coach, "coach1@example.org", DEMO_PASSWORD)
    for url in ["/schedule/", "/schedule/partners", "/schedule/coaches", "/schedule/rooms"]:
        assert coach.get(url).status_code == 403
        response = anonymous.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_grid_uses_a_few_queries_whatever_the_size(client, solved):
    from sqlalchemy import event as sa_event
    organiser_login(client)
    statements = []

    def count(*args):
        statements.append(args[2])
    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/schedule/").status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 20, statements


def test_an_opened_cell_offers_free_partners_moves_and_rooms(client, solved):
    event, version = solved
    organiser_login(client)
    m = version.data["meetings"][0]
    anchor = f"cell-{m['session']}-{m['team']}"
    html = client.get(f"/schedule/?cell={anchor}").get_data(as_text=True)
    cell = re.search(rf'id="{anchor}".*?</td>', html, re.S).group(0)
    records = load_records(event)
    offered = set(re.findall(r'<option value="(p\d+)"', cell))
    busy = {x["partner"] for x in version.data["meetings"] if x["session"] == m["session"]}
    free = {p.key for p in records.partners if m["session"] in records.available[p.key]} - busy
    assert offered == free
    assert f'value="move:{m["partner"]}"' in cell and 'name="to_session"' in cell
    assert all(f'<option value="{r.key}"' in cell for r in records.rooms)
    assert html.count('name="to_session"') == cell.count('name="to_session"')  # one cell open


def test_a_large_grid_shows_its_teams_in_pages(app, solved):
    event, version = solved
    records = load_records(event)
    grid = views.build_grid(event, version, records, page=2, per_page=5)
    assert [t.key for t in grid.teams] == [t.key for t in records.teams[5:10]]
    assert [c.team.key for c in grid.rows[0][1]] == [t.key for t in grid.teams]
    assert len(grid.pages) == 4 and grid.pages[1] == (2, records.teams[5].name,
                                                       records.teams[9].name)
    assert views.build_grid(event, version, records, page=99, per_page=5).page == 4
