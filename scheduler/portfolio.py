"""The default search with two or more workers: HiGHS proves, the second core improves.

The optimum is max over floors F of maxsum(F) + w * F (see ``floors.py``); the floor
sub-problems "maximise the total with every team >= a" are what the targets hinge on, and a
MIP solver with cutting planes settles them far faster than CP-SAT (``mip.py``). So the two
cores split the work:

* this thread runs HiGHS: when sub-problems are cheap compared with the time limit, the sum
  phase and the floor interval search, each sub-problem's schedule offered as a candidate;
  else the spec's objective at once over the floors that can still beat the best schedule;
* a second thread improves the schedule: on cheap instances HiGHS climbs the floor (halfway
  from the fairest schedule's floor to the floor's bound), else CP-SAT's neighbourhood
  search over teams (``lns.py``). On cheap instances with time to spare it also hands the
  floor's bound, once HiGHS failed to settle it, to the configuration LP (``agendas.py``),
  which can refute it where branch and bound takes minutes; meanwhile the interval search
  looks below it.

The bound reported is the smaller of the interval search's bound and HiGHS's objective
bound (each proved for every schedule that could still beat the best one), never below the
best objective. HiGHS cannot be interrupted, so on the stop signal this thread returns at
once and leaves the running sub-problem to end at its own time limit.
"""

from __future__ import annotations

import math
import threading

from . import agendas, lns
from .bounds import team_alone_bounds, total_upper_bound
from .floors import Floors
from .mip import FloorMip, MipOutcome
from .model import build
from .objective import add_objective, changed_expr
from .runner import Runner
from .search import (
    Result,
    _Best,
    _constructive,
    _finish,
    _set_floor_domain,
    evaluate,
    plain,
    previous_solution,
)

MIP_MAX_MEETINGS = 60_000  # candidate meetings (before language filters) for the MIP
LNS_STEP = 1 / 30  # share of the time limit one neighbourhood step gets
MIP_SLICE = 0.15  # share of the time limit a floor sub-problem gets at first (doubles on retry)
INTERVAL_RATIO = 20  # interval search when the sum phase takes at most 1/20 of the time limit
SUM_PHASE_SECONDS_PER_MEETING = 1e-4
CLIMB = True  # cheap instances: the second core climbs the floor with HiGHS (else: LNS)
REFUTE_AFTER = 1  # HiGHS's attempts at the floor's bound before the configuration LP tries
# measured: refuting an edge floor takes ~13 s at event size (16 teams, ~60 rounds); with
# less time left it cannot finish and the climb makes better use of the core
REFUTE_SECONDS_PER_TEAM = 1.0


def suits(inst, runner: Runner) -> bool:
    """Two workers, a fairness term, and a MIP HiGHS can load in a fraction of the time
    (at 10x, 236k meetings, its presolve alone took 32 s): else CP-SAT alone searches."""
    size = sum(len(p.available) for p in inst.partners) * len(inst.teams)
    return (runner.workers >= 2 and bool(inst.teams) and inst.fairness_weight > 0
            and size <= MIP_MAX_MEETINGS)


def portfolio_search(inst, runner: Runner) -> Result:
    w = inst.fairness_weight
    agg = bool(inst.rooms)
    model, v, d = build(inst, aggregate_rooms=agg)
    values = add_objective(model, v, d, "full")
    changed, const = changed_expr(v, d)
    total = sum(values.values()) - inst.rules.weights.change * (changed + const)
    best = _Best(d, runner)
    hi0 = max(0, min(team_alone_bounds(d).values()))
    _set_floor_domain(model, v, 0, hi0)
    s_flow = total_upper_bound(d)
    runner.report(bound=s_flow + w * hi0)
    T = runner.remaining()
    start = previous_solution(inst, v)
    if start is None and runner.remaining() > 0 and not runner.stopped():
        start = _constructive(inst, d, runner, best, agg, T / 3)  # LNS takes over
    elif start is not None and _valid(d, start):
        best.offer(dict(start))
    floors = Floors(s_flow, hi0, w)
    state = {"mip_bound": math.inf, "done": False}
    # measured: HiGHS's sum phase takes about 0.15-0.2 ms per candidate meeting; the interval
    # search pays off up to about 2 times that estimate
    cheap = len(d.triples) * SUM_PHASE_SECONDS_PER_MEETING * INTERVAL_RATIO <= T
    if cheap and CLIMB:
        primal = threading.Thread(target=_climb, daemon=True,
                                  args=(FloorMip(d), d, runner, best, floors, state, T))
    else:
        primal = threading.Thread(target=_improve, daemon=True,
                                  args=(model, v, d, total, w, runner, best, floors, state, T))
    primal.start()
    try:
        _prove(FloorMip(d), d, runner, best, floors, state, T, cheap)
    finally:
        state["done"] = True
        runner.halt()
        primal.join(None if not runner.stopped() else 0.1)  # HiGHS cannot be stopped
        runner.resume()
    if best.sol is None:
        return plain(inst, runner)
    bound = _bound(best, floors, state)
    return _finish(inst, runner, best, bound, d)


