"""python -m scheduler: exit codes and outputs as in the spec."""

import json
import subprocess
import sys

from scheduler_helpers import ROOT, mini


def run(*args):
    return subprocess.run([sys.executable, "-m", "scheduler", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def write(path, data):
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def test_solve_and_check_ok(tmp_path, tiny):
    inst, out = write(tmp_path / "i.json", tiny), tmp_path / "o.json"
    r = run("solve", inst, "--out", out, "--time-limit", "5", "--workers", "1", "--seed", "3")
    assert r.returncode == 0, r.stderr
    s = json.loads(out.read_text())
    assert s["status"] == "optimal" and s["objective"] == 134
    r = run("check", inst, out)
    assert r.returncode == 0 and "134" in r.stdout


def test_check_reports_violation(tmp_path, tiny, tiny_schedule):
    tiny_schedule["rooms"][2]["room"] = "barn"
    r = run("check", write(tmp_path / "i.json", tiny), write(tmp_path / "s.json", tiny_schedule))
    assert r.returncode == 1
    assert "H9" in r.stdout and "barn" in r.stdout and "objective (recomputed): 134" in r.stdout


def test_infeasible_and_invalid_exit_1_and_write(tmp_path, tiny):
    out = tmp_path / "o.json"
    bad = mini(teams=2, partners=[{}])
    r = run("solve", write(tmp_path / "i.json", bad), "--out", out, "--time-limit", "2")
    assert r.returncode == 1
    assert json.loads(out.read_text())["status"] == "infeasible"
    tiny["teams"][0]["id"] = "t2"
    r = run("solve", write(tmp_path / "j.json", tiny), "--out", out)
    assert r.returncode == 1
    s = json.loads(out.read_text())
    assert s["status"] == "invalid" and any("t2" in m for m in s["explanation"])


def test_not_json_is_invalid_without_traceback(tmp_path):
    out = tmp_path / "o.json"
    r = run("solve", write(tmp_path / "x.json", "{not json"), "--out", out)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert json.loads(out.read_text())["status"] == "invalid"
    r = run("solve", tmp_path / "missing.json", "--out", out)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    r = run("check", write(tmp_path / "x.json", "[[["), write(tmp_path / "y.json", "{}"))
    assert r.returncode == 1 and "Traceback" not in r.stderr


def test_usage_errors_exit_2(tmp_path, tiny):
    inst = write(tmp_path / "i.json", tiny)
    assert run("solve", inst).returncode == 2  # no --out
    assert run("solve", inst, "--out", tmp_path / "o", "--time-limit", "soon").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run().returncode == 2
    assert run("check", inst).returncode == 2
