"""Benchmark: the organiser lists and the API lists of an event 30 times the demo's size.

    python benchmarks/pages.py --scale 30 --repeat 30
    python benchmarks/pages.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/hackathon_bench_lists

Builds a fresh database (a temporary SQLite file by default; a PostgreSQL database named in
--database-url is dropped and created again, and ANALYZEd after the load), migrates it, writes
the event of benchmarks/list_event.py and then, logged in as an organiser through the Flask
test client, requests every list: first page, a middle page, sorted by each column, filtered
by each filter, and the paged API lists. Prints p50 / p95 / max wall-clock milliseconds per
page, the median CPU milliseconds of this process (what other load on the machine does not
inflate; the database server's own work is not in it) and the SQL statements each request
runs; the statements of each list at 10 and at 200 rows per page show they do not grow with
the rows.
"""
from __future__ import annotations

import argparse
import gc
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy  # noqa: E402
from sqlalchemy import event as sa_event  # noqa: E402

from app import create_app, freeze_heap  # noqa: E402
from app.config import TestConfig  # noqa: E402
from app.extensions import db  # noqa: E402
from benchmarks.list_event import ORGANISER_EMAIL, PASSWORD, generate_event  # noqa: E402
from benchmarks.machine import basics  # noqa: E402

TARGET_P95_MS = 100


def machine(engine) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            version = conn.exec_driver_sql("select sqlite_version()").scalar()
        else:
            version = conn.exec_driver_sql("show server_version").scalar()
    return (f"{basics()}, SQLAlchemy {sqlalchemy.__version__}, "
            f"database {engine.dialect.name} {version}")


def fresh_database(url: str | None) -> tuple[str, str]:
    """(SQLAlchemy URL, description) of an empty database."""
    if not url:
        folder = tempfile.mkdtemp(prefix="bench-pages-")
        return f"sqlite:///{folder}/bench.db", f"temporary SQLite file in {folder}"
    if url.startswith("postgresql"):
        import psycopg

        name = url.rsplit("/", 1)[1].split("?")[0]
        base = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return url, f"PostgreSQL database {name} (dropped and created)"
    return url, url


def pages_to_measure(counts: dict) -> list[str]:
    """First, middle and sorted pages of each list, a page per filter, the API pages."""
    from app.models.people import team_coaches

    lists = ("enterprises", "partners", "coaches", "conflicts", "accounts")
    coach_id = db.session.execute(db.select(team_coaches.c.coach_id).order_by(
        team_coaches.c.enterprise_id)).scalars().first()
    sorts = {"enterprises": ["name", "organisation", "country", "members", "coach", "stage",
                             "status", "registered"],
             "partners": ["name", "organisation", "kind", "sessions", "status", "registered"],
             "coaches": ["name", "organisation", "teams", "status", "registered"],
             "conflicts": ["enterprise", "partner", "reason"],
             "accounts": ["email", "name", "role", "coach", "status"]}
    filters = {
        "enterprises": ["q=care", "q=rossi", "status=pending", "stage=ideate", "stage=~none",
                        "country=IT", f"coach={coach_id}", "coach=~none", "skill=video",
                        "language=sv", "status=accepted&stage=define&language=it&skill=funding"],
        "partners": ["q=studio", "status=accepted", "skill=ux-research", "language=en",
                     "partner_kind=living_lab", "status=pending&skill=video&language=de"],
        "coaches": ["q=coaching", "status=accepted", "skill=pricing", "language=ro"],
        "conflicts": ["q=care"],
        "accounts": ["q=coach1", "role=coach"],
    }
    urls = []
    for name in lists:
        path = f"/admin/{name}"
        urls += [path, f"{path}?page={max(1, -(-counts[name] // 50) // 2)}"]
        urls += [f"{path}?sort={key}&dir=desc" for key in sorts[name]]
        urls += [f"{path}?{query}" for query in filters[name]]
    return urls + ["/api/teams?page=2&per_page=50", "/api/teams?page=1&per_page=200",
                   "/api/people?role=partner&page=5&per_page=100",
                   "/api/people?page=10&per_page=200"]


def log_in(client) -> None:
    html = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/auth/login", data={"csrf_token": token, "email": ORGANISER_EMAIL,
                                                "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def measure(client, engine, url: str, repeat: int) -> dict:
    statements: list[int] = []

    def listener(*_args):
        statements.append(1)

    response = client.get(url)  # warm up: templates compiled, caches filled
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        for _n in range(repeat):
            statements.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    times.sort()
    rows = response.json if response.is_json else None
    shown = len(rows) if rows is not None else response.get_data(as_text=True).count("<tr>") - 1
    return {"p50": statistics.median(times),
            "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            "max": times[-1], "cpu": statistics.median(cpu), "statements": len(statements),
            "rows": shown,
            "total": response.headers.get("X-Total-Count") or _found(response)}


def _found(response) -> str:
    match = re.search(r"Page \d+ of \d+, (\d+) found", response.get_data(as_text=True))
    return match.group(1) if match else "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=30, help="times the demo event (default 30)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=30, help="requests per page (default 30)")
    ap.add_argument("--database-url", help="default: a temporary SQLite file")
    ap.add_argument("--no-freeze", action="store_true",
                    help="measure without app.freeze_heap() (what wsgi.py does at start-up)")
    args = ap.parse_args(argv)
    url, where = fresh_database(args.database_url)
    app = create_app({**TestConfig.resolve(), "SQLALCHEMY_DATABASE_URI": url, "TESTING": False})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        engine = db.engine
        print(machine(engine) + f", load average {os.getloadavg()[0]:.2f}")
        print(f"command: python benchmarks/pages.py {' '.join(sys.argv[1:])}")
        started = time.perf_counter()
        counts = generate_event(args.scale, args.seed)
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:  # what autovacuum does after a bulk load
                conn.exec_driver_sql("ANALYZE")
        print(f"scale {args.scale}, seed {args.seed}, {where}: "
              + ", ".join(f"{v} {k}" for k, v in counts.items())
              + f" (written in {time.perf_counter() - started:.1f} s); {args.repeat} requests "
              "per page after one warm-up")
        pages = pages_to_measure(counts)
    freeze_heap()  # as wsgi.py does after start-up (--no-freeze: without)
    if args.no_freeze:
        gc.unfreeze()
    # Each request gets its own app context, session and `g`, as in production.
    client = app.test_client()
    log_in(client)
    print(f"{'page':<62} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu ms':>7} "
          f"{'SQL':>4} {'rows':>5} {'found':>6}")
    worst = []
    for page in pages:
        figures = measure(client, engine, page, args.repeat)
        worst.append((figures["p95"], page))
        print(f"{page:<62} {figures['p50']:7.1f} {figures['p95']:7.1f} {figures['max']:7.1f} "
              f"{figures['cpu']:7.1f} {figures['statements']:4d} {figures['rows']:5d} "
              f"{figures['total']:>6}", flush=True)
    print("SQL statements at 10 and at 200 rows per page:")
    for name in ("enterprises", "partners", "coaches", "conflicts", "accounts"):
        few = measure(client, engine, f"/admin/{name}?per_page=10", 1)["statements"]
        many = measure(client, engine, f"/admin/{name}?per_page=200", 1)["statements"]
        print(f"  /admin/{name}: {few} and {many}")
    p95, page = max(worst)
    verdict = "met" if p95 <= TARGET_P95_MS else "MISSED"
    print(f"slowest p95: {p95:.1f} ms ({page}); target {TARGET_P95_MS} ms {verdict}; "
          f"load average {os.getloadavg()[0]:.2f}")
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
