"""Running CP-SAT: parameters, the progress callback and the stop signal."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .types import Progress


@dataclass
class Outcome:
    status: int
    solution: dict | None  # {"x": set of keys, "y": set, "r": set} of the best solution
    objective: float | None
    bound: float | None
    proved: bool


class Runner:
    """Shared state of one ``solve`` call: deadline, stop event, progress, best so far."""

    def __init__(self, time_limit: float, workers: int, seed: int, progress=None, stop=None,
                 log: bool | str = False, start: float | None = None):
        self.start = time.monotonic() if start is None else start
        # keep a little time for assigning rooms, re-checking and writing the result
        reserve = min(2.0, 0.03 * float(time_limit))
        self.deadline = self.start + max(0.0, float(time_limit) - reserve)
        self.workers = max(1, int(workers))
        self.seed = int(seed)
        self.progress = progress
        self.stop = stop
        self.log = log == "cp-sat"
        self.trace = bool(log)
        self.det_budget = self.deadline - self.start
        self.det_used = 0.0
        self.best_objective: int | None = None
        self.best_bound: int | None = None
        self._solvers: set = set()  # CP-SAT solvers running now (one per thread)
        self._lock = threading.Lock()
        self._halted = threading.Event()  # set by halt(): end the running solves early
        self._watch = None
        if stop is not None:
            self._watch = threading.Thread(target=self._watch_stop, daemon=True)
            self._watch.start()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def remaining(self) -> float:
        """Seconds left. With one worker the search is steered by CP-SAT's deterministic
        time instead (so runs are reproducible); the wall clock stays a hard limit."""
        wall = self.deadline - time.monotonic()
        if self.workers == 1:
            return min(self.det_budget - self.det_used, wall)
        return wall

    def note(self, text: str) -> None:
        """One line of the search log (``log=True``) on stderr, with the elapsed time."""
        if self.trace:
            print(f"[{self.elapsed():6.2f}s] {text}", file=sys.stderr)

    def wall_remaining(self) -> float:
        return self.deadline - time.monotonic()

    def stopped(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def _watch_stop(self):
        while not self.stop.wait(0.05):
            if time.monotonic() > self.deadline + 5:
                return
        self.halt()

    def halt(self) -> None:
        """Stop every running CP-SAT solve (the search found its proof or was stopped)."""
        with self._lock:
            self._halted.set()
            for solver in self._solvers:
                solver.stop_search()

    def resume(self) -> None:
        """Allow solves again after ``halt`` (not after the stop event)."""
        if not self.stopped():
            self._halted.clear()

    def report(self, objective: int | None = None, bound: int | None = None) -> None:
        """Record a better objective or bound and call the progress callback."""
        with self._lock:
            self._report(objective, bound)

    def _report(self, objective, bound) -> None:
        changed = False
        if objective is not None and (self.best_objective is None
                                      or objective > self.best_objective):
            self.best_objective, changed = objective, True
        if bound is not None and (self.best_bound is None or bound < self.best_bound):
            self.best_bound, changed = bound, True
        if changed and self.progress is not None and self.best_objective is not None:
            bound = self.best_bound if self.best_bound is not None else self.best_objective
            self.progress(Progress(self.best_objective, max(bound, self.best_objective),
                                   round(self.elapsed(), 3)))

    def solve(self, model, v, seconds: float, on_solution=None, params: dict | None = None,
              workers: int | None = None, on_bound=None) -> Outcome:
        """Solve ``model`` for at most ``seconds`` (and never past the deadline)."""
        seconds = min(seconds, self.remaining())
        if seconds <= 0.01 or self.stopped():
            return Outcome(cp_model.UNKNOWN, None, None, None, False)
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.max_time_in_seconds = seconds
        p.num_workers = workers or self.workers
        if p.num_workers == 1:  # reproducible: phases end on deterministic time
            p.max_time_in_seconds = max(0.01, self.wall_remaining())
            p.max_deterministic_time = seconds
        p.random_seed = self.seed
        p.log_search_progress = self.log
        for k, val in (default_params(p.num_workers) if params is None else params).items():
            if isinstance(val, list):
                getattr(p, k).extend(val)
            else:
                setattr(p, k, val)
        best = {"sol": None}

        class CB(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(cb):
                best["sol"] = {
                    "x": {k for k, var in v.x.items() if cb.boolean_value(var)},
                    "y": {k for k, var in v.y.items() if cb.boolean_value(var)},
                    "r": {k for k, var in v.r.items() if cb.boolean_value(var)},
                }
                if on_solution is not None:
                    on_solution(best["sol"], cb.objective_value, cb.best_objective_bound)

        if on_bound is not None:  # CP-SAT calls it with each better proved bound
            solver.best_bound_callback = on_bound
        with self._lock:
            if self._halted.is_set():
                return Outcome(cp_model.UNKNOWN, None, None, None, False)
            self._solvers.add(solver)
        status = solver.solve(model, CB())
        with self._lock:
            self._solvers.discard(solver)
            self.det_used += solver.deterministic_time
        has = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        obj = solver.objective_value if has else None
        # CP-SAT's bound is only meaningful once it has a solution (UNKNOWN may report 0)
        bound = solver.best_objective_bound if has else None
        return Outcome(status, best["sol"] if has else None, obj, bound,
                       status in (cp_model.OPTIMAL, cp_model.INFEASIBLE))


def default_params(workers: int) -> dict:
    """Worker choice measured on demo-shaped instances (docs/performance.md).

    The tight LP (linearization level 2, the ``max_lp`` worker) proves bounds; on 2 cores the
    second worker is ``core``, which found the best schedules. CP-SAT's default 2-worker
    portfolio has a much weaker bound (and missed easy infeasibility proofs) here.
    """
    if workers == 1:
        return {"linearization_level": 2}
    if workers == 2:
        return {"subsolvers": ["max_lp", "core"]}
    return {}


def hint(model, v, sol: dict | None) -> None:
    """Use ``sol`` as a complete hint."""
    model.clear_hints()
    if not sol:
        return
    for k, var in v.x.items():
        model.add_hint(var, k in sol["x"])
    for k, var in v.y.items():
        model.add_hint(var, k in sol["y"])
    for k, var in v.r.items():
        model.add_hint(var, k in sol["r"])
    if v.floor is not None and "floor" in sol:
        model.add_hint(v.floor, sol["floor"])
