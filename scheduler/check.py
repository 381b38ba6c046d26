"""Independent checker: verifies H1-H10 and recomputes the objective from a schedule.

Deliberately written apart from the CP-SAT model (it shares no code with ``model``/``rules``
/``objective``) so that it can catch modelling mistakes.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .io import parse_instance, parse_schedule
from .types import CheckReport, Instance, Schedule, Violation


def meeting_value(inst: Instance, session_id: str, team_id: str, partner_id: str) -> int:
    """value(p,t,s) of the spec, computed straight from the instance."""
    w = inst.rules.weights
    sessions = {s.id: s for s in inst.sessions}
    team = next(t for t in inst.teams if t.id == team_id)
    partner = next(p for p in inst.partners if p.id == partner_id)
    stage = sessions[session_id].stage
    need = set(team.needs.get(stage, ()))
    wished = (partner_id in team.wishes) + (team_id in partner.wishes)
    return w.base + w.skill * len(set(partner.skills) & need) + w.wish * wished


def changed_count(inst: Instance, sched: Schedule) -> int:
    """Previous meetings missing from ``sched`` plus previous coach entries not kept."""
    prev = inst.previous
    if prev is None:
        return 0
    now = {(m.session, m.team, m.partner) for m in sched.meetings}
    lost = {(m.session, m.team, m.partner) for m in prev.meetings} - now
    coach_now = defaultdict(set)
    for c in sched.coaches:
        coach_now[c.team].add(c.coach)
    prev_coach = {c.team: c.coach for c in prev.coaches}
    moved = sum(1 for t, c in prev_coach.items() if coach_now.get(t) != {c})
    return len(lost) + moved


def check(instance, schedule) -> CheckReport:
    """Verify every hard rule and recompute team values and the objective.

    ``instance`` and ``schedule`` may be dataclasses or dicts (dicts are parsed first;
    :class:`InvalidInstance` propagates if they are malformed).
    """
    inst = instance if isinstance(instance, Instance) else parse_instance(instance)
    sched = schedule if isinstance(schedule, Schedule) else parse_schedule(schedule)
    r = inst.rules
    v: list[Violation] = []
    sessions = {s.id: s for s in inst.sessions}
    sparring = [s.id for s in inst.sessions if s.sparring]
    teams = {t.id: t for t in inst.teams}
    partners = {p.id: p for p in inst.partners}
    coaches = {c.id: c for c in inst.coaches}
    rooms = {x.id: x for x in inst.rooms}

    # references and duplicates
    meetings = []
    seen = set()
    for m in sched.meetings:
        key = (m.session, m.team, m.partner)
        bad = [f"unknown {k} '{x}'" for k, x, d in (("session", m.session, sessions),
               ("team", m.team, teams), ("partner", m.partner, partners)) if x not in d]
        if bad:
            v.append(Violation("REF", f"meeting {m.session}/{m.team}/{m.partner}: "
                                      + ", ".join(bad)))
            continue
        if key in seen:
            v.append(Violation("H1", f"partner {m.partner} is listed twice with team {m.team}"
                                     f" in session {m.session}"))
            continue
        seen.add(key)
        meetings.append(m)

    forbidden = set(inst.forbidden)
    by_ps = defaultdict(list)
    by_ts = Counter()
    by_pt = Counter()
    sessions_of = defaultdict(set)
    for m in meetings:
        by_ps[(m.partner, m.session)].append(m.team)
        by_ts[(m.team, m.session)] += 1
        by_pt[(m.partner, m.team)] += 1
        sessions_of[m.partner].add(m.session)
    # H1
    for (p, s), ts in sorted(by_ps.items()):
        if len(ts) > 1:
            v.append(Violation("H1", f"partner {p} meets {len(ts)} teams in session {s}: "
                                     + ", ".join(sorted(ts))))
    for m in meetings:
        p, t, s = partners[m.partner], teams[m.team], sessions[m.session]
        # H2
        if not s.sparring:
            v.append(Violation("H2", f"partner {p.id} meets team {t.id} in session {s.id}, "
                                     f"which is not a sparring session"))
        elif s.id not in p.available:
            v.append(Violation("H2", f"partner {p.id} meets team {t.id} in session {s.id} "
                                     f"but is not available then"))
        # H3
        if not set(p.languages) & set(t.languages):
            v.append(Violation("H3", f"partner {p.id} ({'/'.join(p.languages)}) and team {t.id} "
                                     f"({'/'.join(t.languages)}) share no language"))
        # H7
        if (t.id, p.id) in forbidden:
            v.append(Violation("H7", f"forbidden pair meets: team {t.id} and partner {p.id} "
                                     f"in session {s.id}"))
    # H4
    for t in inst.teams:
        for s in sparring:
            n = by_ts[(t.id, s)]
            if not r.min_partners <= n <= r.max_partners:
                v.append(Violation("H4", f"team {t.id} meets {n} partners in session {s}, "
                                         f"allowed {r.min_partners}-{r.max_partners}"))
    # H5
    for p in inst.partners:
        if len(sessions_of[p.id]) > p.max_sessions:
            v.append(Violation("H5", f"partner {p.id} meets teams in {len(sessions_of[p.id])} "
                                     f"sessions, at most {p.max_sessions} allowed"))
    # H6
    for (p, t), n in sorted(by_pt.items()):
        if n > r.max_repeat:
            v.append(Violation("H6", f"partner {p} meets team {t} {n} times, at most "
                                     f"{r.max_repeat} allowed"))
    # H8
    coach_of = defaultdict(list)
    for c in sched.coaches:
        if c.team not in teams or c.coach not in coaches:
            v.append(Violation("REF", f"coach entry {c.team}/{c.coach}: unknown "
                                      + ("team" if c.team not in teams else "coach")))
            continue
        coach_of[c.team].append(c.coach)
    load = Counter()
    for t in inst.teams:
        cs = coach_of[t.id]
        if len(cs) != 1:
            v.append(Violation("H8", f"team {t.id} has {len(cs)} coaches"
                                     + (f" ({', '.join(cs)})" if cs else "") + ", needs exactly 1"))
        for c in set(cs):
            load[c] += 1
            if not set(coaches[c].languages) & set(t.languages):
                v.append(Violation("H8", f"coach {c} and team {t.id} share no language"))
    for c, n in sorted(load.items()):
        if n > coaches[c].max_teams:
            v.append(Violation("H8", f"coach {c} has {n} teams, at most {coaches[c].max_teams}"))
    # H9
    v.extend(_check_rooms(inst, sched, sparring, teams, rooms, by_ts))
    # H10
    have_m = {(m.session, m.team, m.partner) for m in meetings}
    for f in inst.fixed.meetings:
        if (f.session, f.team, f.partner) not in have_m:
            v.append(Violation("H10", f"fixed meeting missing: partner {f.partner} with team "
                                      f"{f.team} in session {f.session}"))
    for f in inst.fixed.coaches:
        if coach_of.get(f.team) != [f.coach]:
            v.append(Violation("H10", f"fixed coach missing: team {f.team} must have coach "
                                      f"{f.coach}"))
    have_r = {(x.session, x.team, x.room) for x in sched.rooms}
    for f in inst.fixed.rooms:
        if (f.session, f.team, f.room) not in have_r:
            v.append(Violation("H10", f"fixed room missing: team {f.team} must be in room "
                                      f"{f.room} in session {f.session}"))

    # objective, recomputed from scratch
    w = r.weights
    values = {t.id: 0 for t in inst.teams}
    for t in inst.teams:
        if coach_of[t.id]:
            c = coaches[coach_of[t.id][0]]
            all_needs = set().union(*t.needs.values()) if t.needs else set()
            values[t.id] += w.coach * len(set(c.skills) & all_needs)
    for m in meetings:
        if sessions[m.session].sparring:
            values[m.team] += meeting_value(inst, m.session, m.team, m.partner)
    changed = changed_count(inst, sched)
    objective = sum(values.values()) + (inst.fairness_weight * min(values.values())
                                        if values else 0) - w.change * changed
    return CheckReport(v, objective, values, changed, sched.objective)


def _check_rooms(inst, sched, sparring, teams, rooms, by_ts) -> list[Violation]:
    v = []
    if not inst.rooms:
        if sched.rooms:
            v.append(Violation("H9", "the instance plans no rooms but the schedule assigns "
                                     f"{len(sched.rooms)} room entries"))
        return v
    room_of = defaultdict(list)
    for x in sched.rooms:
        if x.room not in rooms or x.team not in teams or x.session not in sparring:
            v.append(Violation("REF", f"room entry {x.session}/{x.team}/{x.room}: unknown room, "
                                      "team or sparring session"))
            continue
        room_of[(x.team, x.session)].append(x.room)
    for s in sparring:
        inside = defaultdict(list)
        for t in inst.teams:
            rs = room_of[(t.id, s)]
            if len(rs) != 1:
                v.append(Violation("H9", f"team {t.id} is in {len(rs)} rooms in session {s}"
                                         + (f" ({', '.join(rs)})" if rs else "")
                                         + ", needs exactly 1"))
            for room in set(rs):
                inside[room].append(t.id)
        for room, ts in sorted(inside.items()):
            rm = rooms[room]
            if len(ts) > rm.max_teams:
                v.append(Violation("H9", f"room {room} holds {len(ts)} teams in session {s} "
                                         f"({', '.join(sorted(ts))}), at most {rm.max_teams}"))
            people = sum(teams[t].size + by_ts[(t, s)] for t in ts)
            if people > rm.capacity:
                v.append(Violation("H9", f"room {room} holds {people} people in session {s} "
                                         f"({', '.join(sorted(ts))}), capacity {rm.capacity}"))
    return v
