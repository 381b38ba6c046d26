"""Parsing and validation of instance and schedule JSON (dicts) into dataclasses.

Every problem found is collected (not just the first) and reported through
:class:`InvalidInstance`, each message naming the offending entry.
"""

from __future__ import annotations

import json
from pathlib import Path

from .types import (
    STATUSES,
    Coach,
    CoachAssignment,
    Fixed,
    Instance,
    InvalidInstance,
    Meeting,
    Partner,
    Room,
    RoomAssignment,
    Rules,
    Schedule,
    Session,
    Team,
    Weights,
)


class _Errors(list):
    def add(self, msg: str) -> None:
        self.append(msg)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _int(errs: _Errors, obj: dict, key: str, where: str, default=None, minimum: int | None = 0):
    v = obj.get(key)
    if v is None:
        v = default
    if v is None:
        errs.add(f"{where}: missing '{key}'")
        return 0
    if not _is_int(v):
        errs.add(f"{where}: '{key}' must be an integer, got {v!r}")
        return 0
    if minimum is not None and v < minimum:
        errs.add(f"{where}: '{key}' must be at least {minimum}, got {v}")
    return v


def _strs(errs: _Errors, obj: dict, key: str, where: str, required=False) -> tuple[str, ...]:
    if key not in obj or obj[key] is None:
        if required:
            errs.add(f"{where}: missing '{key}'")
        return ()
    v = obj[key]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        errs.add(f"{where}: '{key}' must be a list of strings")
        return ()
    return tuple(dict.fromkeys(v))


def _str(errs: _Errors, obj: dict, key: str, where: str, required=True, default=None):
    v = obj.get(key, default)
    if v is None:
        if required:
            errs.add(f"{where}: missing '{key}'")
        return default
    if not isinstance(v, str):
        errs.add(f"{where}: '{key}' must be a string, got {v!r}")
        return default
    return v


def _entries(errs: _Errors, data: dict, key: str, required=True) -> list[tuple[str, dict]]:
    """The objects of a top-level list with their ids; checks ids are non-empty and unique."""
    v = data.get(key)
    if v is None:
        if required:
            errs.add(f"missing '{key}' list")
        return []
    if not isinstance(v, list):
        errs.add(f"'{key}' must be a list")
        return []
    out, seen = [], set()
    for i, item in enumerate(v):
        if not isinstance(item, dict):
            errs.add(f"{key}[{i}]: must be an object")
            continue
        ident = item.get("id")
        if not isinstance(ident, str) or not ident:
            errs.add(f"{key}[{i}]: 'id' must be a non-empty string, got {ident!r}")
            continue
        if ident in seen:
            errs.add(f"{key}[{i}]: duplicate id '{ident}'")
            continue
        seen.add(ident)
        out.append((ident, item))
    return out


def _refs(errs, values, known, where, what):
    for v in values:
        if v not in known:
            errs.add(f"{where}: unknown {what} '{v}'")


