"""Skill tags show their labels outside forms ('ux-research' -> 'UX research')."""
import pytest

from app.extensions import db
from app.models import SkillTag
from tests.helpers import make_person, make_team
from tests.test_admin_people import text_of


@pytest.fixture
def labelled(event):
    for tag in db.session.execute(db.select(SkillTag).filter_by(event_id=event.id)).scalars():
        tag.label = {"ux-research": "UX research", "interviewing": "User interviews",
                     "video": "Video production"}.get(tag.name, "")
    db.session.commit()


def test_personal_page_shows_skill_labels(client, event, labelled):
    partner = make_person(event, "partner", "Ulla UX", skills=["ux-research", "video"],
                          sessions=1)
    text = text_of(client.get(f"/p/{partner.token}"))
    assert "UX research, Video production" in text
    assert "ux-research" not in text


def test_organiser_detail_pages_show_skill_and_need_labels(organiser_client, event, labelled):
    coach = make_person(event, "coach", "Carl Coach", skills=["interviewing", "storytelling"])
    text = text_of(organiser_client.get(f"/admin/coaches/{coach.id}"))
    assert "User interviews, storytelling" in text  # a tag without label shows the tag
    team = make_team(event, "Care farm", needs={"empathize": ["interviewing"],
                                               "test": ["ux-research", "video"]})
    text = text_of(organiser_client.get(f"/admin/enterprises/{team.id}"))
    assert "Empathize: User interviews; Test: UX research, Video production" in text
    assert "ux-research" not in text


def test_list_filters_offer_skill_labels(organiser_client, event, labelled):
    for url in ("/admin/enterprises", "/admin/partners", "/admin/coaches"):
        html = organiser_client.get(url).get_data(as_text=True)
        assert '<option value="ux-research">UX research</option>' in html
