"""Measurement: the configuration LP's verdict on "can every team reach the floor F?".

    python benchmarks/config_lp.py --scale 1 --seed 2 --floor 70

Runs ``scheduler.agendas.refute_floor`` (the configuration LP over team agendas, see its
docstring) alone on a generated event and prints its log, verdict and time: "refuted"
(proved: no schedule lifts every team to F), "open" (every team fits in the LP, or the time
ran out).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generator import generate_instance  # noqa: E402
from benchmarks.solver import machine  # noqa: E402
from scheduler.agendas import refute_floor  # noqa: E402
from scheduler.io import parse_instance  # noqa: E402
from scheduler.model import build_data  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--floor", type=int, required=True)
    ap.add_argument("--seconds", type=float, default=300)
    args = ap.parse_args(argv)
    print(machine())
    inst = parse_instance(generate_instance(args.scale, seed=args.seed))
    d = build_data(inst, aggregate_rooms=bool(inst.rooms))
    began = time.monotonic()
    refuted = refute_floor(d, args.floor, args.seconds, note=print)
    print(f"scale {args.scale}, seed {args.seed}, floor {args.floor}: "
          f"{'refuted' if refuted else 'open'} in {time.monotonic() - began:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
