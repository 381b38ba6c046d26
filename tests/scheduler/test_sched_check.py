"""check() catches each rule broken alone in the spec's optimal schedule."""

import pytest

import scheduler


def meeting(s, t, p):
    return {"session": s, "team": t, "partner": p}


def _h1(inst, sched):
    sched["meetings"].append(meeting("sat-1", "t2", "p2"))


def _h2(inst, sched):
    sched["meetings"].remove(meeting("sat-2", "t3", "p5"))
    sched["meetings"].append(meeting("sat-2", "t3", "p2"))


def _h3(inst, sched):
    inst["partners"][4]["languages"] = ["sv"]


def _h4(inst, sched):
    sched["meetings"].remove(meeting("sat-2", "t2", "p3"))


def _h5(inst, sched):
    inst["partners"][0]["max_sessions"] = 1


def _h6(inst, sched):
    inst["rules"]["max_repeat"] = 0


def _h7(inst, sched):
    inst["forbidden"].append({"team": "t1", "partner": "p2"})


def _h8(inst, sched):
    sched["coaches"][2]["coach"] = "c2"


def _h9(inst, sched):
    sched["rooms"][2]["room"] = "barn"


def _h10(inst, sched):
    inst["fixed"]["meetings"].append(meeting("sat-1", "t2", "p3"))


BREAK = {"H1": (_h1, "p2"), "H2": (_h2, "p2"), "H3": (_h3, "p5"), "H4": (_h4, "t2"),
         "H5": (_h5, "p1"), "H6": (_h6, "p"), "H7": (_h7, "p2"), "H8": (_h8, "c2"),
         "H9": (_h9, "barn"), "H10": (_h10, "p3")}


@pytest.mark.parametrize("rule", sorted(BREAK, key=lambda r: int(r[1:])))
def test_check_reports_exactly_the_broken_rule(tiny, tiny_schedule, rule):
    assert scheduler.check(tiny, tiny_schedule).ok
    fn, name = BREAK[rule]
    fn(tiny, tiny_schedule)
    rep = scheduler.check(tiny, tiny_schedule)
    assert rep.rules_broken == {rule}, rep.violations
    assert all(name in v.message for v in rep.violations)
    assert not rep.ok


def test_check_recomputes_objective_independently(tiny, tiny_schedule):
    tiny_schedule["objective"] = 999
    rep = scheduler.check(tiny, tiny_schedule)
    assert rep.ok and rep.objective == 134 and rep.reported_objective == 999


def test_check_flags_unknown_ids(tiny, tiny_schedule):
    tiny_schedule["meetings"].append(meeting("sat-1", "t9", "p1"))
    rep = scheduler.check(tiny, tiny_schedule)
    assert rep.rules_broken == {"REF"} and "t9" in rep.violations[0].message


def test_check_rooms_must_be_empty_without_rooms(tiny, tiny_schedule):
    tiny["rooms"] = []
    assert scheduler.check(tiny, tiny_schedule).rules_broken == {"H9"}
    tiny_schedule["rooms"] = []
    assert scheduler.check(tiny, tiny_schedule).ok
