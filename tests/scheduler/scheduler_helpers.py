"""Helpers shared by the scheduler tests (imported as a plain module)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # benchmarks.generator lives at the repo root
    sys.path.insert(0, str(ROOT))


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def mini(teams=1, sessions=1, partners=(), coaches=None, rooms=(), rules=None, **extra) -> dict:
    """A small instance: teams t1.. (en, size 2, need 'x' in every stage), sessions s1.. of
    stage 'g', the given partner dicts (defaults: en, available everywhere, no skill)."""
    sess = [{"id": f"s{i + 1}", "stage": "g", "kind": "sparring"} for i in range(sessions)]
    ps = []
    for i, p in enumerate(partners):
        base = {"id": f"p{i + 1}", "skills": [], "languages": ["en"],
                "available": [s["id"] for s in sess]}
        base.update(p)
        ps.append(base)
    inst = {
        "stages": ["g"], "sessions": sess, "rooms": list(rooms),
        "teams": [{"id": f"t{i + 1}", "size": 2, "languages": ["en"], "needs": {"g": ["x"]}}
                  for i in range(teams)],
        "partners": ps,
        "coaches": coaches if coaches is not None else
        [{"id": "c1", "languages": ["en"], "max_teams": 9}],
        "rules": {"partners_per_team": {"min": 1, "max": 1}, **(rules or {})},
    }
    inst.update(copy.deepcopy(extra))
    return inst
