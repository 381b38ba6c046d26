"""Skill tags, languages and conflicts of interest."""
import html

import pytest

from app.extensions import db
from app.models import Conflict, Enterprise, Language, Person, SkillTag
from tests.conftest import csrf_token, post_form


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def tag_named(name: str) -> SkillTag | None:
    return db.session.execute(db.select(SkillTag).filter_by(name=name)).scalar_one_or_none()


@pytest.fixture
def partners(event, coach):
    """Three partners with skills; the coach fixture adds coach Carla (video) and 'Care farm'."""
    people = [Person(event_id=event.id, role="partner", name=name, email=f"{name[:4]}@example.org",
                     skills=skills, languages=["de", "en"], status="accepted")
              for name, skills in [("Anna Alt", ["video", "storytelling"]),
                                   ("Bernd Berg", ["video"]), ("Carl Christ", ["video"])]]
    team = db.session.execute(db.select(Enterprise).filter_by(name="Care farm")).scalar_one()
    team.needs = {"empathize": ["interviewing"], "prototype": ["video", "storytelling"]}
    db.session.add_all(people)
    db.session.commit()
    return people


def post_action(client, url: str):
    return client.post(url, data={"csrf_token": csrf_token(client, "/admin/")},
                       follow_redirects=True)


# Skill tags

def test_tags_are_listed_with_their_use(organiser_client, partners):
    page = text(organiser_client.get("/admin/tags"))
    assert "interviewing" in page and "web-development" in page
    assert '<div class="table-wrap">' in page


def test_tag_is_added_normalised(organiser_client, event):
    response = post_form(organiser_client, "/admin/tags", {"name": "  Field   research ",
                                                           "label": "Field research"})
    assert response.status_code == 302
    tag = tag_named("field-research")
    assert tag is not None and tag.label == "Field research"


@pytest.mark.parametrize("name, message", [
    ("", "Tag: This field is required."),
    ("Video", "Tag: the tag 'video' exists already"),
    ("video, editing", "Tag: 'video,-editing' is not a valid tag"),
    ("x" * 61, "Tag: Field cannot be longer than 60 characters."),
    ({"name": "ok", "label": "l" * 121}, "Label: Field cannot be longer than 120 characters."),
])
def test_invalid_tag_is_refused_naming_the_field(organiser_client, event, name, message):
    data = name if isinstance(name, dict) else {"name": name}
    response = post_form(organiser_client, "/admin/tags", data)
    assert response.status_code == 422
    assert message in text(response)
    assert db.session.execute(db.select(db.func.count(SkillTag.id))).scalar() == 5