def parse_instance(data: dict) -> Instance:
    """Validate an instance dict and return an :class:`Instance` with defaults applied.

    Raises :class:`InvalidInstance` whose ``messages`` list names each broken entry.
    """
    errs = _Errors()
    if not isinstance(data, dict):
        raise InvalidInstance(["the instance must be a JSON object"])
    event = data.get("event") or {}
    if not isinstance(event, dict):
        errs.add("'event' must be an object")
        event = {}
    stages = _strs(errs, data, "stages", "instance", required=True)
    stage_set = set(stages)

    sessions = []
    for sid, s in _entries(errs, data, "sessions"):
        w = f"session '{sid}'"
        kind = _str(errs, s, "kind", w)
        stage = _str(errs, s, "stage", w, required=(kind == "sparring"))
        if stage is not None and stage not in stage_set:
            errs.add(f"{w}: unknown stage '{stage}'")
        sessions.append(Session(sid, _str(errs, s, "start", w, required=False),
                                _str(errs, s, "end", w, required=False), stage, kind or ""))
    session_ids = {s.id for s in sessions}
    sparring_ids = {s.id for s in sessions if s.sparring}

    rooms = []
    for rid, r in _entries(errs, data, "rooms", required=False):
        w = f"room '{rid}'"
        rooms.append(Room(rid, _str(errs, r, "name", w, required=False, default=rid),
                          _int(errs, r, "capacity", w), _int(errs, r, "max_teams", w, default=1)))
    room_ids = {r.id for r in rooms}

    team_entries = _entries(errs, data, "teams")
    partner_entries = _entries(errs, data, "partners")
    team_ids = {t for t, _ in team_entries}
    partner_ids = {p for p, _ in partner_entries}

    rules_d = data.get("rules") or {}
    if not isinstance(rules_d, dict):
        errs.add("'rules' must be an object")
        rules_d = {}
    ppt = rules_d.get("partners_per_team") or {}
    if not isinstance(ppt, dict):
        errs.add("rules: 'partners_per_team' must be an object with 'min' and 'max'")
        ppt = {}
    pmin = _int(errs, ppt, "min", "rules.partners_per_team", default=1)
    pmax = _int(errs, ppt, "max", "rules.partners_per_team", default=3)
    if pmin > pmax:
        errs.add(f"rules.partners_per_team: min {pmin} is greater than max {pmax}")
    pms = _int(errs, rules_d, "partner_max_sessions", "rules", default=len(sparring_ids))
    max_repeat = _int(errs, rules_d, "max_repeat", "rules", default=1)
    wd = rules_d.get("weights") or {}
    if not isinstance(wd, dict):
        errs.add("rules: 'weights' must be an object")
        wd = {}
    d = Weights()
    fairness = wd.get("fairness")
    if fairness is not None:
        fairness = _int(errs, wd, "fairness", "rules.weights")
    weights = Weights(
        base=_int(errs, wd, "base", "rules.weights", default=d.base),
        skill=_int(errs, wd, "skill", "rules.weights", default=d.skill),
        wish=_int(errs, wd, "wish", "rules.weights", default=d.wish),
        coach=_int(errs, wd, "coach", "rules.weights", default=d.coach),
        fairness=fairness,
        change=_int(errs, wd, "change", "rules.weights", default=d.change),
    )
    rules = Rules(pmin, pmax, pms, max_repeat, weights)

    teams = []
    for tid, t in team_entries:
        w = f"team '{tid}'"
        needs_d = t.get("needs") or {}
        needs = {}
        if not isinstance(needs_d, dict):
            errs.add(f"{w}: 'needs' must be an object mapping stages to skill lists")
        else:
            for g in needs_d:
                if g not in stage_set:
                    errs.add(f"{w}: needs key '{g}' is not a stage")
                needs[g] = _strs(errs, needs_d, g, f"{w} needs")
        wishes = _strs(errs, t, "wishes", w)
        _refs(errs, wishes, partner_ids, f"{w} wishes", "partner")
        teams.append(Team(tid, _str(errs, t, "name", w, required=False, default=tid),
                          _int(errs, t, "size", w), _strs(errs, t, "languages", w, True),
                          needs, wishes))

    partners = []
    for pid, p in partner_entries:
        w = f"partner '{pid}'"
        avail = _strs(errs, p, "available", w, required=True)
        _refs(errs, avail, session_ids, f"{w} available", "session")
        wishes = _strs(errs, p, "wishes", w)
        _refs(errs, wishes, team_ids, f"{w} wishes", "team")
        partners.append(Partner(pid, _str(errs, p, "name", w, required=False, default=pid),
                                _strs(errs, p, "skills", w), _strs(errs, p, "languages", w, True),
                                avail, _int(errs, p, "max_sessions", w, default=pms), wishes))

    coaches = []
    for cid, c in _entries(errs, data, "coaches"):
        w = f"coach '{cid}'"
        coaches.append(Coach(cid, _str(errs, c, "name", w, required=False, default=cid),
                             _strs(errs, c, "skills", w), _strs(errs, c, "languages", w, True),
                             _int(errs, c, "max_teams", w)))
    coach_ids = {c.id for c in coaches}

    forbidden = []
    fb = data.get("forbidden") or []
    if not isinstance(fb, list):
        errs.add("'forbidden' must be a list")
        fb = []
    for i, f in enumerate(fb):
        w = f"forbidden[{i}]"
        if not isinstance(f, dict):
            errs.add(f"{w}: must be an object with 'team' and 'partner'")
            continue
        t, p = _str(errs, f, "team", w), _str(errs, f, "partner", w)
        _refs(errs, [t] if t else [], team_ids, w, "team")
        _refs(errs, [p] if p else [], partner_ids, w, "partner")
        forbidden.append((t, p))

    fixed = _parse_fixed(errs, data.get("fixed"), sparring_ids, session_ids, team_ids,
                         partner_ids, coach_ids, room_ids)
    previous = None
    if data.get("previous") is not None:
        try:
            previous = parse_schedule(data["previous"], lenient=True)
        except InvalidInstance as e:
            errs.extend(f"previous: {m}" for m in e.messages)
    if errs:
        raise InvalidInstance(list(errs))
    return Instance(event, stages, tuple(sessions), tuple(rooms), tuple(teams), tuple(partners),
                    tuple(coaches), rules, tuple(forbidden), fixed, previous, raw=data)


