"""Teams move through the design-thinking stages and ask for help; every change is kept.

Who may: organisers for any team, a coach for the teams they coach, a team's members (by their
personal link) for their own help flag. The routes, the API and the socket handlers all call
these functions, which check the rights themselves.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Enterprise, Event, HelpRequest, Person, StageChange, User
from app.services.checks import NotAllowed, ValidationFailed
from app.services.live import broadcast
from app.services.live.names import HELP_CHANGED, STAGE_CHANGED
from app.services.record_checks import Problems, optional_text

NOTE_LENGTH = 500
CLIENT_ID_LENGTH = 64


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an account (organiser or coach) or a team member's personal link."""
    name: str
    user: User | None = None
    person: Person | None = None

    @classmethod
    def of_user(cls, user: User) -> "Actor":
        return cls(name=user.name or user.email, user=user)

    @classmethod
    def of_person(cls, person: Person) -> "Actor":
        return cls(name=person.name, person=person)


def iso(moment: datetime | None) -> str | None:
    """A stored UTC moment as ISO 8601 with 'Z'."""
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def coaches_team(user: User | None, team: Enterprise) -> bool:
    return bool(user and user.role == "coach" and team.coach is not None
                and team.coach.id == user.person_id)


def may_move(actor: Actor, team: Enterprise) -> bool:
    user = actor.user
    return bool(user and user.active and (user.role == "organiser" or coaches_team(user, team)))


def may_flag_help(actor: Actor, team: Enterprise) -> bool:
    if actor.person is not None:
        return (actor.person.enterprise_id == team.id and actor.person.role == "member"
                and actor.person.status in ("pending", "accepted"))
    return may_move(actor, team)


def one_line(value) -> str:
    """Notes come from phones: line breaks and runs of spaces become one space."""
    return " ".join(str(value or "").split())


def _note(value, problems: Problems) -> str:
    return optional_text({"note": one_line(value)}, "note", problems, NOTE_LENGTH)


def stage_view(change: StageChange) -> dict:
    return {"team": change.enterprise_id, "stage": change.stage, "previous": change.previous,
            "at": iso(change.created_at), "by": change.by_name, "note": change.note}


def move_stage(team: Enterprise, stage, actor: Actor, note="", client_id=None) -> dict:
    """Move the team to `stage` (forward or back), keep the change and tell every board.

    A move sent again with the same client id (a phone retrying) is recorded once: the first
    move is answered again. Raises NotAllowed or ValidationFailed (field -> messages)."""
    if not may_move(actor, team):
        raise NotAllowed(_("Only the team's coach and organisers may move this team."))
    problems = Problems()
    stages = list(db.session.get(Event, team.event_id).stages or [])
    if stage not in stages:
        problems.add("stage", _("unknown stage '%(stage)s' (one of %(stages)s)",
                                stage=str(stage)[:50], stages=", ".join(stages)))
    note = _note(note, problems)
    client_id = optional_text({"client_id": client_id}, "client_id", problems,
                              CLIENT_ID_LENGTH) or None
    problems.raise_if_any()
    if client_id:
        earlier = _earlier_move(team, client_id)
        if earlier is not None:
            return stage_view(earlier)
    change = StageChange(event_id=team.event_id, enterprise_id=team.id, previous=team.stage,
                         stage=stage, note=note, by_user_id=actor.user.id, by_name=actor.name,
                         client_id=client_id, created_at=datetime.utcnow())
    team.stage, team.stage_since = stage, change.created_at
    db.session.add(change)
    try:
        db.session.flush()
    except IntegrityError:  # the same retry, arrived at the same moment through another process
        db.session.rollback()
        return stage_view(_earlier_move(team, client_id))
    view = stage_view(change)
    broadcast.queue_event(team.event_id, STAGE_CHANGED, {**view, "team_name": team.name},
                          team_id=team.id)
    db.session.commit()
    return view


def _earlier_move(team: Enterprise, client_id: str) -> StageChange | None:
    return db.session.execute(db.select(StageChange).filter_by(
        enterprise_id=team.id, client_id=client_id)).scalar_one_or_none()


def stage_changes(team_ids: list[int]) -> dict[int, list[StageChange]]:
    """The moves of these teams, oldest first, in one query: team id -> moves."""
    changes: dict[int, list[StageChange]] = {}
    for change in db.session.execute(
            db.select(StageChange).filter(StageChange.enterprise_id.in_(team_ids))
            .order_by(StageChange.created_at, StageChange.id)).scalars():
        changes.setdefault(change.enterprise_id, []).append(change)
    return changes


def stage_history(team: Enterprise) -> list[dict]:
    """Every move of the team, oldest first."""
    return [stage_view(change) for change in stage_changes([team.id]).get(team.id, [])]


# Help requests

def open_help(team: Enterprise) -> HelpRequest | None:
    return open_help_requests(team.event_id, [team.id]).get(team.id)


def open_help_requests(event_id: int, team_ids: list[int] | None = None
                       ) -> dict[int, HelpRequest]:
    """The open request of each team that has one (of the event, or of these teams), in one
    query, oldest first: team id -> request."""
    query = db.select(HelpRequest).filter_by(event_id=event_id, closed_at=None)
    if team_ids is not None:
        query = query.filter(HelpRequest.enterprise_id.in_(team_ids))
    requests: dict[int, HelpRequest] = {}
    for request in db.session.execute(query.order_by(HelpRequest.raised_at,
                                                     HelpRequest.id)).scalars():
        requests[request.enterprise_id] = request  # the newest, should there be two
    return requests


def help_view(team: Enterprise, request: HelpRequest | None) -> dict:
    if request is None:
        return {"team": team.id, "needed": False, "note": "", "at": None, "by": None,
                "claimed_by": None}
    is_open = request.closed_at is None
    return {"team": team.id, "needed": is_open, "note": request.note,
            "at": iso(request.raised_at if is_open else request.closed_at),
            "by": request.raised_by if is_open else request.closed_by,
            "claimed_by": request.claimed_by if is_open else None}


def set_help(team: Enterprise, needed: bool, actor: Actor, note="") -> dict:
    """Raise the team's help flag (or change its note), or close it."""
    if not may_flag_help(actor, team):
        raise NotAllowed(_("Only the team, its coach and organisers may ask for help for it."))
    problems = Problems()
    note = _note(note, problems)
    problems.raise_if_any()
    request = open_help(team)
    now = datetime.utcnow()
    if needed:
        if request is None:
            request = HelpRequest(event_id=team.event_id, enterprise_id=team.id, note=note,
                                  raised_by=actor.name, raised_at=now)
            db.session.add(request)
        elif note:
            request.note = note
    elif request is not None:
        request.closed_at, request.closed_by = now, actor.name
    else:
        return help_view(team, None)  # nothing open: nothing changes, nobody is told
    db.session.flush()
    return _announce_help(team, request)


def claim_help(team: Enterprise, actor: Actor) -> dict:
    """A coach (or organiser) answers "on my way" to the team's open request."""
    if actor.user is None or actor.user.role not in ("organiser", "coach"):
        raise NotAllowed(_("Only coaches and organisers may take a help request."))
    request = open_help(team)
    if request is None:
        raise ValidationFailed({"help": [_("%(team)s has no open help request.",
                                           team=team.name)]})
    request.claimed_by, request.claimed_at = actor.name, datetime.utcnow()
    return _announce_help(team, request)


def _announce_help(team: Enterprise, request: HelpRequest) -> dict:
    view = help_view(team, request)
    broadcast.queue_event(team.event_id, HELP_CHANGED, {**view, "team_name": team.name},
                          team_id=team.id)
    db.session.commit()
    return view
