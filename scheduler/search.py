"""Search strategies.

``plain`` solves the spec's model in one go. ``floor_search`` (the default) splits the work
along the fairness floor F = min team value, which is what makes the plain model slow:

1. *sum phase*: maximise the total without the fairness term. This is an easy model (its LP
   is nearly integral) and gives a proved upper bound ``S_ub`` on total - change * changed and
   a first schedule (lower bound LB).
2. *floor phase*: maximise F alone; its proved bound ``F_ub`` bounds the floor of any schedule.
   Now every schedule has objective <= S_ub + w * F, so only F >= F_lo with
   S_ub + w * (F_lo - 1) <= LB can still beat LB.
3. *full phase*: the spec's objective with F restricted to [F_lo, F_ub] (and the total capped
   by S_ub), hinted with the best schedule so far. The final bound is
   ``max(LB, min(full-phase bound, S_ub + w * F_ub))``: schedules outside [F_lo, F_ub] are
   proved no better than LB, so the bound is sound.

Rooms are decoupled when the instance has them: the phases use an exact *relaxation* of H9
(capacity per session, largest room per team), so their bounds stay valid, and rooms are
assigned afterwards by ``rooms.assign_rooms``; if that fails, the search falls back to the
exact joint model (``plain``).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from . import lns
from .bounds import team_alone_bounds, total_upper_bound
from .floors import Floors, interval_search
from .greedy import fair_flow_solutions, greedy_solution
from .mip import lp_bound
from .model import build
from .objective import add_objective, changed_expr
from .rooms import assign_rooms
from .runner import Runner, hint

# measured settings (docs/performance.md); other values did not beat run-to-run noise
HUGE = 60_000  # meeting variables above which CP-SAT's sum/floor phases are skipped
HUGE_FLOW_SHARE = 0.3  # share of the time for the flow heuristic on huge models
MODE = "intervals"  # "intervals" (floor interval search) or "phases" (floor phase + full)
SLICES = 6.0  # a floor sub-problem gets (at least) 1/SLICES of the time after the sum phase
FULL_SHARE = 0.4  # share of the remaining time kept for the full phase
FLOOR_SHARE = 0.25  # "phases" mode: time of the floor phase


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | unknown
    solution: dict | None
    bound: float | None  # proved upper bound on the objective (math.inf if none)


def previous_solution(inst, v) -> dict | None:
    """The previous schedule as a (partial) hint, restricted to existing variables."""
    prev = inst.previous
    if prev is None:
        return None
    return {"x": {(m.session, m.team, m.partner) for m in prev.meetings} & set(v.x),
            "y": {(c.team, c.coach) for c in prev.coaches} & set(v.y),
            "r": {(r.team, r.session, r.room) for r in prev.rooms} & set(v.r)}


def plain(inst, runner: Runner, start: dict | None = None) -> Result:
    model, v, d = build(inst)
    add_objective(model, v, d, "full")
    hint(model, v, start or previous_solution(inst, v))
    out = runner.solve(model, v, runner.remaining(),
                       on_solution=lambda sol, obj, bnd: runner.report(round(obj), math.floor(bnd)))
    return _result(out)


def _result(out) -> Result:
    if out.status == cp_model.INFEASIBLE:
        return Result("infeasible", None, None)
    if out.solution is None:
        return Result("unknown", None, math.inf)
    bound = math.floor(out.bound + 1e-6) if out.bound is not None else math.inf
    return Result("optimal" if out.status == cp_model.OPTIMAL else "feasible", out.solution,
                  bound)


def evaluate(d, sol) -> tuple[int, int, int]:
    """(objective, total - change * changed, floor) of a solution of the model."""
    inst = d.inst
    values = {t.id: 0 for t in inst.teams}
    for k in sol["x"]:
        values[k[1]] += d.value[k]
    for k in sol["y"]:
        values[k[0]] += d.coach_value[k]
    changed = 0
    if inst.previous is not None:
        changed += len({(m.session, m.team, m.partner) for m in inst.previous.meetings}
                       - sol["x"])
        changed += len(set({c.team: c.coach for c in inst.previous.coaches}.items()) - sol["y"])
    total = sum(values.values()) - inst.rules.weights.change * changed
    floor = min(values.values(), default=0)
    return total + inst.fairness_weight * floor, total, floor


class _Best:
    """The best schedule so far (offered from one or two search threads)."""

    def __init__(self, d, runner):
        self.d, self.runner = d, runner
        self.sol, self.obj, self.top = None, -math.inf, None
        self.history: list = []  # the last improving schedules, best last
        self._lock = threading.Lock()

    def offer(self, sol, *_):
        obj, _total, floor = evaluate(self.d, sol)
        sol["floor"] = floor
        with self._lock:
            self._offer(sol, obj, floor)

    def _offer(self, sol, obj, floor):
        if self.top is None or floor > self.top["floor"]:
            self.top = sol  # the fairest schedule seen: hint for high floors
        if obj > self.obj:
            self.sol, self.obj = sol, obj
            self.history.append((obj, sol))
            del self.history[:-20]
            self.runner.report(obj)


def _set_floor_domain(model, v, lo: int, hi: int) -> None:
    dom = model.proto.variables[v.floor.index].domain  # created as one interval [lo, hi]
    dom[0], dom[1] = lo, max(lo, hi)


def floor_search(inst, runner: Runner) -> Result:
    w = inst.fairness_weight
    if not inst.teams or w == 0:
        return _decoupled_single(inst, runner) if inst.rooms else plain(inst, runner)
    agg = bool(inst.rooms)
    model, v, d = build(inst, aggregate_rooms=agg)
    values = add_objective(model, v, d, "full")  # creates the floor variable and F <= V_t
    changed, const = changed_expr(v, d)
    total = sum(values.values()) - inst.rules.weights.change * (changed + const)
    full_obj = total + w * v.floor
    best = _Best(d, runner)
    runner.note(f"model built: {len(v.x)} meetings, {len(v.y)} coach pairs, {len(v.r)} room "
                f"variables")
    # cheap proved bounds: each team alone bounds the floor, a flow bounds the total
    hi0 = max(0, min(team_alone_bounds(d).values()))
    _set_floor_domain(model, v, 0, hi0)
    s_flow = total_upper_bound(d)
    runner.report(bound=s_flow + w * hi0)
    T = runner.remaining()

    huge = len(v.x) > HUGE
    bounding = None
    if huge and runner.workers >= 2:  # one core proves a bound meanwhile (LP of the model)
        bounding = _LpBound(d, hi0, runner)
    # 0. a constructive schedule (min-cost flow), unless re-planning from a previous one
    start = previous_solution(inst, v)
    if start is None and runner.remaining() > 0 and not runner.stopped():
        start = _constructive(inst, d, runner, best, agg, T)

    # 1. sum phase
    model.clear_objective()
    model.maximize(total)
    hint(model, v, start)
    out = runner.solve(model, v, 0.0 if huge else 0.3 * T, on_solution=best.offer)
    if out.status == cp_model.INFEASIBLE:
        return Result("infeasible", None, None)
    if best.sol is None:
        return plain(inst, runner)
    s_ub = min(s_flow, math.floor(out.bound + 1e-6) if out.bound is not None else math.inf)
    _trace(runner, "sum", out, best)
    if agg and assign_rooms(inst, best.sol["x"]) is None:
        return plain(inst, runner, start=best.sol)
    # (adding total <= S_ub as a cut made the floor sub-problems much slower: not done)
    bound = s_ub + w * hi0
    runner.report(bound=bound)
    if huge:  # CP-SAT cannot take the whole model in time: neighbourhoods of teams
        model.clear_objective()
        model.maximize(full_obj)
        floors = Floors(s_ub, hi0, w)

        def keep_going() -> bool:
            lo = floors.f_lo(best.obj)
            _set_floor_domain(model, v, lo, hi0)
            return lo <= hi0 and runner.remaining() > 0.5 and not runner.stopped()

        lns.improve(model, v, d, runner, best, keep_going, seconds=max(1.0, T / 40),
                    workers=1 if bounding else runner.workers)
        _trace(runner, "neighbourhood search", None, best)
        if bounding is not None:
            bound = min(bound, bounding.finish())
        return _finish(inst, runner, best, max(bound, best.obj), d)

    if MODE == "intervals" and not huge:
        floors = Floors(s_ub, hi0, w)
        if out.status == cp_model.OPTIMAL and out.solution is not None:  # the sum phase
            floors.ub[0] = s_ub
            floors.reach[0] = evaluate(d, out.solution)[2]
        bound = interval_search(model, v, d, runner, best, total, floors, max(0.5, T / SLICES),
                                trace=lambda phase, out: _trace(runner, phase, out, best),
                                until=FULL_SHARE * runner.remaining())
        # then the spec's objective on the floors still open (its bound covers them all)
        f_lo, f_hi = floors.f_lo(best.obj), floors.f_hi
        if f_lo > f_hi or bound <= best.obj:
            return _finish(inst, runner, best, max(bound, best.obj), d)
        _set_floor_domain(model, v, f_lo, f_hi)
        model.clear_objective()
        model.maximize(full_obj)
        hint(model, v, best.sol)
        out = runner.solve(model, v, runner.remaining(), on_solution=best.offer)
        _trace(runner, f"full F in [{f_lo}, {f_hi}]", out, best)
        if out.status == cp_model.INFEASIBLE:
            bound = best.obj
        elif out.bound is not None:
            bound = min(bound, math.floor(out.bound + 1e-6))
        return _finish(inst, runner, best, max(bound, best.obj), d)

    # 2. floor phase
    f_ub = hi0
    if FLOOR_SHARE > 0 and not huge:
        model.clear_objective()
        model.maximize(v.floor)
        hint(model, v, best.sol)
        out = runner.solve(model, v, FLOOR_SHARE * T, on_solution=best.offer)
        f_ub = math.floor(out.bound + 1e-6) if out.bound is not None else hi0
        _trace(runner, "floor", out, best)
        bound = min(bound, s_ub + w * f_ub)
        runner.report(bound=max(bound, best.obj))

    # 3. full phase on the floors that can still beat the best schedule
    f_lo = math.floor((best.obj - s_ub) / w) + 1
    if f_lo > f_ub:
        return _finish(inst, runner, best, best.obj, d)
    _set_floor_domain(model, v, max(0, f_lo), f_ub)
    model.clear_objective()
    model.maximize(full_obj)
    hint(model, v, best.sol)
    out = runner.solve(model, v, runner.remaining(), on_solution=best.offer)
    _trace(runner, f"full F in [{f_lo}, {f_ub}]", out, best)
    if out.status == cp_model.INFEASIBLE:
        bound = best.obj  # nothing in [F_lo, F_ub] beats the best: proved optimal
    elif out.bound is not None:
        bound = min(bound, math.floor(out.bound + 1e-6))
    return _finish(inst, runner, best, max(bound, best.obj), d)


class _LpBound:
    """The LP relaxation of the spec's objective solved by HiGHS in a thread, on huge models
    where it is the best bound available (``mip.lp_bound``). HiGHS cannot be interrupted:
    ``finish`` waits only as long as the time limit allows."""

    def __init__(self, d, f_hi, runner):
        self.bound = math.inf
        self.runner = runner
        self.thread = threading.Thread(target=self._run, args=(d, f_hi), daemon=True)
        self.thread.start()

    def _run(self, d, f_hi):
        b = lp_bound(d, f_hi, self.runner.remaining() - 2.0)
        if b is not None:
            self.bound = b

    def finish(self) -> float:
        self.thread.join(max(0.0, self.runner.wall_remaining()))
        self.runner.note(f"LP bound {self.bound}")
        return self.bound


def _constructive(inst, d, runner, best, agg, T):
    """Fairness-reweighted min-cost flows (greedy.py); returns the best as the hint."""
    deadline = time.monotonic() + (HUGE_FLOW_SHARE if len(d.triples) > HUGE else 0.1) * T
    if runner.workers == 1:  # reproducible: a fixed number of rounds
        deadline = math.inf
    for sol in fair_flow_solutions(d, evaluate, deadline, rounds=8, stop=runner.stopped):
        if runner.stopped():
            break
        if not agg or assign_rooms(inst, sol["x"]) is not None:
            best.offer(sol)
    if best.sol is None:
        sol = greedy_solution(d)
        if sol is not None and (not agg or assign_rooms(inst, sol["x"]) is not None):
            best.offer(sol)
    _trace(runner, "flow heuristic", None, best)
    return best.sol


def _trace(runner, phase, out, best):
    what = f"status {out.status}, objective {out.objective}, bound {out.bound}, " if out else ""
    runner.note(f"{phase}: {what}best schedule {best.obj}")


def _finish(inst, runner, best, bound, d) -> Result:
    """Assign rooms to the best schedule that can be housed (the bound stays valid: it was
    proved for the relaxation); if none can, fall back to the exact joint model."""
    for obj, cand in reversed(best.history or [(best.obj, best.sol)]):
        sol = dict(cand)
        if inst.rooms:
            rooms = assign_rooms(inst, sol["x"])
            if rooms is None:
                continue
            sol["r"] = rooms
        runner.report(bound=bound)
        return Result("optimal" if bound <= obj else "feasible", sol, bound)
    return plain(inst, runner, start=best.sol)


def _decoupled_single(inst, runner) -> Result:
    model, v, d = build(inst, aggregate_rooms=True)
    add_objective(model, v, d, "full")
    hint(model, v, previous_solution(inst, v))
    best = _Best(d, runner)
    out = runner.solve(model, v, runner.remaining(), on_solution=best.offer)
    if out.status == cp_model.INFEASIBLE or best.sol is None:
        return plain(inst, runner)
    return _finish(inst, runner, best, max(best.obj, math.floor(out.bound + 1e-6)), d)
