"""Seeded instance generator shaped like the demo event (importable by tests and the app).

Scale k multiplies teams (16), partners (40), coaches (8) and rooms; the six sparring
sessions over Saturday and Sunday stay the same.
"""

from __future__ import annotations

import random

SKILLS = [
    "interviewing", "field-research", "ux-research", "storytelling", "video", "photography",
    "graphic-design", "branding", "web-development", "data-analysis", "3d-printing",
    "electronics", "business-model", "fundraising", "law", "marketing", "social-media",
    "facilitation", "pitching", "user-testing",
]
STAGES = ["empathize", "define", "ideate", "prototype", "test"]
SESSIONS = [
    ("sat-1", "2023-09-23T09:00", "2023-09-23T10:30", "empathize"),
    ("sat-2", "2023-09-23T11:00", "2023-09-23T12:30", "define"),
    ("sat-3", "2023-09-23T14:00", "2023-09-23T15:30", "ideate"),
    ("sun-1", "2023-09-24T09:00", "2023-09-24T10:30", "ideate"),
    ("sun-2", "2023-09-24T11:00", "2023-09-24T12:30", "prototype"),
    ("sun-3", "2023-09-24T14:00", "2023-09-24T15:30", "test"),
]
ROOMS = [("barn", 16, 3), ("hayloft", 12, 2), ("parlour", 7, 1), ("kitchen", 8, 1),
         ("stable", 12, 2), ("garden", 14, 2), ("cellar", 6, 1), ("greenhouse", 10, 2),
         ("workshop", 14, 2), ("porch", 9, 2)]
LANGS = ["it", "ro", "sv", "de", "es"]


def generate_instance(scale: int = 1, seed: int = 1, rooms: bool = True) -> dict:
    """A feasible-looking instance dict: 16k teams, 40k partners, 8k coaches, 6 sessions."""
    rng = random.Random(seed * 1000 + scale)
    k = scale
    sessions = [{"id": "fri-kickoff", "start": "2023-09-22T18:00", "end": "2023-09-22T19:00",
                 "stage": "empathize", "kind": "plenary"}]
    sessions += [{"id": i, "start": a, "end": b, "stage": g, "kind": "sparring"}
                 for i, a, b, g in SESSIONS]
    sat = [s[0] for s in SESSIONS if s[0].startswith("sat")]
    sun = [s[0] for s in SESSIONS if s[0].startswith("sun")]
    n_t, n_p, n_c = 16 * k, 40 * k, 8 * k
    w = max(2, len(str(n_p)))
    tid = [f"t{i + 1:0{w}d}" for i in range(n_t)]
    pid = [f"p{i + 1:0{w}d}" for i in range(n_p)]
    teams = []
    for i, t in enumerate(tid):
        langs = ["en", rng.choice(LANGS)]
        if rng.random() < 0.06:
            langs = ["de"]
        needs = {g: rng.sample(SKILLS, rng.randint(1, 3)) for g in STAGES if rng.random() < 0.85}
        teams.append({"id": t, "name": f"Team {i + 1}", "size": rng.randint(2, 4),
                      "languages": langs, "needs": needs,
                      "wishes": rng.sample(pid, rng.randint(0, 2))})
    partners = []
    for i, p in enumerate(pid):
        langs = ["de", "en"] if rng.random() < 0.85 else ["de"]
        if rng.random() < 0.2:
            langs.append(rng.choice(["it", "es", "ro", "sv"]))
        roll = rng.random()
        avail = sat if roll < 0.35 else (sun if roll < 0.5 else sat + sun)
        avail = [s for s in avail if rng.random() < 0.9] or avail[:1]
        skills = rng.sample(SKILLS, rng.randint(1, 4))
        part = {"id": p, "name": f"Partner {i + 1}", "skills": skills,
                "languages": langs, "available": avail,
                "wishes": rng.sample(tid, rng.randint(0, 2) if rng.random() < 0.4 else 0)}
        if rng.random() < 0.25:
            part["max_sessions"] = rng.randint(1, 2)
        partners.append(part)
    coaches = []
    for i in range(n_c):
        langs = ["en", "de"] + ([rng.choice(LANGS[:3] + LANGS[4:])] if rng.random() < 0.5 else [])
        coaches.append({"id": f"c{i + 1:0{w}d}", "name": f"Coach {i + 1}",
                        "skills": rng.sample(SKILLS, rng.randint(1, 3)), "languages": langs,
                        "max_teams": rng.randint(2, 3)})
    room_list = []
    if rooms:
        for j in range(k):
            for r, cap, mt in ROOMS:
                rid = r if k == 1 else f"{r}-{j + 1}"
                room_list.append({"id": rid, "name": rid.title(), "capacity": cap,
                                  "max_teams": mt})
    return {
        "event": {"name": f"Generated event x{k} (seed {seed})", "timezone": "Europe/Berlin"},
        "stages": STAGES, "sessions": sessions, "rooms": room_list, "teams": teams,
        "partners": partners, "coaches": coaches,
        "rules": {"partners_per_team": {"min": 1, "max": 3}, "partner_max_sessions": 4,
                  "max_repeat": 1,
                  "weights": {"base": 1, "skill": 10, "wish": 5, "coach": 3, "fairness": None,
                              "change": 100}},
        "forbidden": [{"team": rng.choice(tid), "partner": rng.choice(pid)} for _ in range(k)],
        "fixed": {"meetings": [], "coaches": [], "rooms": []},
        "previous": None,
    }
