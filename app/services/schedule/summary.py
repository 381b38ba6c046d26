"""The fairness summary of a version: team values, the gap from the proved bound, needs left
unmet, partners left idle, and the explanation of the latest solve when it found no schedule."""
from app.extensions import db
from app.formatting import stage_label
from app.models import Event, ScheduleVersion, SolveJob
from app.services.schedule.records import ScheduleRecords
from app.services.schedule.views import Placement


def latest_job(event: Event) -> SolveJob | None:
    return db.session.execute(
        db.select(SolveJob).filter_by(event_id=event.id)
        .order_by(SolveJob.created_at.desc(), SolveJob.id.desc()).limit(1)).scalar_one_or_none()


def infeasible_explanation(event: Event) -> list[str] | None:
    """The reasons of the latest solve job when it proved that no schedule exists, else None."""
    job = latest_job(event)
    if job is None or job.result_status != "infeasible":
        return None
    return [str(line) for line in job.explanation or []]


def gap_percent(objective: int | None, bound: int | None) -> float | None:
    """How far the objective is below the proved bound, in % of the bound."""
    if objective is None or bound is None or bound <= 0:
        return None
    return round(max(bound - objective, 0) * 100 / bound, 1)


def fairness(version: ScheduleVersion, records: ScheduleRecords,
             placement: Placement) -> dict:
    values = [(placement.team_values.get(t.key, 0), t) for t in records.teams]
    weakest = min(values, key=lambda v: v[0]) if values else None
    strongest = max(values, key=lambda v: v[0]) if values else None
    return {
        "weakest": weakest, "strongest": strongest,
        "average": round(sum(v for v, _ in values) / len(values), 1) if values else None,
        "objective": version.objective, "bound": version.bound,
        "gap": gap_percent(version.objective, version.bound),
    }


def unmet_needs(records: ScheduleRecords, placement: Placement) -> list[dict]:
    """A team's needs for a stage that none of its partners in that stage's sessions has and
    no skill of its coach covers: [{team, stage, skills: [label]}]."""
    unmet, stage_names = [], {}
    for team in records.teams:
        coach = records.by_key.get(placement.coach_of.get(team.key, ""))
        covered_by_coach = set(getattr(coach, "skills", None) or [])
        for stage, needs in (team.needs or {}).items():
            met = set(covered_by_coach)
            for session in records.sparring:
                if session.stage != stage:
                    continue
                for partner_key in placement.meetings.get((session.key, team.key), []):
                    met |= set(getattr(records.by_key.get(partner_key), "skills", None) or [])
            missing = [records.skills.get(s, s) for s in needs or [] if s not in met]
            if missing:
                if stage not in stage_names:  # translated once per stage, not per team
                    stage_names[stage] = stage_label(stage)
                unmet.append({"team": team, "stage": stage, "stage_label": stage_names[stage],
                              "skills": missing})
    return unmet


def idle_partners(records: ScheduleRecords, placement: Placement) -> list:
    """Accepted partners available for a sparring session who meet nobody."""
    sparring = {s.key for s in records.sparring}
    busy = {partner for partner, _ in placement.partner_at}
    return [p for p in records.partners
            if records.available[p.key] & sparring and p.key not in busy]


def summary(event: Event, version: ScheduleVersion | None, records: ScheduleRecords,
            placement: Placement | None) -> dict:
    result = {"infeasible": infeasible_explanation(event)}
    if version is not None and placement is not None:
        result.update(fairness=fairness(version, records, placement),
                      unmet=unmet_needs(records, placement),
                      idle=idle_partners(records, placement))
    return result
