"""Live board fan-out: N connected /live clients, the time from a stage move through the API
to each client's `stage_changed`.

    python -m benchmarks.fanout                      # 200, 500, 1,000 clients, one process
    python -m benchmarks.fanout --processes 2        # two processes sharing a redis-server

Starts its own servers as `make serve` does (gunicorn, gunicorn.conf.py, threading mode) on a
fresh PostgreSQL database (hackathon_fanout), and with --processes 2 a redis-server of its own;
the clients (python-socketio's AsyncClient, websocket transport, all in this one asyncio
loop) are spread evenly over the processes, and every move goes through the first one.
Prints the machine, then per size: how many clients received every event, p50/p95/p99/max
of the latency, and each server process's memory (RSS) and threads with the clients connected.
"""
import argparse
import asyncio
import http.client
import json
import tempfile
import time
from pathlib import Path

import socketio

from benchmarks import live_servers as live
from benchmarks.machine import basics

STAGES = ["define", "ideate", "prototype", "test", "empathize"]


def _worker_status(master_pid: int) -> tuple[int, int]:
    """(RSS in MB, threads) of gunicorn's worker, the master's one child."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    fields = {}
    for line in Path(f"/proc/{children[0]}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["Threads"])


def _post_move(port: int, token: str, team: int, stage: str) -> float:
    """POST the move; returns the perf_counter just before the request went out."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = json.dumps({"stage": stage})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    connection.request("POST", f"/api/teams/{team}/stage", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"stage move answered {response.status}")
    return started


async def _connect(url: str, token: str, received: dict, client_id: int):
    sio = socketio.AsyncClient(reconnection=False)

    async def on_change(data):
        received.setdefault(data["seq"], {})[client_id] = time.perf_counter()

    sio.on("stage_changed", on_change, namespace="/live")
    await sio.connect(url, namespaces=["/live"], auth={"token": token},
                      transports=["websocket"], wait_timeout=30)
    return sio


async def measure(ports: list[int], token: str, team: int, clients: int, events: int,
                  status=lambda: "", batch: int = 50) -> dict:
    received: dict[int, dict[int, float]] = {}
    sockets = []
    try:
        for start in range(0, clients, batch):
            sockets += await asyncio.gather(*[
                _connect(f"http://127.0.0.1:{ports[i % len(ports)]}", token, received, i)
                for i in range(start, min(start + batch, clients))])
        await asyncio.sleep(1)  # let the last connections settle (snapshots sent)
        connected_status = status()
        latencies, complete = [], 0
        for step in range(events):
            started = await asyncio.to_thread(_post_move, ports[0], token, team,
                                              STAGES[step % len(STAGES)])
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline:
                got = received.get(max(received, default=0), {}) if received else {}
                if len(got) >= clients:
                    break
                await asyncio.sleep(0.01)
            seq = max(received, default=None)
            got = received.get(seq, {}) if seq is not None else {}
            complete += len(got) == clients
            latencies += [(at - started) * 1000 for at in got.values()]
            received.clear()
            await asyncio.sleep(0.5)
        return {"latencies": latencies, "complete_events": complete, "events": events,
                "expected": clients * events, "status": connected_status}
    finally:
        await asyncio.gather(*[s.disconnect() for s in sockets], return_exceptions=True)


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _mode_env(async_mode: str) -> dict:
    if async_mode == "gevent":
        return {"SOCKETIO_ASYNC_MODE": "gevent", "SERVE_WORKER": "gevent"}
    return {}


def run(sizes: list[int], processes: int, events: int, threads: int | None,
        async_mode: str = "threading") -> None:
    logs = Path(tempfile.mkdtemp(prefix="fanout-"))
    database_url = live.fresh_database("hackathon_fanout")
    live.migrate(database_url)
    seeded = live.seed(database_url)
    redis, servers, redis_url = None, [], None
    try:
        if processes > 1:
            redis_port = live.free_port()
            redis = live.start_redis(redis_port, logs / "redis.log")
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
        ports = []
        per_process = -(-max(sizes) // processes)
        for index in range(processes):
            port = live.free_port()
            servers.append(live.start_gunicorn(
                port, live.server_env(database_url, redis_url, SERVE_LOG_LEVEL="warning",
                                      **_mode_env(async_mode)),
                logs / f"gunicorn-{index}.log", threads=threads or per_process + 100))
            ports.append(port)
        print(f"machine: {basics()}")
        print(f"servers: {processes} gunicorn process(es), {async_mode} mode, "
              f"{threads or per_process + 100} threads each"
              + (", through redis-server" if redis else "") + f"; {events} moves per size")
        print("clients  received       p50 ms  p95 ms  p99 ms  max ms  server RSS MB / threads")
        for clients in sizes:
            result = asyncio.run(measure(
                ports, seeded["token"], seeded["teams"][0], clients, events,
                lambda: ", ".join("{}/{}".format(*_worker_status(s.pid)) for s in servers)))
            lat = result["latencies"]
            print(f"{clients:7d}  {len(lat):6d}/{result['expected']:<6d}  "
                  f"{_percentile(lat, 50):7.0f} {_percentile(lat, 95):7.0f} "
                  f"{_percentile(lat, 99):7.0f} {max(lat, default=float('nan')):7.0f}  "
                  f"{result['status']}", flush=True)
            time.sleep(2)
        print(f"logs: {logs}")
    finally:
        for server in servers:
            live.stop(server)
        live.stop(redis)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="200,500,1000", help="sizes, comma-separated")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--events", type=int, default=5, help="moves per size")
    parser.add_argument("--threads", type=int, default=None,
                        help="SERVE_THREADS (default: the clients per process + 100)")
    parser.add_argument("--async-mode", choices=["threading", "gevent"], default="threading",
                        help="gevent needs `pip install gevent` (not in requirements)")
    args = parser.parse_args()
    run([int(n) for n in args.clients.split(",")], args.processes, args.events, args.threads,
        args.async_mode)


if __name__ == "__main__":
    main()
