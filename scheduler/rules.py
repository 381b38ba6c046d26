"""The hard rules H1-H10, one small function each.

Every function takes ``(model, v, d, enforce)``; ``enforce(key, description)`` returns the
enforcement literals of a rule group (empty in a normal solve; one assumption literal per
group when explaining infeasibility). H2, H3, H7 and the H8 language condition are already
applied by filtering the variables in a normal solve; with ``d.full`` (explanations) they are
real constraints here.
"""

from __future__ import annotations

from ortools.sat.python.cp_model import LinearExpr

S = LinearExpr.sum


def _lin(model, ct, lits):
    if lits:
        ct.only_enforce_if(lits)
    return ct


def add_h1_partner_one_team_per_session(model, v, d, enforce):
    for (p, s), keys in d.by_ps.items():
        if len(keys) > 1:
            lits = enforce(("H1", p, s), f"H1: partner {p} meets at most one team in session {s}")
            _lin(model, model.add(S([v.x[k] for k in keys]) <= 1), lits)


def _forbid(model, v, keys, lits):
    for k in keys:
        _lin(model, model.add(v.x[k] == 0), lits)


def add_h2_partner_available(model, v, d, enforce):
    for p in d.inst.partners:
        bad = [k for k in d.by_p.get(p.id, []) if k[0] not in p.available]
        if bad:
            _forbid(model, v, bad, enforce(("H2", p.id), f"H2: partner {p.id} meets teams only "
                                           f"in its available sessions "
                                           f"({', '.join(p.available) or 'none'})"))


def add_h3_shared_language(model, v, d, enforce):
    langs = {t.id: set(t.languages) for t in d.inst.teams}
    for p in d.inst.partners:
        bad = [k for k in d.by_p.get(p.id, []) if not set(p.languages) & langs[k[1]]]
        if bad:
            _forbid(model, v, bad, enforce(("H3", p.id), f"H3: partner {p.id} "
                                           f"({'/'.join(p.languages)}) meets only teams "
                                           f"sharing a language"))


def add_h4_partners_per_team(model, v, d, enforce):
    lo, hi = d.inst.rules.min_partners, d.inst.rules.max_partners
    for t in d.inst.teams:
        for s in d.sessions:
            heads = S([v.x[k] for k in d.by_ts.get((t.id, s.id), [])])
            lits = enforce(("H4", t.id, s.id), f"H4: team {t.id} meets {lo}-{hi} partners "
                                               f"in session {s.id}")
            _lin(model, model.add(heads >= lo), lits)
            _lin(model, model.add(heads <= hi), lits)


def add_h5_partner_max_sessions(model, v, d, enforce):
    for p in d.inst.partners:
        sess = sorted({k[0] for k in d.by_p.get(p.id, [])})
        if len(sess) <= p.max_sessions:
            continue
        lits = enforce(("H5", p.id), f"H5: partner {p.id} meets teams in at most "
                                     f"{p.max_sessions} sessions")
        if d.full:  # H1 may be relaxed: count sessions, not meetings
            used = []
            for s in sess:
                u = model.new_bool_var(f"u_{p.id}_{s}")
                for k in d.by_ps[(p.id, s)]:
                    model.add_implication(v.x[k], u)
                used.append(u)
            _lin(model, model.add(S(used) <= p.max_sessions), lits)
        else:  # with H1, meetings of p == sessions of p
            _lin(model, model.add(S([v.x[k] for k in d.by_p[p.id]]) <= p.max_sessions), lits)


def add_h6_max_repeat(model, v, d, enforce):
    mr = d.inst.rules.max_repeat
    for (p, t), keys in d.by_pt.items():
        if len(keys) > mr:
            lits = enforce(("H6", p, t), f"H6: partner {p} and team {t} meet at most {mr} times")
            _lin(model, model.add(S([v.x[k] for k in keys]) <= mr), lits)


def add_h7_forbidden(model, v, d, enforce):
    for t, p in sorted(set(d.inst.forbidden)):
        keys = [k for k in d.by_pt.get((p, t), [])]
        if keys:
            _forbid(model, v, keys, enforce(("H7", t, p), f"H7: team {t} and partner {p} "
                                                          f"never meet (forbidden)"))


def add_h8_one_coach(model, v, d, enforce):
    by_t, by_c = {}, {}
    for (t, c), var in v.y.items():
        by_t.setdefault(t, []).append(var)
        by_c.setdefault(c, []).append(var)
    tl = {t.id: set(t.languages) for t in d.inst.teams}
    for t in d.inst.teams:
        lits = enforce(("H8t", t.id), f"H8: team {t.id} ({'/'.join(t.languages)}) has exactly "
                                      f"one coach speaking its language")
        _lin(model, model.add(S(by_t.get(t.id, [])) == 1), lits)
    for c in d.inst.coaches:
        if len(by_c.get(c.id, [])) > c.max_teams:
            lits = enforce(("H8c", c.id), f"H8: coach {c.id} has at most {c.max_teams} teams")
            _lin(model, model.add(S(by_c[c.id]) <= c.max_teams), lits)
        bad = [v.y[(t, c.id)] for t in tl if (t, c.id) in v.y and not tl[t] & set(c.languages)]
        if bad:
            lits = enforce(("H8l", c.id), f"H8: coach {c.id} ({'/'.join(c.languages)}) coaches "
                                          f"only teams sharing a language")
            for var in bad:
                _lin(model, model.add(var == 0), lits)


