"""The CP-SAT model, built in the order: data, variables, constraints, objective.

``build_data`` turns an :class:`Instance` into index-free lookup tables (ids as keys),
``new_variables`` creates the decision variables (already filtered by H2/H3/H7 and
language of H8 unless ``full`` is asked for, as the explanation needs), ``add_rules``
adds H1-H10 (one function per rule in :mod:`scheduler.rules`) and
:mod:`scheduler.objective` adds the objective.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from . import rules as R
from .types import Instance


@dataclass
class ModelData:
    inst: Instance
    sessions: list  # sparring sessions
    triples: list  # (session, team, partner) ids that get a variable
    value: dict  # (s, t, p) -> value(p, t, s)
    coach_pairs: list  # (team, coach)
    coach_value: dict  # (t, c) -> coach_value
    team_ub: dict  # team -> upper bound of team_value alone
    rooms_for: dict  # (team, session) -> room ids that get a variable
    full: bool = False
    aggregate_rooms: bool = False
    room_cap: dict = field(default_factory=dict)
    by_ts: dict = field(default_factory=dict)
    by_ps: dict = field(default_factory=dict)
    by_pt: dict = field(default_factory=dict)
    by_p: dict = field(default_factory=dict)


def eligible(inst: Instance, s, t, p, forbidden: set) -> bool:
    """H2, H3 and H7 on one triple (used to filter variables)."""
    return (s.id in p.available and bool(set(p.languages) & set(t.languages))
            and (t.id, p.id) not in forbidden and p.max_sessions > 0)


def build_data(inst: Instance, full: bool = False, aggregate_rooms: bool = False) -> ModelData:
    w = inst.rules.weights
    sessions = list(inst.sparring_sessions)
    forbidden = set(inst.forbidden)
    triples, value = [], {}
    plang = {p.id: set(p.languages) for p in inst.partners}
    pskill = {p.id: set(p.skills) for p in inst.partners}
    pavail = {p.id: set(p.available) for p in inst.partners}
    for s in sessions:
        for t in inst.teams:
            need = set(t.needs.get(s.stage, ()))
            tl = set(t.languages)
            for p in inst.partners:
                if not full and not (s.id in pavail[p.id] and plang[p.id] & tl
                                     and p.max_sessions > 0 and (t.id, p.id) not in forbidden):
                    continue
                key = (s.id, t.id, p.id)
                triples.append(key)
                wished = (p.id in t.wishes) + (t.id in p.wishes)
                value[key] = w.base + w.skill * len(pskill[p.id] & need) + w.wish * wished
    pairs, cval = [], {}
    for t in inst.teams:
        all_needs = set().union(*t.needs.values()) if t.needs else set()
        for c in inst.coaches:
            if full or (set(c.languages) & set(t.languages) and c.max_teams > 0):
                pairs.append((t.id, c.id))
                cval[(t.id, c.id)] = w.coach * len(set(c.skills) & all_needs)
    rooms_for = {}
    for s in sessions:
        for t in inst.teams:
            rooms_for[(t.id, s.id)] = [
                r.id for r in inst.rooms
                if full or (r.max_teams > 0 and r.capacity >= t.size + inst.rules.min_partners)]
    d = ModelData(inst, sessions, triples, value, pairs, cval, {}, rooms_for, full,
                  aggregate_rooms and not full, {r.id: r.capacity for r in inst.rooms})
    if d.aggregate_rooms:  # a team fixed to a room can only use that room's capacity
        for f in inst.fixed.rooms:
            d.rooms_for[(f.team, f.session)] = [r for r in d.rooms_for[(f.team, f.session)]
                                                if r == f.room]
    for key in triples:
        s, t, p = key
        d.by_ts.setdefault((t, s), []).append(key)
        d.by_ps.setdefault((p, s), []).append(key)
        d.by_pt.setdefault((p, t), []).append(key)
        d.by_p.setdefault(p, []).append(key)
    mx = inst.rules.max_partners
    for t in inst.teams:
        ub = max((cval[k] for k in pairs if k[0] == t.id), default=0)
        for s in sessions:
            vals = sorted((value[k] for k in d.by_ts.get((t.id, s.id), [])), reverse=True)
            ub += sum(vals[:mx])
        d.team_ub[t.id] = ub
    return d


@dataclass
class Variables:
    x: dict  # (s, t, p) -> meeting
    y: dict  # (t, c) -> coach of team
    r: dict  # (t, s, room) -> team in room during session
    h: dict  # (t, s, room) -> partners of t in that room (0 when not there)
    floor: cp_model.IntVar | None = None


def new_variables(model: cp_model.CpModel, d: ModelData) -> Variables:
    x = {k: model.new_bool_var("") for k in d.triples}
    y = {k: model.new_bool_var("") for k in d.coach_pairs}
    r, h = {}, {}
    if d.inst.rooms and not d.aggregate_rooms:
        mx = d.inst.rules.max_partners
        for (t, s), room_ids in d.rooms_for.items():
            for room in room_ids:
                r[(t, s, room)] = model.new_bool_var("")
                h[(t, s, room)] = model.new_int_var(0, mx, "")
    return Variables(x, y, r, h)


def no_enforcement(key, description):
    return []


def add_rules(model, v: Variables, d: ModelData, enforce=no_enforcement) -> None:
    """All hard rules. ``enforce(key, description)`` returns enforcement literals."""
    R.add_h1_partner_one_team_per_session(model, v, d, enforce)
    R.add_h2_partner_available(model, v, d, enforce)
    R.add_h3_shared_language(model, v, d, enforce)
    R.add_h4_partners_per_team(model, v, d, enforce)
    R.add_h5_partner_max_sessions(model, v, d, enforce)
    R.add_h6_max_repeat(model, v, d, enforce)
    R.add_h7_forbidden(model, v, d, enforce)
    R.add_h8_one_coach(model, v, d, enforce)
    R.add_h9_rooms(model, v, d, enforce)
    R.add_h10_fixed(model, v, d, enforce)


def build(inst: Instance, d: ModelData | None = None, enforce=no_enforcement,
          aggregate_rooms: bool = False):
    """Model with variables and hard rules only (no objective); returns (model, vars, data)."""
    d = d or build_data(inst, aggregate_rooms=aggregate_rooms)
    model = cp_model.CpModel()
    v = new_variables(model, d)
    add_rules(model, v, d, enforce)
    return model, v, d
