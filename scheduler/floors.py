"""Search over the fairness floor F with sub-problems "maximise the total, every team >= a".

With maxsum(F) the best total of schedules whose weakest team has at least F, the optimum is
max over F of maxsum(F) + w * F, and maxsum is non-increasing in F. Solving the sub-problem
at a point ``a`` (CP-SAT, floor variable's domain set to [a, F_hi]) gives a proved bound
ub(a) >= maxsum(a) >= maxsum(F) for every F >= a, and schedules. So for F in
[a_i, a_{i+1} - 1] the objective is at most min(ub(a) for a <= a_i) + w * (a_{i+1} - 1); the
overall bound is the largest of these segment bounds over [F_lo, F_hi], where F_lo is the
smallest floor that can still beat the best schedule (S_ub + w * (F_lo - 1) <= best) and
F_hi a proved bound on the floor (lowered when a sub-problem is proved infeasible). Each
step solves the point that splits the segment with the largest bound.
"""

from __future__ import annotations

import functools
import math
import threading

from ortools.sat.python import cp_model

from .runner import hint


def _locked(method):
    """Two search threads read and update the floors: one at a time."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)
    return run


class Floors:
    def __init__(self, s_ub: int, f_hi: int, w: int):
        self.lock = threading.RLock()
        self.s_ub, self.f_hi, self.w = s_ub, f_hi, w
        self.ub: dict[int, int] = {}  # a -> proved bound on maxsum(a)
        self.tries: dict[int, float] = {}  # a -> seconds given so far
        self.attempts: dict[int, int] = {}  # a -> sub-problems solved at a
        self.reach: dict[int, int] = {}  # a -> floor of the proved-optimal schedule at a
        self.hard: set[int] = set()  # points where CP-SAT found nothing in its time

    @_locked
    def f_lo(self, best: float) -> int:
        if not math.isfinite(best) or not math.isfinite(self.s_ub):
            return 0
        return max(0, math.floor((best - self.s_ub) / self.w) + 1)

    @_locked
    def segments(self, best: float, top: int | None = None):
        """(lo, hi, bound) covering the floors that may still beat ``best`` (up to ``top``
        instead of ``f_hi`` if given)."""
        f_hi = self.f_hi if top is None else min(top, self.f_hi)
        lo0 = self.f_lo(best)
        if lo0 > f_hi:
            return []
        pts = sorted(a for a in self.ub if lo0 < a <= f_hi)
        starts = [lo0] + pts
        out = []
        for i, lo in enumerate(starts):
            hi = starts[i + 1] - 1 if i + 1 < len(starts) else f_hi
            eff = min([self.s_ub] + [u for a, u in self.ub.items() if a <= lo])
            out.append((lo, hi, eff + self.w * hi))
        return out

    @_locked
    def bound(self, best: float) -> float:
        segs = self.segments(best)
        return max([best] + [b for _, _, b in segs])

    @_locked
    def next_point(self, best: float, elsewhere: int | None = None):
        """The floor to solve next; ``elsewhere``: the floor's bound is being settled by
        other means (the configuration LP), so choose below it while there is anything."""
        top = None
        if elsewhere is not None and elsewhere == self.f_hi:
            top = self.f_hi - 1
            if not any(s[2] > best for s in self.segments(best, top)):
                top = None
        segs = [s for s in self.segments(best, top) if s[2] > best]
        if not segs:
            return None
        lo, hi, _ = max(segs, key=lambda s: (s[2], s[0]))
        base = max((a for a in self.ub if a <= lo), default=None)
        start = lo
        if base is not None:  # floors up to the base's proved-optimal schedule are settled
            start = max(lo, self.reach.get(base, base) + 1)
            if start > hi:
                start = hi
            elif hi > start:  # upper third: the best floors tend to lie near the top
                start = hi - (hi - start) // 3
        # a point where CP-SAT found nothing: look lower first (down to the first unsettled
        # floor), retry it (with doubled time) only when nothing lower is left
        first = lo if base is None else max(lo, self.reach.get(base, base - 1) + 1)
        while start in self.hard and start > first:
            start = (first + start) // 2
        return start


def interval_search(model, v, d, runner, best, total, floors: Floors, slice_s: float,
                    trace=None, until: float = math.inf) -> float:
    """Run until proved, stopped, out of time or ``runner.remaining() < until``; returns the
    proved bound."""
    model.clear_objective()
    model.maximize(total)
    dom = model.proto.variables[v.floor.index].domain
    while runner.remaining() > max(0.05, until) and not runner.stopped():
        a = floors.next_point(best.obj)
        if a is None:
            break
        seconds = min(max(slice_s, 2 * floors.tries.get(a, 0.0)),
                      runner.remaining() - until)
        floors.tries[a] = seconds
        dom[0], dom[1] = a, max(a, floors.f_hi)
        hint(model, v, best.sol if best.sol.get("floor", -1) >= a else best.top)
        out = runner.solve(model, v, seconds, on_solution=best.offer)
        if out.status == cp_model.INFEASIBLE:
            floors.f_hi = min(floors.f_hi, a - 1)
        elif out.bound is not None:
            floors.ub[a] = min(floors.ub.get(a, math.inf), math.floor(out.bound + 1e-6))
            if out.status == cp_model.OPTIMAL:
                floors.reach[a] = out.solution.get("floor", a)
        else:
            floors.hard.add(a)
        if trace:
            trace(f"sum with floor >= {a}", out)
        runner.report(bound=floors.bound(best.obj))
    return floors.bound(best.obj)
