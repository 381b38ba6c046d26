"""Explaining infeasibility: quick counting arguments first, then a CP-SAT core.

Every counting check below is a necessary condition for a schedule to exist, so a failed
check is a proof of infeasibility on its own. When none fails but the model is infeasible,
the rules are re-added per entity behind assumption literals and CP-SAT reports a
(sufficient) set of conflicting rule groups, which is then shrunk greedily if time allows.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from .model import add_rules, build_data, new_variables
from .types import Instance


def counting_reasons(inst: Instance) -> list[str]:
    out: list[str] = []
    r = inst.rules
    teams, n = inst.teams, len(inst.teams)
    forbidden = set(inst.forbidden)
    sparring = inst.sparring_sessions
    active = [p for p in inst.partners if p.max_sessions > 0]
    for t in teams:
        if not any(set(c.languages) & set(t.languages) for c in inst.coaches):
            out.append(f"team {t.id} speaks {'/'.join(t.languages)}: no coach speaks any of "
                       f"these languages")
    cap = sum(c.max_teams for c in inst.coaches)
    if cap < n:
        out.append(f"{n} teams need a coach but the coaches take at most {cap} teams in total ("
                   + _some(f"{c.id} {c.max_teams}" for c in inst.coaches) + ")")
    mute = set()
    if r.min_partners > 0 and sparring:
        for t in teams:
            if not any(set(p.languages) & set(t.languages) for p in active):
                mute.add(t.id)
                out.append(f"team {t.id} speaks {'/'.join(t.languages)}: no partner speaks any "
                           f"of these languages")
        for s in sparring:
            avail = [p for p in active if s.id in p.available]
            if n * r.min_partners > len(avail):
                out.append(f"session {s.id}: {n} teams need at least {n * r.min_partners} "
                           f"partners, only {len(avail)} are available")
            for t in teams:
                ok = [p for p in avail if set(p.languages) & set(t.languages)
                      and (t.id, p.id) not in forbidden]
                if len(ok) < r.min_partners and t.id not in mute:
                    out.append(f"session {s.id}: team {t.id} needs {r.min_partners} partners "
                               f"but only {len(ok)} available partners share a language with it"
                               + (f" ({', '.join(p.id for p in ok)})" if ok else ""))
        need = n * r.min_partners * len(sparring)
        supply = sum(min(p.max_sessions, len({s.id for s in sparring} & set(p.available)))
                     for p in active)
        if supply < need:
            out.append(f"sessions {', '.join(s.id for s in sparring)}: {n} teams need "
                       f"{need} partner-sessions in total but the partners' availability and "
                       f"max_sessions give only {supply}")
        for t in teams:
            pool = [p for p in active if set(p.languages) & set(t.languages)
                    and (t.id, p.id) not in forbidden]
            most = sum(min(r.max_repeat, p.max_sessions,
                           len({s.id for s in sparring} & set(p.available))) for p in pool)
            if most < r.min_partners * len(sparring) and pool:
                out.append(f"team {t.id} needs {r.min_partners * len(sparring)} meetings "
                           f"over the sessions but its possible partners "
                           f"({_some(p.id for p in pool)}) allow only {most} "
                           f"(availability, max_sessions, max_repeat {r.max_repeat})")
    if inst.rooms and sparring:
        slots = sum(rm.max_teams for rm in inst.rooms)
        places = sum(rm.capacity for rm in inst.rooms)
        heads = sum(t.size for t in teams) + n * r.min_partners
        biggest = max(rm.capacity for rm in inst.rooms if rm.max_teams > 0) if slots else 0
        for s in sparring:
            if slots < n:
                out.append(f"session {s.id}: {n} teams need a room but the rooms take at most "
                           f"{slots} teams (" + _some(f"{rm.id} {rm.max_teams}"
                                                      for rm in inst.rooms) + ")")
            if places < heads:
                out.append(f"session {s.id}: at least {heads} people (team members plus "
                           f"{r.min_partners} partner(s) per team) but the rooms hold "
                           f"only {places}")
        for t in teams:
            if t.size + r.min_partners > biggest:
                out.append(f"team {t.id} ({t.size} people plus at least {r.min_partners} "
                           f"partner(s)) fits in no room (largest capacity {biggest})")
    out.extend(_fixed_reasons(inst, forbidden))
    return out


def _some(items, limit: int = 8) -> str:
    items = list(items)
    more = f", ... ({len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _fixed_reasons(inst: Instance, forbidden: set) -> list[str]:
    out = []
    teams = {t.id: t for t in inst.teams}
    partners = {p.id: p for p in inst.partners}
    coaches = {c.id: c for c in inst.coaches}
    for m in inst.fixed.meetings:
        p, t = partners[m.partner], teams[m.team]
        w = f"fixed meeting {m.session}/{m.team}/{m.partner}"
        if m.session not in p.available:
            out.append(f"{w}: partner {p.id} is not available in session {m.session}")
        if not set(p.languages) & set(t.languages):
            out.append(f"{w}: partner {p.id} and team {t.id} share no language")
        if (t.id, p.id) in forbidden:
            out.append(f"{w}: the pair team {t.id} / partner {p.id} is forbidden")
    per_ts, per_ps = {}, {}
    for m in set(inst.fixed.meetings):
        per_ts.setdefault((m.team, m.session), []).append(m.partner)
        per_ps.setdefault((m.partner, m.session), []).append(m.team)
    for (t, s), ps in sorted(per_ts.items()):
        if len(ps) > inst.rules.max_partners:
            out.append(f"fixed meetings give team {t} {len(ps)} partners in session {s} "
                       f"({', '.join(sorted(ps))}), at most {inst.rules.max_partners} allowed")
    for (p, s), ts in sorted(per_ps.items()):
        if len(ts) > 1:
            out.append(f"fixed meetings give partner {p} {len(ts)} teams in session {s} "
                       f"({', '.join(sorted(ts))})")
    fc = {}
    for c in inst.fixed.coaches:
        fc.setdefault(c.team, set()).add(c.coach)
        if not set(coaches[c.coach].languages) & set(teams[c.team].languages):
            out.append(f"fixed coach {c.coach} for team {c.team}: they share no language")
    for t, cs in sorted(fc.items()):
        if len(cs) > 1:
            out.append(f"fixed coaches give team {t} {len(cs)} coaches ({', '.join(sorted(cs))})")
    fr = {}
    for x in inst.fixed.rooms:
        fr.setdefault((x.team, x.session), set()).add(x.room)
    for (t, s), rs in sorted(fr.items()):
        if len(rs) > 1:
            out.append(f"fixed rooms put team {t} in {len(rs)} rooms in session {s} "
                       f"({', '.join(sorted(rs))})")
    return out


def core_reasons(inst: Instance, time_limit: float = 10.0, workers: int = 2,
                 seed: int = 0) -> list[str] | None:
    """Conflicting rule groups from CP-SAT assumptions; None if not proved in time."""
    deadline = time.monotonic() + max(0.5, time_limit)
    lits, names = [], {}
    model = cp_model.CpModel()

    def enforce(key, description):
        lit = model.new_bool_var(f"a{len(lits)}")
        lits.append(lit)
        names[lit.index] = description
        return [lit]

    d = build_data(inst, full=True)
    v = new_variables(model, d)
    add_rules(model, v, d, enforce)
    active = list(lits)
    status, core = _solve_assuming(model, active, deadline - time.monotonic(), workers, seed)
    if status != cp_model.INFEASIBLE:
        return None
    # shrink greedily (deletion filter) while time allows
    core = [lit for lit in active if lit.index in core]
    i = 0
    while i < len(core) and len(core) > 1 and time.monotonic() < deadline - 0.2:
        trial = core[:i] + core[i + 1:]
        st, sub = _solve_assuming(model, trial, min(2.0, deadline - time.monotonic()),
                                  workers, seed)
        if st == cp_model.INFEASIBLE:
            core = [lit for lit in trial if lit.index in sub] or trial
        else:
            i += 1
    return ["conflicting rule (no schedule satisfies these together): " + names[lit.index]
            for lit in core]


def _solve_assuming(model, lits, seconds, workers, seed):
    model.clear_assumptions()
    model.add_assumptions(lits)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = 1  # assumptions cores need a single worker
    solver.parameters.random_seed = seed
    st = solver.solve(model)
    core = set(solver.sufficient_assumptions_for_infeasibility()) if st == cp_model.INFEASIBLE \
        else set()
    return st, core