def _prove(mip, d, runner, best, floors, state, T, cheap):
    """When sub-problems are cheap compared with the time limit: the sum phase, then the
    floor interval search to the end. Else the spec's objective over the floors that can
    beat the best schedule, in one run. All HiGHS; ends when proved, stopped or out of
    time."""
    if cheap and not _solve_point(mip, d, runner, best, floors, state, 0, MIP_SLICE * T):
        return
    while cheap and _mip_seconds(runner) > 0.3 and not runner.stopped():
        a = floors.next_point(best.obj, elsewhere=state.get("refuting"))
        if a is None or floors.bound(best.obj) <= best.obj:
            return
        seconds = min(max(MIP_SLICE * T, 2 * floors.tries.get(a, 0.0)), runner.remaining())
        if not _solve_point(mip, d, runner, best, floors, state, a, seconds):
            return
    lo, hi = floors.f_lo(best.obj), floors.f_hi
    if lo > hi or runner.stopped() or runner.remaining() < 0.5:
        return
    out = _in_thread(lambda: mip.solve(lo, hi, _mip_seconds(runner), full=True,
                                       start=best.sol), runner)
    if out is None:
        return
    if out.solution is not None and _valid(d, out.solution):
        best.offer(out.solution)
    if out.status == "infeasible":  # no floor in [lo, hi] beats the best
        state["mip_bound"] = best.obj
    elif out.bound is not None:
        state["mip_bound"] = max(best.obj, out.bound)
    _trace(runner, f"MIP: objective on floors [{lo}, {hi}]: {out.status}, bound {out.bound}",
           best)


def _mip_seconds(runner, seconds=math.inf) -> float:
    # HiGHS checks its clock coarsely (in the root cut loop): keep a margin
    return min(seconds, 0.9 * runner.remaining() - 0.2)


def _solve_point(mip, d, runner, best, floors, state, a, seconds) -> bool:
    """One sub-problem "maximise the total, every team >= a"; False when the search ends."""
    attempt = floors.attempts[a] = floors.attempts.get(a, 0) + 1
    floors.tries[a] = seconds
    seed = runner.seed + attempt  # a retry with another seed: HiGHS's luck varies widely
    out = _in_thread(lambda: mip.solve(a, floors.f_hi, _mip_seconds(runner, seconds),
                                       start=best.top, seed=seed), runner)
    if out is None:  # stopped
        return False
    return _record(out, a, d, runner, best, floors, state)


def _record(out, a, d, runner, best, floors, state) -> bool:
    """What a sub-problem at ``a`` proved and found; False when nothing is left to do."""
    if out.solution is not None and _valid(d, out.solution):
        best.offer(out.solution)
    if out.status == "infeasible" and a == 0:
        return False
    with floors.lock:
        if out.status == "infeasible":
            floors.f_hi = min(floors.f_hi, a - 1)
        elif out.bound is not None:
            floors.ub[a] = min(floors.ub.get(a, math.inf), out.bound)
            if a == 0:
                floors.s_ub = min(floors.s_ub, out.bound)
            if out.status == "optimal":
                floors.reach[a] = evaluate(d, out.solution)[2]
        else:
            floors.hard.add(a)
    _trace(runner, f"MIP: sum with floor >= {a}: {out.status}, bound {out.bound}", best)
    runner.report(bound=_bound(best, floors, state))
    return True


