"""The coach's phone page (/board/teams) without JavaScript: who sees it, moves and help by
plain forms; and the help flag on a member's personal page."""
import pytest

from app.extensions import db
from app.models import Enterprise, HelpRequest, Person, StageChange
from app.services.accounts import create_user
from tests.conftest import PASSWORD, count_of, csrf_token, login, post_form
from tests.helpers import make_person, make_team

PAGE = "/board/teams"


@pytest.fixture
def care_farm(coach):
    return db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()


@pytest.fixture
def bee_tree(event):
    """A team of another coach."""
    other = make_person(event, "coach", "Otto Other", status="accepted")
    return make_team(event, "Bee+Tree", status="accepted", stage="define", coach=other)


def _reload(team):
    db.session.expire_all()
    return db.session.get(Enterprise, team.id)


def test_anonymous_is_sent_to_the_login(client, event):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = client.post(f"{PAGE}/1/stage", data={"stage": "define"})
    assert response.status_code in (302, 400)


def test_a_scanner_is_refused(client, event):
    create_user("scan@example.org", "scanner", PASSWORD, name="Sam Scanner")
    login(client, "scan@example.org")
    assert client.get(PAGE).status_code == 403


def test_a_coach_sees_only_their_own_teams(coach_client, care_farm, bee_tree):
    html = coach_client.get(PAGE).get_data(as_text=True)
    assert "Care farm" in html and "Bee+Tree" not in html
    # Every stage is a button; the current one says so in words, not by colour alone.
    for label in ["Empathize", "Define", "Ideate", "Prototype", "Test"]:
        assert f'data-label="{label}"' in html
    assert html.count('aria-current="step"') == 1
    assert "✓ now" in html
    assert 'href="/board/teams"' in html  # the "My teams" link in the header


def test_organisers_see_every_accepted_team(organiser_client, care_farm, bee_tree, event):
    make_team(event, "Pending pie", status="pending")
    html = organiser_client.get(PAGE).get_data(as_text=True)
    assert "Care farm" in html and "Bee+Tree" in html and "Pending pie" not in html
    assert "Otto Other" in html  # organisers see whose team it is


