"""Plain dataclasses for instances, schedules and check reports (no solver code here)."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("optimal", "feasible", "infeasible", "unknown", "invalid")


class InvalidInstance(ValueError):
    """Raised by :func:`scheduler.parse_instance`; ``messages`` names every offending entry."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages) or "invalid instance")


@dataclass(frozen=True)
class Session:
    id: str
    start: str | None
    end: str | None
    stage: str | None
    kind: str

    @property
    def sparring(self) -> bool:
        return self.kind == "sparring"


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    capacity: int
    max_teams: int = 1


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    size: int
    languages: tuple[str, ...]
    needs: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    wishes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    available: tuple[str, ...]
    max_sessions: int
    wishes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coach:
    id: str
    name: str
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    max_teams: int


@dataclass(frozen=True)
class Weights:
    base: int = 1
    skill: int = 10
    wish: int = 5
    coach: int = 3
    fairness: int | None = None  # None: the number of teams
    change: int = 100


@dataclass(frozen=True)
class Rules:
    min_partners: int = 1
    max_partners: int = 3
    partner_max_sessions: int = 0
    max_repeat: int = 1
    weights: Weights = Weights()


@dataclass(frozen=True, order=True)
class Meeting:
    session: str
    team: str
    partner: str

    def to_dict(self) -> dict:
        return {"session": self.session, "team": self.team, "partner": self.partner}


@dataclass(frozen=True, order=True)
class CoachAssignment:
    team: str
    coach: str

    def to_dict(self) -> dict:
        return {"team": self.team, "coach": self.coach}


@dataclass(frozen=True, order=True)
class RoomAssignment:
    session: str
    team: str
    room: str

    def to_dict(self) -> dict:
        return {"session": self.session, "team": self.team, "room": self.room}


@dataclass(frozen=True)
class Fixed:
    meetings: tuple[Meeting, ...] = ()
    coaches: tuple[CoachAssignment, ...] = ()
    rooms: tuple[RoomAssignment, ...] = ()


@dataclass
class Schedule:
    """A solver result, exactly the JSON output format of the spec (see ``to_dict``)."""

    status: str
    objective: int | None = None
    bound: int | None = None
    solve_seconds: float = 0.0
    coaches: list[CoachAssignment] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    rooms: list[RoomAssignment] = field(default_factory=list)
    team_values: dict[str, int] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)

    @property
    def has_schedule(self) -> bool:
        return self.status in ("optimal", "feasible")

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "solve_seconds": round(float(self.solve_seconds), 3),
            "coaches": [c.to_dict() for c in sorted(self.coaches)],
            "meetings": [m.to_dict() for m in sorted(self.meetings)],
            "rooms": [r.to_dict() for r in sorted(self.rooms)],
            "team_values": dict(sorted(self.team_values.items())),
            "explanation": list(self.explanation),
        }


@dataclass
class Instance:
    """A parsed and validated instance with all defaults of the spec applied."""

    event: dict
    stages: tuple[str, ...]
    sessions: tuple[Session, ...]
    rooms: tuple[Room, ...]
    teams: tuple[Team, ...]
    partners: tuple[Partner, ...]
    coaches: tuple[Coach, ...]
    rules: Rules
    forbidden: tuple[tuple[str, str], ...] = ()  # (team, partner)
    fixed: Fixed = Fixed()
    previous: Schedule | None = None
    raw: dict | None = field(default=None, repr=False, compare=False)

    @property
    def sparring_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.sparring)

    @property
    def fairness_weight(self) -> int:
        w = self.rules.weights.fairness
        return len(self.teams) if w is None else w


@dataclass(frozen=True)
class Violation:
    rule: str  # "H1" .. "H10", or "REF" for entries naming unknown ids
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class CheckReport:
    """Result of :func:`scheduler.check`: violations plus the independently recomputed values."""

    violations: list[Violation]
    objective: int
    team_values: dict[str, int]
    changed: int = 0
    reported_objective: int | None = None

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rules_broken(self) -> set[str]:
        return {v.rule for v in self.violations}

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "violations": [{"rule": v.rule, "message": v.message} for v in self.violations],
            "objective": self.objective,
            "reported_objective": self.reported_objective,
            "team_values": dict(self.team_values),
            "changed": self.changed,
        }


@dataclass(frozen=True)
class Progress:
    """Passed to the ``progress`` callback of :func:`scheduler.solve` on every improvement."""

    objective: int
    bound: int
    seconds: float