def _parse_fixed(errs, fx, sparring, sessions, teams, partners, coaches, rooms) -> Fixed:
    if fx is None:
        return Fixed()
    if not isinstance(fx, dict):
        errs.add("'fixed' must be an object with 'meetings', 'coaches' and 'rooms' lists")
        return Fixed()

    def sess(w, s):
        if s not in sessions:
            errs.add(f"{w}: unknown session '{s}'")
        elif s not in sparring:
            errs.add(f"{w}: session '{s}' is not a sparring session")

    out = {"meetings": [], "coaches": [], "rooms": []}
    spec = {"meetings": ("session", "team", "partner"), "coaches": ("team", "coach"),
            "rooms": ("session", "team", "room")}
    known = {"team": teams, "partner": partners, "coach": coaches, "room": rooms}
    for key, fields in spec.items():
        items = fx.get(key) or []
        if not isinstance(items, list):
            errs.add(f"fixed: '{key}' must be a list")
            continue
        for i, item in enumerate(items):
            w = f"fixed.{key}[{i}]"
            if not isinstance(item, dict):
                errs.add(f"{w}: must be an object")
                continue
            vals = [_str(errs, item, f, w) for f in fields]
            if any(v is None for v in vals):
                continue
            for f, v in zip(fields, vals, strict=True):
                if f == "session":
                    sess(w, v)
                elif v not in known[f]:
                    errs.add(f"{w}: unknown {f} '{v}'")
            out[key].append(tuple(vals))
    return Fixed(tuple(Meeting(*m) for m in out["meetings"]),
                 tuple(CoachAssignment(*c) for c in out["coaches"]),
                 tuple(RoomAssignment(*r) for r in out["rooms"]))


def parse_schedule(data: dict, lenient: bool = False) -> Schedule:
    """Parse a schedule dict (the solver's output format).

    With ``lenient`` (used for ``previous``) only ``meetings`` and ``coaches`` matter and
    ``status``/``objective`` may be missing. Raises :class:`InvalidInstance` when malformed.
    """
    errs = _Errors()
    if not isinstance(data, dict):
        raise InvalidInstance(["a schedule must be a JSON object"])
    status = data.get("status", "feasible" if lenient else None)
    if status not in STATUSES:
        errs.add(f"schedule: 'status' must be one of {', '.join(STATUSES)}, got {status!r}")
    lists = {}
    spec = {"meetings": ("session", "team", "partner"), "coaches": ("team", "coach"),
            "rooms": ("session", "team", "room")}
    for key, fields in spec.items():
        items = data.get(key) or []
        if not isinstance(items, list):
            errs.add(f"schedule: '{key}' must be a list")
            items = []
        out = []
        for i, item in enumerate(items):
            w = f"{key}[{i}]"
            if not isinstance(item, dict):
                errs.add(f"{w}: must be an object")
                continue
            vals = [_str(errs, item, f, w) for f in fields]
            if all(v is not None for v in vals):
                out.append(tuple(vals))
        lists[key] = out
    objective, bound = data.get("objective"), data.get("bound")
    for k, v in (("objective", objective), ("bound", bound)):
        if v is not None and not _is_int(v):
            errs.add(f"schedule: '{k}' must be an integer or null, got {v!r}")
    tv = data.get("team_values") or {}
    if not isinstance(tv, dict):
        errs.add("schedule: 'team_values' must be an object")
        tv = {}
    expl = data.get("explanation") or []
    if not isinstance(expl, list):
        errs.add("schedule: 'explanation' must be a list of strings")
        expl = []
    secs = data.get("solve_seconds") or 0.0
    if not isinstance(secs, (int, float)) or isinstance(secs, bool):
        errs.add("schedule: 'solve_seconds' must be a number")
        secs = 0.0
    if errs:
        raise InvalidInstance(list(errs))
    return Schedule(
        status=status, objective=objective, bound=bound, solve_seconds=float(secs),
        coaches=[CoachAssignment(*c) for c in lists["coaches"]],
        meetings=[Meeting(*m) for m in lists["meetings"]],
        rooms=[RoomAssignment(*r) for r in lists["rooms"]],
        team_values={str(k): v for k, v in tv.items()},
        explanation=[str(x) for x in expl],
    )


def load_json(path: str | Path):
    """Read a JSON file; raises :class:`InvalidInstance` with a readable message on failure."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise InvalidInstance([f"cannot read {path}: {e.strerror or e}"]) from None
    except UnicodeDecodeError:
        raise InvalidInstance([f"{path} is not a UTF-8 text file"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInstance([f"{path} is not valid JSON: {e.msg} at line {e.lineno} "
                               f"column {e.colno}"]) from None
