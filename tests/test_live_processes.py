"""Two real `make serve` processes (gunicorn, gunicorn.conf.py) on one PostgreSQL database,
sharing a redis-server this test starts, stops and starts again; a real python-socketio client.

Runs on every machine (CI's has PostgreSQL at 127.0.0.1:5432 and redis-server), whatever
TEST_DATABASE_URL says: several processes need a database server.
"""
import queue
import time

import pytest
import socketio

from benchmarks import live_servers as live

STAGES = ["define", "ideate", "prototype", "test", "empathize"]


class Board:
    """A python-socketio client of /live that keeps what it receives."""

    def __init__(self, port: int, token: str):
        self.changes: queue.Queue = queue.Queue()
        self.snapshots: queue.Queue = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("stage_changed", self.changes.put, namespace="/live")
        self.sio.on("board_snapshot", self.snapshots.put, namespace="/live")
        self.sio.connect(f"http://127.0.0.1:{port}", namespaces=["/live"],
                         auth={"token": token}, transports=["websocket"], wait_timeout=10)

    def next_change(self, timeout: float = 5) -> dict:
        return self.changes.get(timeout=timeout)

    def no_change(self, wait: float = 1.5) -> bool:
        try:
            self.changes.get(timeout=wait)
        except queue.Empty:
            return True
        return False


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    logs = tmp_path_factory.mktemp("live-processes")
    database_url = live.fresh_database("hackathon_live_procs")
    live.migrate(database_url)
    seeded = live.seed(database_url)
    redis_port = live.free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    state = {"redis": live.start_redis(redis_port, logs / "redis.log"), "redis_port": redis_port,
             "token": seeded["token"], "team": seeded["teams"][0], "logs": logs}
    processes = []
    try:
        for name in ("a", "b"):
            port = live.free_port()
            processes.append(live.start_gunicorn(port, live.server_env(database_url, redis_url),
                                                 logs / f"gunicorn-{name}.log", threads=20))
            state[name] = port
        yield state
    finally:
        for process in processes:
            live.stop(process)
        live.stop(state["redis"])


def _move(servers, port, step) -> dict:
    return live.move(port, servers["token"], servers["team"], STAGES[step % len(STAGES)])


def _log(servers, name) -> str:
    return (servers["logs"] / f"gunicorn-{name}.log").read_text(errors="replace")


def test_a_change_through_one_process_reaches_the_clients_of_the_other(servers):
    board = Board(servers["a"], servers["token"])
    try:
        snapshot = board.snapshots.get(timeout=5)
        moved = _move(servers, servers["b"], 0)
        changed = board.next_change()
        assert changed["team"] == servers["team"] and changed["stage"] == moved["stage"]
        assert changed["seq"] == snapshot["seq"] + 1
        assert changed["seq"] == live.board_seq(servers["a"], servers["token"])
    finally:
        board.sio.disconnect()


def test_without_redis_each_process_serves_its_own_clients_and_shares_again_after(servers):
    board = Board(servers["a"], servers["token"])
    try:
        seq = board.snapshots.get(timeout=5)["seq"]
        live.stop(servers["redis"])

        # A change through A reaches A's client at once, and the API answers as usual.
        started = time.monotonic()
        moved = _move(servers, servers["a"], 1)
        assert time.monotonic() - started < 5
        changed = board.next_change()
        assert (changed["stage"], changed["seq"]) == (moved["stage"], seq + 1)
        # One through B is committed (the shared seq rises) but cannot reach A's client;
        # the client sees the gap with the next event and asks for a snapshot.
        _move(servers, servers["b"], 2)
        assert board.no_change()
        assert live.board_seq(servers["a"], servers["token"]) == seq + 2

        servers["redis"] = live.start_redis(servers["redis_port"],
                                            servers["logs"] / "redis.log")
        # Without a restart, A listens again within a few seconds: B's changes reach A's client.
        deadline, step, received = time.monotonic() + 20, 3, None
        while received is None and time.monotonic() < deadline:
            moved = _move(servers, servers["b"], step)
            step += 1
            try:
                received = board.next_change(timeout=1)
            except queue.Empty:
                pass
        assert received is not None, _log(servers, "a")[-3000:]
        assert received["stage"] == moved["stage"]
        assert received["seq"] == live.board_seq(servers["a"], servers["token"])
        assert board.sio.connected  # the client never lost its connection
    finally:
        board.sio.disconnect()
