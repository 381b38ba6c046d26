"""The organiser's overview counts and the board's columns and own-team marker."""
import re

from app.extensions import db
from app.models import Enterprise, Person
from tests.helpers import count_statements, make_person, make_team


def stats(html: str) -> dict[str, int]:
    """label -> number of the dashboard's tiles."""
    return {label.strip(): int(number) for number, label in re.findall(
        r'<div class="stat"><strong>(\d+)</strong>([^<]+)</div>', html)}


def test_dashboard_counts_pending_coaches_and_members_by_status(organiser_client, coach,
                                                                event):
    # coach fixture: Carla (accepted coach) and Care farm with Marco (accepted member).
    make_person(event, "coach", "Pending Coach")
    make_person(event, "coach", "Other Pending Coach")
    make_team(event, "Pending team", members=2)
    make_team(event, "Rejected team", status="rejected", members=3)
    tiles = stats(organiser_client.get("/admin/").get_data(as_text=True))
    assert tiles["coaches accepted"] == 1
    assert tiles["coaches pending"] == 2
    assert tiles["team members accepted"] == 1
    assert tiles["team members pending"] == 2
    assert "team members" not in tiles  # no longer a count over every status


def board_columns(html: str) -> list[tuple[str, list[str]]]:
    """(heading, team names) of each board column, in order."""
    columns = []
    for section in re.findall(r'<section class="board-column".*?</section>', html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)<span", section, re.S).group(1).strip()
        columns.append((heading, re.findall(r"<strong>([^<]+)</strong>", section)))
    return columns


def test_board_shows_teams_without_stage_under_not_started_first(organiser_client, event):
    make_team(event, "Fresh team", status="accepted", stage=None)
    make_team(event, "Defining team", status="accepted", stage="define")
    make_team(event, "Empathizing team", status="accepted", stage="empathize")
    columns = board_columns(organiser_client.get("/board/").get_data(as_text=True))
    assert columns[0] == ("Not started", ["Fresh team"])
    assert columns[1] == ("Empathize", ["Empathizing team"])
    assert columns[2] == ("Define", ["Defining team"])
    assert [heading for heading, _teams in columns] == [
        "Not started", "Empathize", "Define", "Ideate", "Prototype", "Test"]


def test_coach_sees_own_teams_marked_in_words(coach_client, event):
    other = make_person(event, "coach", "Dieter Coach", status="accepted")
    make_team(event, "Other team", status="accepted", stage="empathize", coach=other)
    html = coach_client.get("/board/").get_data(as_text=True)
    cards = dict(re.findall(r'<li class="card board-team[^"]*"[^>]*>\s*<strong>([^<]+)</strong>'
                            r'(.*?)</li>', html, re.S))
    # Visible words (not colour alone), which screen readers read with the card.
    assert '<span class="badge own-marker">Your team</span>' in cards["Care farm"]
    assert "Your team" not in cards["Other team"]


def test_board_queries_do_not_grow_with_teams(organiser_client, event):
    def count() -> int:
        return count_statements(organiser_client, "/board/")[0]

    coach_person = make_person(event, "coach", "Carla", status="accepted")
    make_team(event, "T0", status="accepted", coach=coach_person)
    few = count()
    for number in range(1, 8):
        make_team(event, f"T{number}", status="accepted", coach=make_person(
            event, "coach", f"Coach {number}", status="accepted"))
    assert count() == few
    assert db.session.execute(db.select(db.func.count()).select_from(Enterprise)).scalar() == 8
    assert db.session.execute(db.select(db.func.count()).select_from(Person).filter_by(
        role="coach")).scalar() == 8


def test_the_dashboard_links_the_schedule_the_scanner_and_every_print(organiser_client):
    html = organiser_client.get("/admin/").get_data(as_text=True)
    for href in ("/schedule/", "/scan", "/admin/badges.pdf?size=a6",
                 "/admin/badges.pdf?size=cr80", "/schedule/agendas.pdf", "/schedule/signs.pdf"):
        assert f'href="{href}"' in html, href
