"""What the schedule pages show: the grid (sessions by teams) and the views per partner, per
coach and per room, all computed from one version and the records of `records.py`."""
from collections import defaultdict
from dataclasses import dataclass, field

from app.extensions import db
from app.models import Event, ScheduleVersion
from app.services.schedule.records import ScheduleRecords, load_records
from app.services.schedule.store import USABLE, latest_version
from app.services.schedule.versions import by_number


@dataclass
class Placement:
    """One version read into lookups by key."""

    meetings: dict[tuple[str, str], list[str]]      # (session, team) -> partner keys
    partner_at: dict[tuple[str, str], str]          # (partner, session) -> team key
    room_of: dict[tuple[str, str], str]             # (session, team) -> room key
    coach_of: dict[str, str]                        # team -> coach key
    team_values: dict[str, int]


def read_placement(version: ScheduleVersion) -> Placement:
    data = version.data or {}
    meetings, partner_at = defaultdict(list), {}
    for m in data.get("meetings") or []:
        meetings[(m["session"], m["team"])].append(m["partner"])
        partner_at[(m["partner"], m["session"])] = m["team"]
    return Placement(
        meetings=meetings, partner_at=partner_at,
        room_of={(r["session"], r["team"]): r["room"] for r in data.get("rooms") or []},
        coach_of={c["team"]: c["coach"] for c in data.get("coaches") or []},
        team_values={str(k): v for k, v in (data.get("team_values") or {}).items()})


def choose_version(event: Event, number: int | None = None) -> ScheduleVersion | None:
    """Version `number` of the event (None if it has none such), or the latest usable one."""
    return latest_version(event) if number is None else by_number(event, number)


def is_editable(event: Event, version: ScheduleVersion | None) -> bool:
    """Edits apply to the latest usable version: only its grid offers them."""
    if version is None or version.status not in USABLE:
        return False
    # Only the number: loading the latest version's data again would double the page's work.
    latest = db.session.execute(
        db.select(db.func.max(ScheduleVersion.version))
        .filter_by(event_id=event.id).filter(ScheduleVersion.status.in_(USABLE))).scalar()
    return latest == version.version


@dataclass
class Cell:
    session: object
    team: object
    anchor: str
    partners: list[dict] = field(default_factory=list)   # {key, name, matching, pinned}
    room: object | None = None
    room_pinned: bool = False


# A grid page shows this many teams side by side: the demo's 16 fit on one page, and at ten
# times the demo one page of all teams would be 1.6 MB of HTML and take a second to render.
TEAMS_PER_PAGE = 24


@dataclass
class Grid:
    version: ScheduleVersion
    records: ScheduleRecords
    placement: Placement
    teams: list[object]                              # the teams of this page
    rows: list[tuple[object, list[Cell]]]            # (session, cells in team order)
    team_coach: dict[str, object]                    # team key -> coach row or None
    coach_pinned: set[str]                           # team keys whose coach is pinned
    free_partners: dict[str, list[object]]           # session key -> available, not busy
    page: int = 1
    pages: list[tuple[int, str, str]] = field(default_factory=list)  # (page, first, last team)


def cell_anchor(session_key: str, team_key: str) -> str:
    return f"cell-{session_key}-{team_key}"


