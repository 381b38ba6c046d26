"""The board card's current and next session, with partners and room once a schedule is out."""
from datetime import UTC, datetime

from app.extensions import db, socketio
from app.models import Enterprise, EventSession, Person, Room, ScheduleVersion
from app.services.live.snapshot import board_snapshot

# 09:30 in Berlin (summer time) on the Saturday: Sparring 1 runs, Sparring 2 is next.
DURING_SPARRING_1 = datetime(2023, 9, 23, 7, 30, tzinfo=UTC)


def _publish(event, team, partner, session, room):
    db.session.add(ScheduleVersion(
        event_id=event.id, version=1, status="optimal", published=True,
        published_at=datetime(2023, 9, 20), data={
            "status": "optimal", "meetings": [
                {"session": session.key, "team": team.key, "partner": partner.key}],
            "rooms": [{"session": session.key, "team": team.key, "room": room.key}],
            "coaches": [], "team_values": {}, "explanation": []}))
    db.session.commit()


def test_before_a_schedule_the_card_has_the_sessions_but_no_meetings(app, coach, event):
    snapshot = board_snapshot(event, now=DURING_SPARRING_1)
    [team] = snapshot["teams"]
    assert team["now"]["title"] == "Sparring 1" and team["now"]["ends_at"] == "2023-09-23T10:30"
    assert team["next"]["title"] == "Sparring 2"
    assert team["now"]["partners"] == [] and snapshot["schedule"]["published"] is None
    # The board asks again when Sparring 1 ends (08:30 UTC).
    assert snapshot["schedule"]["refresh_at"] == "2023-09-23T08:30:00Z"


def test_the_published_schedule_names_partners_and_room(app, coach, event):
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    partner = Person(event_id=event.id, role="partner", name="Paula Partner", status="accepted",
                     email="paula@example.org", languages=["en"], partner_kind="creative")
    db.session.add(partner)
    db.session.commit()
    sparring_1 = db.session.execute(
        db.select(EventSession).filter_by(title="Sparring 1")).scalar_one()
    barn = db.session.execute(db.select(Room).filter_by(name="Barn")).scalar_one()
    _publish(event, team, partner, sparring_1, barn)
    snapshot = board_snapshot(event, now=DURING_SPARRING_1)
    [card] = snapshot["teams"]
    assert card["now"]["partners"] == ["Paula Partner"] and card["now"]["room"] == "Barn"
    assert card["next"]["partners"] == []
    assert snapshot["schedule"]["published"] == 1


def test_after_the_last_session_nothing_is_current_or_next(app, coach, event):
    [card] = board_snapshot(event, now=datetime(2023, 9, 25, tzinfo=UTC))["teams"]
    assert card["now"] is None and card["next"] is None


def test_the_snapshot_on_connect_carries_the_sessions(app, coach_client, event):
    live = socketio.test_client(app, namespace="/live", flask_test_client=coach_client)
    [snapshot] = [r["args"][0] for r in live.get_received("/live")
                  if r["name"] == "board_snapshot"]
    assert set(snapshot["teams"][0]) >= {"now", "next"} and "schedule" in snapshot