def add_h9_rooms(model, v, d, enforce):
    if not d.inst.rooms:
        return
    if d.aggregate_rooms:
        _add_h9_aggregate(model, v, d)
        return
    mx = d.inst.rules.max_partners
    for s in d.sessions:
        in_room = {r.id: [] for r in d.inst.rooms}
        for t in d.inst.teams:
            keys = [(t.id, s.id, room) for room in d.rooms_for[(t.id, s.id)]]
            lits = enforce(("H9t", t.id, s.id), f"H9: team {t.id} is in exactly one room in "
                                                f"session {s.id}")
            _lin(model, model.add(S([v.r[k] for k in keys]) == 1), lits)
            heads = model.new_int_var(0, mx, "")
            model.add(heads == S([v.x[k] for k in d.by_ts.get((t.id, s.id), [])]))
            for k in keys:
                # h == heads when the team is in the room, else 0 (exact big-M linearisation)
                model.add(v.h[k] <= heads)
                model.add(v.h[k] <= mx * v.r[k])
                model.add(v.h[k] >= heads - mx * (1 - v.r[k]))
                in_room[k[2]].append((t.size, k))
        for room in d.inst.rooms:
            items = in_room[room.id]
            if not items:
                continue
            lits = enforce(("H9r", room.id, s.id), f"H9: room {room.id} holds at most "
                                                   f"{room.max_teams} teams and {room.capacity} "
                                                   f"people in session {s.id}")
            if len(items) > room.max_teams:
                _lin(model, model.add(S([v.r[k] for _, k in items]) <= room.max_teams), lits)
            people = LinearExpr.weighted_sum([v.r[k] for _, k in items]
                                             + [v.h[k] for _, k in items],
                                             [size for size, _ in items] + [1] * len(items))
            _lin(model, model.add(people <= room.capacity), lits)


def partner_places(d) -> int:
    """Aggregated H9: the places left for partners in a session, all rooms' capacity minus
    every team's people (each team is in some room every session)."""
    rooms = sum(r.capacity for r in d.inst.rooms if r.max_teams > 0)
    return rooms - sum(t.size for t in d.inst.teams)


def team_partner_places(d, team, session_id: str) -> int:
    """Aggregated H9: partners team ``team`` can meet in a session, its largest room's
    capacity minus its people."""
    big = max((d.room_cap[r] for r in d.rooms_for[(team.id, session_id)]), default=0)
    return max(0, big - team.size)


def aggregated_room_rows(d):
    """Aggregated H9 as rows (meetings, most of them held): per session all partners fit in
    the places the teams leave, and each team's partners fit in its largest room. The one
    source for the CP-SAT rules and the MIP."""
    total = partner_places(d)
    for s in d.sessions:
        yield [k for t in d.inst.teams for k in d.by_ts.get((t.id, s.id), [])], total
        for t in d.inst.teams:
            places = team_partner_places(d, t, s.id)
            keys = d.by_ts.get((t.id, s.id), [])
            if len(keys) > places:
                yield keys, places


def _add_h9_aggregate(model, v, d):
    """Relaxation of H9 used when rooms are assigned after the meetings (rooms.py): per
    session all people fit in the total capacity, and each team fits in its largest room.
    The exact room assignment is checked afterwards; the solver falls back to the exact
    model when it fails, so bounds stay valid (a relaxation) and schedules stay correct."""
    for keys, most in aggregated_room_rows(d):
        model.add(S([v.x[k] for k in keys]) <= most)


def add_h10_fixed(model, v, d, enforce):
    fx = d.inst.fixed
    for m in fx.meetings:
        lits = enforce(("H10m", m), f"H10: fixed meeting of partner {m.partner} with team "
                                    f"{m.team} in session {m.session}")
        k = (m.session, m.team, m.partner)
        _lin(model, model.add(v.x[k] == 1) if k in v.x else model.add_bool_or([]), lits)
    for c in fx.coaches:
        lits = enforce(("H10c", c), f"H10: fixed coach {c.coach} for team {c.team}")
        k = (c.team, c.coach)
        _lin(model, model.add(v.y[k] == 1) if k in v.y else model.add_bool_or([]), lits)
    if not d.inst.rooms or d.aggregate_rooms:  # fixed rooms are honoured by rooms.py then
        return
    for r in fx.rooms:
        lits = enforce(("H10r", r), f"H10: fixed room {r.room} for team {r.team} in session "
                                    f"{r.session}")
        k = (r.team, r.session, r.room)
        _lin(model, model.add(v.r[k] == 1) if k in v.r else model.add_bool_or([]), lits)