def test_renaming_a_tag_updates_every_skill_and_need(organiser_client, partners):
    tag = tag_named("video")
    response = post_form(organiser_client, f"/admin/tags/{tag.id}/edit",
                         {"name": "Video production", "label": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert tag_named("video") is None and tag_named("video-production") is not None
    people = {p.name: p.skills for p in db.session.execute(db.select(Person)).scalars()}
    assert people["Anna Alt"] == ["video-production", "storytelling"]
    assert people["Bernd Berg"] == ["video-production"]
    assert people["Carla Coach"] == ["video-production"]
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    assert team.needs == {"empathize": ["interviewing"],
                          "prototype": ["video-production", "storytelling"]}
    assert "5 people and teams were updated" in text(organiser_client.get("/admin/tags"))


def test_renaming_a_tag_used_once_says_one_person_or_team(organiser_client, partners):
    tag = tag_named("interviewing")  # only Care farm's needs use it
    post_form(organiser_client, f"/admin/tags/{tag.id}/edit", {"name": "interviews", "label": ""})
    assert "1 person or team was updated" in text(organiser_client.get("/admin/tags"))


def test_renaming_a_tag_onto_another_is_refused(organiser_client, partners):
    tag = tag_named("video")
    response = post_form(organiser_client, f"/admin/tags/{tag.id}/edit",
                         {"name": "Storytelling"})
    assert response.status_code == 422
    assert "Tag: the tag 'storytelling' exists already" in text(response)
    db.session.expire_all()
    assert db.session.execute(db.select(Person).filter_by(name="Bernd Berg")).scalar_one() \
        .skills == ["video"]


def test_deleting_a_used_tag_is_refused_naming_who_uses_it(organiser_client, partners):
    tag = tag_named("video")
    page = text(post_action(organiser_client, f"/admin/tags/{tag.id}/delete"))
    assert "'video' cannot be deleted: it is used by 3 partners (Anna Alt, Bernd Berg, " \
        "Carl Christ), 1 coach (Carla Coach) and 1 team's needs (Care farm)" in page
    assert tag_named("video") is not None


def test_deleting_an_unused_tag(organiser_client, partners):
    tag = tag_named("web-development")
    page = text(post_action(organiser_client, f"/admin/tags/{tag.id}/delete"))
    assert "Tag 'web-development' deleted." in page
    assert tag_named("web-development") is None


# Languages

def test_language_is_added(organiser_client, event):
    response = post_form(organiser_client, "/admin/languages", {"code": "PT", "name": "Português"})
    assert response.status_code == 302
    lang = db.session.execute(db.select(Language).filter_by(code="pt")).scalar_one()
    assert lang.name == "Português"


@pytest.mark.parametrize("data, message", [
    ({"code": "", "name": "Português"}, "Code (ISO 639-1): This field is required."),
    ({"code": "por", "name": "Português"}, "Code (ISO 639-1): 'por' is not an ISO 639-1 code"),
    ({"code": "de", "name": "Deutsch"}, "Code (ISO 639-1): the language 'de' exists already"),
    ({"code": "pt", "name": ""}, "Language name: This field is required."),
    ({"code": "pt", "name": "n" * 61}, "Language name: Field cannot be longer than 60 characters."),
])
def test_invalid_language_is_refused_naming_the_field(organiser_client, event, data, message):
    response = post_form(organiser_client, "/admin/languages", data)
    assert response.status_code == 422
    assert message in text(response)
    assert db.session.execute(db.select(db.func.count(Language.id))).scalar() == 6


def test_language_is_renamed_keeping_its_code(organiser_client, event):
    lang = db.session.execute(db.select(Language).filter_by(code="ro")).scalar_one()
    url = f"/admin/languages/{lang.id}/edit"
    assert 'value="Română"' in text(organiser_client.get(url))
    for name, message in [("", "Language name: This field is required."),
                          ("n" * 61, "Language name: Field cannot be longer than 60 characters.")]:
        response = post_form(organiser_client, url, {"name": name})
        assert response.status_code == 422, name
        assert message in text(response)
    assert post_form(organiser_client, url, {"name": "Romanian"}).status_code == 302
    db.session.expire_all()
    lang = db.session.get(Language, lang.id)
    assert (lang.code, lang.name) == ("ro", "Romanian")


def test_deleting_a_spoken_language_is_refused_naming_the_speakers(organiser_client, partners):
    lang = db.session.execute(db.select(Language).filter_by(code="it")).scalar_one()
    page = text(post_action(organiser_client, f"/admin/languages/{lang.id}/delete"))
    assert "'it' cannot be deleted: it is spoken by 1 team member (Marco Rossi) and 1 team " \
        "(Care farm)" in page
    assert db.session.get(Language, lang.id) is not None


def test_deleting_an_unused_language(organiser_client, partners):
    lang = db.session.execute(db.select(Language).filter_by(code="sv")).scalar_one()
    assert "Language 'sv' deleted." in \
        text(post_action(organiser_client, f"/admin/languages/{lang.id}/delete"))
    assert db.session.get(Language, lang.id) is None


# Conflicts of interest

def _ids(partners):
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    return team.id, partners[0].id


def test_conflict_is_added_and_listed(organiser_client, partners):
    team_id, partner_id = _ids(partners)
    response = post_form(organiser_client, "/admin/conflicts", {
        "enterprise_id": str(team_id), "partner_id": str(partner_id), "reason": "Sister"})
    assert response.status_code == 302
    conflict = db.session.execute(db.select(Conflict)).scalar_one()
    assert (conflict.enterprise_id, conflict.partner_id, conflict.reason) == \
        (team_id, partner_id, "Sister")
    page = text(organiser_client.get("/admin/conflicts"))
    assert "Anna Alt will not meet Care farm." in page and "Sister" in page


def test_duplicate_conflict_is_refused(organiser_client, partners):
    team_id, partner_id = _ids(partners)
    data = {"enterprise_id": str(team_id), "partner_id": str(partner_id)}
    assert post_form(organiser_client, "/admin/conflicts", data).status_code == 302
    response = post_form(organiser_client, "/admin/conflicts", data)
    assert response.status_code == 422
    assert "Partner: a conflict between Care farm and Anna Alt is recorded already" in \
        text(response)
    assert db.session.execute(db.select(db.func.count(Conflict.id))).scalar() == 1


@pytest.mark.parametrize("field, value, message", [
    ("enterprise_id", "9999", "Enterprise: Not a valid choice."),
    ("partner_id", "9999", "Partner: Not a valid choice."),
    ("partner_id", "", "Partner: This field is required."),
    ("reason", "r" * 301, "Reason: Field cannot be longer than 300 characters."),
])
def test_invalid_conflict_is_refused_naming_the_field(organiser_client, partners, field, value,
                                                      message):
    team_id, partner_id = _ids(partners)
    data = {"enterprise_id": str(team_id), "partner_id": str(partner_id), field: value}
    response = post_form(organiser_client, "/admin/conflicts", data)
    assert response.status_code == 422
    assert message in text(response)
    assert db.session.execute(db.select(db.func.count(Conflict.id))).scalar() == 0


def test_coach_cannot_be_chosen_as_the_partner_of_a_conflict(organiser_client, partners):
    team_id, _ = _ids(partners)
    carla = db.session.execute(db.select(Person).filter_by(role="coach")).scalar_one()
    response = post_form(organiser_client, "/admin/conflicts",
                         {"enterprise_id": str(team_id), "partner_id": str(carla.id)})
    assert response.status_code == 422
    assert "Partner: Not a valid choice." in text(response)


def test_conflict_is_removed(organiser_client, partners):
    team_id, partner_id = _ids(partners)
    conflict = Conflict(event_id=partners[0].event_id, enterprise_id=team_id,
                        partner_id=partner_id)
    db.session.add(conflict)
    db.session.commit()
    page = text(post_action(organiser_client, f"/admin/conflicts/{conflict.id}/delete"))
    assert "The conflict is removed." in page
    assert db.session.execute(db.select(db.func.count(Conflict.id))).scalar() == 0
    response = organiser_client.post(f"/admin/conflicts/{conflict.id}/delete",
                                     data={"csrf_token": csrf_token(organiser_client, "/admin/")})
    assert response.status_code == 404


@pytest.mark.parametrize("code, message", [
    ("xx", "Code (ISO 639-1): 'xx' is not an ISO 639-1 code: two letters, e.g. 'de'"),
    ("sv-SE", "Code (ISO 639-1): 'sv-SE' is not an ISO 639-1 code; did you mean 'sv' (Swedish)?"),
    ("swe", "Code (ISO 639-1): 'swe' is not an ISO 639-1 code; did you mean 'sv' (Swedish)?"),
    ("Svenska", "Code (ISO 639-1): 'Svenska' is not an ISO 639-1 code; did you mean 'sv' "
                "(Swedish)?"),
    ("sh", "Code (ISO 639-1): 'sh' is not an ISO 639-1 code; did you mean 'sr' (Serbian)?"),
])
def test_language_codes_must_be_iso_639_1_with_a_hint(organiser_client, event, code, message):
    response = post_form(organiser_client, "/admin/languages", {"code": code, "name": "X"})
    assert response.status_code == 422
    assert message in text(response)
    assert db.session.execute(db.select(db.func.count(Language.id))).scalar() == 6


def test_real_iso_639_1_codes_are_accepted(organiser_client, event):
    from app.services.language_codes import iso_639_1

    assert len(iso_639_1()) == 183 and {"ro", "sv", "de", "zu"} <= iso_639_1()
    db.session.execute(db.delete(Language).where(Language.code.in_(["ro", "sv"])))
    db.session.commit()
    for code, name in [("ro", "Română"), ("sv", "Svenska")]:
        response = post_form(organiser_client, "/admin/languages", {"code": code, "name": name})
        assert response.status_code == 302
    assert db.session.execute(db.select(db.func.count(Language.id))).scalar() == 6
