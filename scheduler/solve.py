"""The public ``solve`` entry point: parse, explain cheap infeasibility, search, extract."""

from __future__ import annotations

import math
import time

from . import portfolio, search
from .check import check
from .explain import core_reasons, counting_reasons
from .io import parse_instance
from .runner import Runner
from .types import (
    CoachAssignment,
    Instance,
    InvalidInstance,
    Meeting,
    RoomAssignment,
    Schedule,
)


def solve(instance: Instance | dict, time_limit: float = 10.0, workers: int = 2, seed: int = 0,
          progress=None, stop=None, strategy: str = "auto", log: bool = False) -> Schedule:
    """Solve an instance (dataclass or dict) and return a :class:`Schedule`.

    * ``time_limit``: seconds for the whole call (explanations of infeasibility may add up
      to a few seconds more); ``workers``: CP-SAT workers; ``seed``: random seed
      (with ``workers=1`` and the same seed the result is reproducible).
    * ``progress``: called as ``progress(Progress(objective, bound, seconds))`` whenever the
      best objective or the proved bound improves.
    * ``stop``: a ``threading.Event``; once set the search stops soon and the best schedule
      so far is returned (status ``feasible``, or ``unknown`` without any).
    * ``strategy``: ``"auto"`` (with two or more workers and an event up to about 5 times
      the demo: HiGHS proves the floor sub-problems while CP-SAT improves the schedule,
      ``portfolio.py``; else CP-SAT's floor search), ``"cp-sat"`` (CP-SAT's floor search
      only) or ``"plain"`` (one model). See docs/scheduler.md.
    """
    t0 = time.monotonic()
    if not isinstance(instance, Instance):
        try:
            instance = parse_instance(instance)
        except InvalidInstance as e:
            return Schedule("invalid", solve_seconds=time.monotonic() - t0,
                            explanation=e.messages)
    reasons = counting_reasons(instance)
    if reasons:
        return Schedule("infeasible", solve_seconds=time.monotonic() - t0, explanation=reasons)
    runner = Runner(time_limit, workers, seed, progress, stop, log, start=t0)
    if strategy == "plain":
        result = search.plain(instance, runner)
    elif strategy == "auto" and portfolio.suits(instance, runner):
        result = portfolio.portfolio_search(instance, runner)
    else:
        result = search.floor_search(instance, runner)
    if result.status == "infeasible":
        expl = core_reasons(instance, time_limit=min(10.0, max(2.0, time_limit)), seed=seed)
        if not expl:
            expl = ["no schedule satisfies H1-H10 together for teams "
                    + ", ".join(t.id for t in instance.teams)
                    + " (proved by CP-SAT; the conflicting rules could not be isolated in time)"]
        return Schedule("infeasible", solve_seconds=time.monotonic() - t0, explanation=expl)
    if result.solution is None:
        why = "stopped" if runner.stopped() else f"the time limit of {time_limit} s"
        return Schedule("unknown", solve_seconds=time.monotonic() - t0,
                        explanation=[f"no schedule found before {why} for teams "
                                     + ", ".join(t.id for t in instance.teams)])
    sched = to_schedule(instance, result.solution)
    rep = check(instance, sched)
    if rep.violations:  # never expected: the model and the checker disagree
        raise AssertionError("solver produced an invalid schedule: "
                             + "; ".join(map(str, rep.violations)))
    sched.objective = rep.objective
    sched.team_values = rep.team_values
    bound = result.bound if result.bound is not None else math.inf
    bound = max(rep.objective, bound)
    proved = result.status == "optimal" or bound <= rep.objective
    sched.status = "optimal" if proved else "feasible"
    sched.bound = rep.objective if proved else (int(bound) if bound != math.inf else None)
    sched.solve_seconds = time.monotonic() - t0
    return sched


def to_schedule(inst: Instance, sol: dict) -> Schedule:
    return Schedule(
        status="feasible",
        meetings=sorted(Meeting(*k) for k in sol["x"]),
        coaches=sorted(CoachAssignment(*k) for k in sol["y"]),
        rooms=sorted(RoomAssignment(s, t, room) for (t, s, room) in sol["r"]),
    )
