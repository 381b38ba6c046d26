"""Benchmark: this solver against the plain one-model CP-SAT, side by side.

    python benchmarks/solver.py --scales 1 3 10 --time-limit 10,30,120 --workers 2 --seed 1

Instances come from benchmarks/generator.py (importable: ``generate_instance``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ortools  # noqa: E402

import scheduler  # noqa: E402
from benchmarks.generator import generate_instance  # noqa: E402
from benchmarks.machine import basics  # noqa: E402
from benchmarks.plain_model import solve_plain  # noqa: E402

__all__ = ["generate_instance", "main"]


def machine() -> str:
    return f"{basics()}, OR-Tools {ortools.__version__}"


def gap(obj, bound):
    if obj is None or bound is None:
        return None
    return (bound - obj) / max(1, abs(bound))


def fmt(name, status, obj, bound, secs):
    g = gap(obj, bound)
    gs = f"{100 * g:.2f}%" if g is not None else "-"
    return f"  {name:<10} {status:<10} objective {obj!s:>7} bound {bound!s:>7} gap {gs:>7} " \
           f"time {secs:6.1f}s"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 3, 10])
    ap.add_argument("--time-limit", default="10,30,120",
                    help="seconds per scale, comma separated (the last one repeats)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-plain", action="store_true", help="skip the plain model")
    ap.add_argument("--replan", action="store_true",
                    help="then drop the busiest partner and re-plan from the schedule")
    args = ap.parse_args(argv)
    limits = [float(x) for x in args.time_limit.split(",")]
    print(machine())
    print(f"command: python benchmarks/solver.py {' '.join(sys.argv[1:])}")
    for i, k in enumerate(args.scales):
        tl = limits[min(i, len(limits) - 1)]
        inst = generate_instance(k, seed=args.seed)
        print(f"scale {k}: {len(inst['teams'])} teams, {len(inst['partners'])} partners, "
              f"{len(inst['coaches'])} coaches, {len(inst['rooms'])} rooms, "
              f"time limit {tl:g}s, workers {args.workers}, seed {args.seed}", flush=True)
        first = {}
        t0 = time.monotonic()

        def note(p, first=first, t0=t0):
            first.setdefault("t", time.monotonic() - t0)

        s = scheduler.solve(inst, time_limit=tl, workers=args.workers, seed=args.seed,
                            progress=note)
        ok = scheduler.check(inst, s).ok if s.has_schedule else None
        print(fmt("scheduler", s.status, s.objective, s.bound, s.solve_seconds)
              + f" first schedule {first.get('t', float('nan')):.1f}s valid {ok}", flush=True)
        if args.replan and s.has_schedule:
            replan(inst, s, tl, args)
        if args.no_plain:
            continue
        p = solve_plain(inst, tl, args.workers, args.seed)
        print(fmt("plain", p["status"], p["objective"], p["bound"], p["seconds"]), flush=True)
        if s.objective is not None and p["objective"] is not None:
            print(f"  ratio objective scheduler/plain {s.objective / p['objective']:.4f}, "
                  f"bound {s.bound / p['bound']:.4f}")
    return 0


def replan(inst, first, time_limit, args) -> None:
    """A partner drops out: solve again with the first schedule as ``previous``. The one
    dropped is the first (by id) with a meeting whose departure leaves a schedule possible
    (the generated events are tight: at scale 1, seed 1, without p09 or p39 no schedule
    exists, which the solver proves), tried in turn."""
    for gone in sorted({m.partner for m in first.meetings}):
        if _replan_without(inst, first, gone, time_limit, args):
            return


def _replan_without(inst, first, gone, time_limit, args) -> bool:
    again = dict(inst, previous=first.to_dict())
    again["partners"] = [p for p in inst["partners"] if p["id"] != gone]
    again["teams"] = [dict(t, wishes=[p for p in t["wishes"] if p != gone])
                      for t in inst["teams"]]
    again["forbidden"] = [f for f in inst["forbidden"] if f["partner"] != gone]
    s = scheduler.solve(again, time_limit=time_limit, workers=args.workers, seed=args.seed)
    rep = scheduler.check(again, s) if s.has_schedule else None
    if s.status == "infeasible":
        print(f"  (without partner {gone} no schedule exists: {s.explanation[0][:80]})")
        return False
    own = sum(m.partner == gone for m in first.meetings)
    kept = ({(c.team, c.coach) for c in first.coaches}
            == {(c.team, c.coach) for c in s.coaches})
    print(fmt("re-plan", s.status, s.objective, s.bound, s.solve_seconds)
          + f" partner {gone} dropped ({own} meetings):"
          f" {rep.changed if rep else '-'} changes, coaches kept {kept},"
          f" valid {bool(rep) and rep.ok}", flush=True)
    return True


if __name__ == "__main__":
    raise SystemExit(main())