def _climb(mip, d, runner, best, floors, state, T):
    """Second core on cheap instances: HiGHS finds schedules with a higher floor than the
    fairest so far, jumping halfway to the floor's bound and halving the jump when HiGHS
    finds nothing there in its time. When HiGHS could not settle the floor's bound itself
    and time allows, the configuration LP tries to refute it first (``_refute``)."""
    jump: dict = {}  # fairest floor so far -> the next jump from it
    given: set = set()  # floors already given to the configuration LP
    while not state["done"] and _mip_seconds(runner) > 0.3 and not runner.stopped():
        edge = floors.f_hi
        if (edge not in given and floors.attempts.get(edge, 0) >= REFUTE_AFTER
                and runner.remaining() >= REFUTE_SECONDS_PER_TEAM * len(d.inst.teams)):
            given.add(edge)
            _refute(edge, d, runner, best, floors, state)
            continue
        top = best.top["floor"] if best.top is not None else -1
        step = jump.get(top, max(1, (floors.f_hi - top) // 2))
        a = top + step
        if a > floors.f_hi:
            if step == 1:
                return
            jump[top] = max(1, (floors.f_hi - top) // 2)
            continue
        out = mip.solve(a, floors.f_hi, _mip_seconds(runner, MIP_SLICE * T),
                        seed=runner.seed + 100 + step)
        if state["done"] or runner.stopped():
            return
        _record(out, a, d, runner, best, floors, state)
        if out.solution is None:
            jump[top] = max(1, step // 2)


def _refute(edge, d, runner, best, floors, state) -> None:
    """The configuration LP on "every team >= edge" (``agendas.py``): at the edge of
    feasibility it proves what HiGHS's branch and bound takes minutes for."""
    schedules = [sol for _obj, sol in best.history] + [best.top] * (best.top is not None)
    state["refuting"] = edge  # the interval search looks below it meanwhile
    try:
        refuted = agendas.refute_floor(
            d, edge, _mip_seconds(runner), stop=lambda: state["done"] or runner.stopped(),
            agendas=agendas.known_agendas(d, schedules, edge), note=runner.note)
    finally:
        state["refuting"] = None
    if refuted:
        with floors.lock:
            floors.f_hi = min(floors.f_hi, edge - 1)
        runner.report(bound=_bound(best, floors, state))


def _bound(best, floors, state) -> float:
    return max(best.obj, min(floors.bound(best.obj), state["mip_bound"]))


def _in_thread(call, runner) -> MipOutcome | None:
    """Run ``call`` in a daemon thread; None when the stop signal comes first."""
    box = []
    worker = threading.Thread(target=lambda: box.append(call()), daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.05)
        if runner.stopped():
            return None
    return box[0] if box else MipOutcome("unknown", None, None)


def _improve(model, v, d, total, w, runner, best, floors, state, T):
    """CP-SAT, one worker: neighbourhood search over teams (``lns.py``) on the spec's
    objective, restricted to the floors still open."""
    model.clear_objective()
    model.maximize(total + w * v.floor)

    def keep_going() -> bool:
        if state["done"] or runner.remaining() <= 0.05 or runner.stopped():
            return False
        lo, hi = floors.f_lo(best.obj), floors.f_hi
        if lo > hi:
            return False
        _set_floor_domain(model, v, lo, hi)
        return True

    lns.improve(model, v, d, runner, best, keep_going, seconds=max(0.3, LNS_STEP * T))


def _valid(d, sol) -> bool:
    """H1, H4, H5, H6, H8 and fixed entries on a schedule from the MIP (a floating-point
    solver): anything else never reaches the result."""
    inst, r = d.inst, d.inst.rules
    x, y = sol["x"], sol["y"]
    if not x <= set(d.value) or not y <= set(d.coach_value):
        return False
    per_ps, per_ts, per_p, per_pt = {}, {}, {}, {}
    for s, t, p in x:
        for key, count in (((p, s), per_ps), ((t, s), per_ts), (p, per_p), ((p, t), per_pt)):
            count[key] = count.get(key, 0) + 1
    caps = {p.id: p.max_sessions for p in inst.partners}
    coach_of, load = {}, {}
    for t, c in y:
        coach_of[t] = coach_of.get(t, 0) + 1
        load[c] = load.get(c, 0) + 1
    return (all(n <= 1 for n in per_ps.values())
            and all(r.min_partners <= per_ts.get((t.id, s.id), 0) <= r.max_partners
                    for t in inst.teams for s in d.sessions)
            and all(n <= caps[p] for p, n in per_p.items())
            and all(n <= r.max_repeat for n in per_pt.values())
            and all(coach_of.get(t.id) == 1 for t in inst.teams)
            and all(load.get(c.id, 0) <= c.max_teams for c in inst.coaches)
            and {(m.session, m.team, m.partner) for m in inst.fixed.meetings} <= x
            and {(c.team, c.coach) for c in inst.fixed.coaches} <= y)


def _trace(runner, what, best):
    runner.note(f"{what}; best schedule {best.obj}")