def test_a_form_post_moves_the_stage_and_keeps_the_history(coach_client, care_farm):
    response = post_form(coach_client, f"{PAGE}/{care_farm.id}/stage",
                         {"stage": "ideate", "note": "Ideas flowing"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/board/teams#team-{care_farm.id}")
    assert _reload(care_farm).stage == "ideate"
    # Back is allowed as well.
    post_form(coach_client, f"{PAGE}/{care_farm.id}/stage", {"stage": "define"})
    changes = db.session.execute(db.select(StageChange).order_by(StageChange.id)).scalars().all()
    assert [(c.previous, c.stage, c.by_name) for c in changes] == [
        ("empathize", "ideate", "Carla Coach"), ("ideate", "define", "Carla Coach")]
    html = coach_client.get(PAGE).get_data(as_text=True)
    assert "Care farm is now in Define." in html  # the flash
    assert "Empathize → Ideate · “Ideas flowing”" in html
    assert "Ideate → Define" in html
    assert html.index("Ideate → Define") < html.index("Empathize → Ideate")  # newest first


def test_a_get_changes_nothing(coach_client, care_farm):
    assert coach_client.get(f"{PAGE}/{care_farm.id}/stage?stage=test").status_code == 405
    assert _reload(care_farm).stage == "empathize"


def test_a_post_without_csrf_token_is_refused(coach_client, care_farm):
    response = coach_client.post(f"{PAGE}/{care_farm.id}/stage", data={"stage": "test"})
    assert response.status_code == 400
    assert _reload(care_farm).stage == "empathize"


def test_a_coach_cannot_move_another_coachs_team(coach_client, care_farm, bee_tree):
    response = post_form(coach_client, f"{PAGE}/{bee_tree.id}/stage", {"stage": "test"})
    assert response.status_code == 403
    assert "Only the team&#39;s coach and organisers" in response.get_data(as_text=True)
    response = post_form(coach_client, f"{PAGE}/{bee_tree.id}/help", {"needed": "1"})
    assert response.status_code == 403
    assert _reload(bee_tree).stage == "define"
    assert count_of(StageChange) == 0 and count_of(HelpRequest) == 0


def test_an_organiser_moves_any_team(organiser_client, bee_tree):
    response = post_form(organiser_client, f"{PAGE}/{bee_tree.id}/stage", {"stage": "test"})
    assert response.status_code == 302 and _reload(bee_tree).stage == "test"


def test_a_bad_stage_is_refused_with_a_message(coach_client, care_farm):
    response = post_form(coach_client, f"{PAGE}/{care_farm.id}/stage", {"stage": "dance"})
    assert response.status_code == 422
    assert "unknown stage &#39;dance&#39;" in response.get_data(as_text=True)
    response = post_form(coach_client, f"{PAGE}/{care_farm.id}/stage",
                         {"stage": "define", "note": "x" * 501})
    assert response.status_code == 422 and "at most 500 characters" in response.get_data(
        as_text=True)
    assert _reload(care_farm).stage == "empathize" and count_of(StageChange) == 0
    assert post_form(coach_client, f"{PAGE}/{2**40}/stage", {"stage": "define"}
                     ).status_code == 404


def test_the_coach_raises_and_closes_the_help_flag(coach_client, care_farm):
    response = post_form(coach_client, f"{PAGE}/{care_farm.id}/help",
                         {"needed": "1", "note": "Stuck on interviews"})
    assert response.status_code == 302
    html = coach_client.get(PAGE).get_data(as_text=True)
    assert "Care farm asks for help." in html and "“Stuck on interviews”" in html
    assert "Help no longer needed" in html
    post_form(coach_client, f"{PAGE}/{care_farm.id}/help", {"needed": "0"})
    [request] = db.session.execute(db.select(HelpRequest)).scalars().all()
    assert request.closed_at is not None and request.closed_by == "Carla Coach"
    assert "No help requested." in coach_client.get(PAGE).get_data(as_text=True)


# The help flag on a member's personal page

def _member(team, name="Marco Rossi"):
    return db.session.execute(db.select(Person).filter_by(enterprise_id=team.id, name=name)
                              ).scalar_one()


def test_a_member_raises_and_closes_help_from_the_personal_page(client, care_farm):
    marco = _member(care_farm)
    page = f"/p/{marco.token}"
    assert "No help requested." in client.get(page).get_data(as_text=True)
    response = post_form(client, f"{page}/help", {"needed": "1", "note": "Our prototype broke"})
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert "Your coach and the organisers see that you need help." in html
    assert "“Our prototype broke”" in html and "We are fine now" in html
    [request] = db.session.execute(db.select(HelpRequest)).scalars().all()
    assert request.raised_by == "Marco Rossi" and request.closed_at is None
    post_form(client, f"{page}/help", {"needed": "0"})
    db.session.expire_all()
    assert db.session.get(HelpRequest, request.id).closed_by == "Marco Rossi"
    assert "No help requested." in client.get(page).get_data(as_text=True)


def test_help_for_another_team_or_by_a_rejected_member_is_refused(client, care_farm, event):
    marco = _member(care_farm)
    rejected = make_team(event, "Gone garden", status="rejected")
    gone = _member(rejected, "Gone garden member 0")
    # A rejected member sees no form, and a forged post is refused.
    assert "We are fine now" not in client.get(f"/p/{gone.token}").get_data(as_text=True)
    assert 'action="/p/' + gone.token + '/help"' not in client.get(
        f"/p/{gone.token}").get_data(as_text=True)
    token = csrf_token(client, f"/p/{marco.token}")
    response = client.post(f"/p/{gone.token}/help", data={"csrf_token": token, "needed": "1"})
    assert response.status_code == 403
    # A coach's or partner's personal page has no team help form either.
    partner = make_person(event, "partner", "Pia Partner", status="accepted")
    response = client.post(f"/p/{partner.token}/help", data={"csrf_token": token, "needed": "1"})
    assert response.status_code == 403
    assert count_of(HelpRequest) == 0


def test_the_member_help_form_needs_its_csrf_token(client, care_farm):
    marco = _member(care_farm)
    response = client.post(f"/p/{marco.token}/help", data={"needed": "1"})
    assert response.status_code == 400 and count_of(HelpRequest) == 0
