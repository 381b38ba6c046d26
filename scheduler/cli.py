"""Command line: ``python -m scheduler solve|check`` (exit codes as in the spec)."""

from __future__ import annotations

import argparse
import json
import sys

from .check import check
from .io import load_json, parse_instance, parse_schedule
from .solve import solve
from .types import InvalidInstance, Schedule


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m scheduler", description="Weekend matching solver.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    s = sub.add_parser("solve", help="solve INSTANCE.json and write SCHEDULE.json")
    s.add_argument("instance")
    s.add_argument("--out", required=True, help="where to write the schedule JSON")
    s.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    s.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    s.add_argument("--strategy", choices=("auto", "cp-sat", "plain"), default="auto")
    s.add_argument("--log", nargs="?", const="phases", choices=("phases", "cp-sat"),
                   help="print the search phases (or also CP-SAT's own log) to stderr")
    c = sub.add_parser("check", help="verify SCHEDULE.json against INSTANCE.json")
    c.add_argument("instance")
    c.add_argument("schedule")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "solve":
        if args.time_limit < 0 or args.workers < 1:
            print("error: --time-limit must be >= 0 and --workers >= 1", file=sys.stderr)
            return 2
        return _solve(args)
    return _check(args)


def _solve(args) -> int:
    try:
        data = load_json(args.instance)
        sched = solve(data, time_limit=args.time_limit, workers=args.workers, seed=args.seed,
                      strategy=args.strategy, log=args.log)
    except InvalidInstance as e:
        sched = Schedule("invalid", explanation=e.messages)
    try:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(sched.to_dict(), f, indent=1, ensure_ascii=False)
            f.write("\n")
    except OSError as e:
        print(f"error: cannot write {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    line = f"{sched.status}"
    if sched.objective is not None:
        line += f": objective {sched.objective}, bound {sched.bound}"
    print(f"{line} ({sched.solve_seconds:.2f} s) -> {args.out}")
    for msg in sched.explanation:
        print(f"  - {msg}")
    return 0 if sched.has_schedule else 1


def _check(args) -> int:
    try:
        inst = parse_instance(load_json(args.instance))
    except InvalidInstance as e:
        print(f"invalid instance {args.instance}:")
        for m in e.messages:
            print(f"  - {m}")
        return 1
    try:
        sched = parse_schedule(load_json(args.schedule))
    except InvalidInstance as e:
        print(f"invalid schedule {args.schedule}:")
        for m in e.messages:
            print(f"  - {m}")
        return 1
    if not sched.has_schedule:
        print(f"schedule status is '{sched.status}': nothing to check"
              + "".join(f"\n  - {m}" for m in sched.explanation))
        return 1
    rep = check(inst, sched)
    for v in rep.violations:
        print(f"{v.rule}: {v.message}")
    print(f"objective (recomputed): {rep.objective}"
          + (f", reported {rep.reported_objective}" if rep.reported_objective is not None else "")
          + (" MISMATCH" if rep.reported_objective not in (None, rep.objective) else ""))
    print("team values: " + ", ".join(f"{t} {x}" for t, x in rep.team_values.items()))
    print("ok: no violation" if rep.ok else f"{len(rep.violations)} violation(s)")
    return 0 if rep.ok else 1
