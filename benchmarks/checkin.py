"""Check-in throughput: 16 scanners at once against one server process.

    python -m benchmarks.checkin                       # SQLite and PostgreSQL, 16 scanners
    python -m benchmarks.checkin --db postgresql --scanners 16 --people 2000

Starts gunicorn as `make serve` does (gunicorn.conf.py, gthread, one worker) on a fresh
database (a SQLite file in a temporary directory; PostgreSQL database hackathon_bench_checkin),
seeds an event with `--people` accepted people, their codes and one scanner account (with an
API token) per scanner thread. Each scanner keeps one HTTP keep-alive connection and scans its
share of the codes at arrival (every scan a new check-in: the full path with the insert, the
count, the broadcast and the nonce log), then each of them once more (answered 409).
Prints the machine and its load, then per database: scans/s, latency p50/p95/p99/max in ms,
and the server's CPU time per scan (what the machine's other load does not add).
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from benchmarks import live_servers as live
from benchmarks.machine import basics

_SEED = """
import json, sys
from datetime import date
from app import create_app
from app.extensions import db
from app.models import Event, Person
from app.services.accounts import create_api_token, create_user
from app.services.checkin import codes

people, scanners = int(sys.argv[1]), int(sys.argv[2])
app = create_app()
with app.app_context():
    event = Event(name="Check-in benchmark", venue="Farm", starts_on=date(2023, 9, 22),
                  ends_on=date(2023, 9, 24), timezone="Europe/Berlin")
    db.session.add(event)
    db.session.flush()
    rows = [Person(event_id=event.id, role="partner", name=f"Person {i}", status="accepted",
                   email=f"person{i}@example.org", languages=["en"], partner_kind="creative")
            for i in range(people)]
    db.session.add_all(rows)
    db.session.commit()
    tokens = list(codes.tokens_for(rows).values())
    api = []
    for i in range(scanners):
        create_user(f"door{i}@example.org", "scanner", "correct horse battery")
        api.append(create_api_token(f"door{i}@example.org"))
    print(json.dumps({"tokens": tokens, "api": api}))
"""


def seed(database_url: str, people: int, scanners: int) -> dict:
    import subprocess

    out = subprocess.run([sys.executable, "-c", _SEED, str(people), str(scanners)],
                         cwd=live.ROOT, env=live.server_env(database_url, None), check=True,
                         capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def scanner(port: int, api_token: str, texts: list[str], latencies: list, errors: list,
            start: threading.Barrier) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_token}"}
    start.wait()
    for text, expected in [(t, 201) for t in texts] + [(t, 409) for t in texts]:
        body = json.dumps({"token": text, "checkpoint": "arrival", "nonce": uuid.uuid4().hex})
        began = time.perf_counter()
        connection.request("POST", "/api/checkins", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - began)
        if response.status != expected:
            errors.append(response.status)
    connection.close()


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) used so far by gunicorn's master and its worker."""
    pids = [master_pid] + Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text(
    ).split()
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(kind: str, people: int, scanners: int, workdir: Path) -> dict:
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'checkin.db'}"
    else:
        url = live.fresh_database("hackathon_bench_checkin")
    live.migrate(url)
    seeded = seed(url, people, scanners)
    port = live.free_port()
    server = live.start_gunicorn(port, live.server_env(url, None, SERVE_LOG_LEVEL="warning"),
                                 log=workdir / f"gunicorn-{kind}.log", threads=64)
    try:
        # Warm up: the key cache and the connection pool (one invalid scan per scanner).
        for api_token in seeded["api"]:
            live.request(port, "POST", "/api/checkins", {"token": "WARM", "checkpoint":
                                                          "arrival", "nonce": "warm"}, api_token)
        shares = [seeded["tokens"][i::scanners] for i in range(scanners)]
        latencies: list[float] = []
        errors: list[int] = []
        start = threading.Barrier(scanners + 1)
        threads = [threading.Thread(target=scanner, args=(port, seeded["api"][i], shares[i],
                                                          latencies, errors, start))
                   for i in range(scanners)]
        for thread in threads:
            thread.start()
        start.wait()
        began, cpu_before = time.perf_counter(), server_cpu_seconds(server.pid)
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
        cpu = server_cpu_seconds(server.pid) - cpu_before
    finally:
        live.stop(server)
    return {"db": kind, "scans": len(latencies), "seconds": seconds,
            "errors": ", ".join(f"{n}x {status}" for status, n in Counter(errors).items()),
            "per_second": len(latencies) / seconds,
            "p50": percentile(latencies, 0.50) * 1000, "p95": percentile(latencies, 0.95) * 1000,
            "p99": percentile(latencies, 0.99) * 1000, "max": max(latencies) * 1000,
            "mean": statistics.fmean(latencies) * 1000,
            "cpu_ms": cpu / len(latencies) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scanners", type=int, default=16)
    parser.add_argument("--people", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {basics()}; load average {os.getloadavg()[0]:.1f}")
    print(f"{args.scanners} scanners, {args.people} people, each scanned twice "
          f"(201 then 409), one gunicorn gthread process")
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            r = run(kind, args.people, args.scanners, Path(tmp))
            print(f"{r['db']:<10} {r['scans']} scans in {r['seconds']:.1f} s = "
                  f"{r['per_second']:.0f} scans/s; latency ms p50 {r['p50']:.1f} "
                  f"p95 {r['p95']:.1f} p99 {r['p99']:.1f} max {r['max']:.1f}; "
                  f"unexpected answers {r['errors'] or 0}; server CPU per scan "
                  f"{r['cpu_ms']:.1f} ms (a ceiling of {1000 / r['cpu_ms']:.0f} scans/s "
                  f"on one free core); load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