def team_pages(teams: list, per_page: int = TEAMS_PER_PAGE) -> list[tuple[int, str, str]]:
    return [(n // per_page + 1, teams[n].name, teams[min(n + per_page, len(teams)) - 1].name)
            for n in range(0, len(teams), per_page)]


def build_grid(event: Event, version: ScheduleVersion, records: ScheduleRecords | None = None,
               page: int = 1, per_page: int = TEAMS_PER_PAGE) -> Grid:
    """The grid of `version` for one page of teams (columns) and every sparring session."""
    records = records or load_records(event)
    placement = read_placement(version)
    pages = team_pages(records.teams, per_page)
    page = min(max(page, 1), max(len(pages), 1))
    teams = records.teams[(page - 1) * per_page:page * per_page]
    fixed = event.schedule_fixed or {}
    pinned_meetings = {(m.get("session"), m.get("team"), m.get("partner"))
                       for m in fixed.get("meetings") or []}
    pinned_rooms = {(r.get("session"), r.get("team")) for r in fixed.get("rooms") or []}
    rows = []
    for session in records.sparring:
        cells = []
        for team in teams:
            needs = set((team.needs or {}).get(session.stage or "", []))
            cell = Cell(session=session, team=team, anchor=cell_anchor(session.key, team.key))
            for key in placement.meetings.get((session.key, team.key), []):
                partner = records.by_key.get(key)
                skills = list(getattr(partner, "skills", None) or [])
                cell.partners.append({
                    "key": key, "name": records.name(key),
                    "skills": [(records.skills.get(s, s), s in needs) for s in skills],
                    "pinned": (session.key, team.key, key) in pinned_meetings})
            room_key = placement.room_of.get((session.key, team.key))
            cell.room = records.by_key.get(room_key) if room_key else None
            cell.room_pinned = (session.key, team.key) in pinned_rooms
            cells.append(cell)
        rows.append((session, cells))
    free = {s.key: [p for p in records.partners if s.key in records.available[p.key]
                    and (p.key, s.key) not in placement.partner_at]
            for s in records.sparring}
    return Grid(version=version, records=records, placement=placement, teams=teams, rows=rows,
                team_coach={t.key: records.by_key.get(placement.coach_of.get(t.key, ""))
                            for t in teams},
                coach_pinned={c.get("team") for c in fixed.get("coaches") or []},
                free_partners=free, page=page, pages=pages)


def partner_view(records: ScheduleRecords, placement: Placement) -> list[dict]:
    """Per partner: their meetings (session, team, room) and the sessions they are idle in."""
    views = []
    for partner in records.partners:
        meetings, idle = [], []
        for session in records.sparring:
            team_key = placement.partner_at.get((partner.key, session.key))
            if team_key:
                room = records.by_key.get(placement.room_of.get((session.key, team_key), ""))
                meetings.append({"session": session, "team": records.by_key.get(team_key),
                                 "room": room})
            elif session.key in records.available[partner.key]:
                idle.append(session)
        views.append({"partner": partner, "meetings": meetings, "idle": idle})
    return views


def coach_view(records: ScheduleRecords, placement: Placement) -> list[dict]:
    """Per coach: their teams, and per team its sessions with partners and room."""
    teams_of = defaultdict(list)
    for team in records.teams:
        coach_key = placement.coach_of.get(team.key)
        if coach_key:
            teams_of[coach_key].append(team)
    views = []
    for coach in records.coaches:
        teams = []
        for team in teams_of[coach.key]:
            sessions = [{"session": s,
                         "partners": [records.name(p) for p in
                                      placement.meetings.get((s.key, team.key), [])],
                         "room": records.by_key.get(placement.room_of.get((s.key, team.key), ""))}
                        for s in records.sparring]
            teams.append({"team": team, "sessions": sessions,
                          "value": placement.team_values.get(team.key)})
        views.append({"coach": coach, "teams": teams, "max_teams": coach.max_teams})
    return views


def room_view(records: ScheduleRecords, placement: Placement) -> list[dict]:
    """Per room and session: the teams in it and the people (team sizes plus their partners)
    against its capacity."""
    inside = defaultdict(list)                       # (room, session) -> team keys
    for (session_key, team_key), room_key in placement.room_of.items():
        inside[(room_key, session_key)].append(team_key)
    views = []
    for room in records.rooms:
        sessions = []
        for session in records.sparring:
            team_keys = sorted(inside.get((room.key, session.key), []),
                               key=lambda k: records.name(k))
            people = sum(records.team_size.get(k, 0)
                         + len(placement.meetings.get((session.key, k), [])) for k in team_keys)
            sessions.append({"session": session,
                             "teams": [records.by_key[k] for k in team_keys
                                       if k in records.by_key],
                             "people": people,
                             "over": people > room.capacity or len(team_keys) > room.max_teams})
        views.append({"room": room, "sessions": sessions})
    return views
