import json
import subprocess
import sys

import jsonschema
from scheduler_helpers import ROOT

import scheduler


def test_spec_example_solves_to_134_optimal(tiny):
    s = scheduler.solve(tiny, time_limit=10, workers=1)
    assert s.status == "optimal"
    assert s.objective == 134 and s.bound == 134
    rep = scheduler.check(tiny, s)
    assert rep.ok and rep.objective == 134


def test_spec_schedule_checks_at_134(tiny, tiny_schedule):
    rep = scheduler.check(tiny, tiny_schedule)
    assert rep.violations == []
    assert rep.objective == 134
    assert rep.team_values == {"t1": 41, "t2": 17, "t3": 25}


def test_schemas_validate_examples_and_output(tiny, tiny_schedule):
    jsonschema.validate(tiny, scheduler.schema("instance"))
    jsonschema.validate(tiny_schedule, scheduler.schema("schedule"))
    out = scheduler.solve(tiny, time_limit=5).to_dict()
    jsonschema.validate(out, scheduler.schema("schedule"))
    bad = scheduler.solve({"teams": 3}).to_dict()
    assert bad["status"] == "invalid"
    jsonschema.validate(bad, scheduler.schema("schedule"))


def test_schedule_round_trip(tiny_schedule):
    s = scheduler.parse_schedule(tiny_schedule)
    again = s.to_dict()
    assert json.loads(json.dumps(again))["meetings"] == tiny_schedule["meetings"]
    assert again["team_values"] == tiny_schedule["team_values"]


def test_import_scheduler_imports_no_flask():
    code = ("import scheduler, sys; assert not any(m.split('.')[0] in "
            "('flask','werkzeug','sqlalchemy') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
