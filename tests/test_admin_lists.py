"""The organiser lists at scale: filters, sorting, paging, literal search, bounded queries."""
import re
from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.models import Person
from app.models.people import STATUSES
from tests.conftest import PASSWORD, login
from tests.helpers import count_statements, listed, make_person, make_team, names_in
from tests.test_admin_people import text_of

# --- search: % and _ are letters, not wildcards ---------------------------------------------

def test_search_matches_percent_and_underscore_literally(organiser_client, event):
    for name in ["100% organic", "1000 trees", "farm_lab", "farmXlab"]:
        make_team(event, name)
    assert listed(organiser_client, "/admin/enterprises?q=100%25") == ["100% organic"]
    assert listed(organiser_client, "/admin/enterprises?q=farm_lab") == ["farm_lab"]
    make_person(event, "partner", "Anna_B")
    make_person(event, "partner", "AnnaXB")
    make_person(event, "coach", "Rate 50% Coach")
    make_person(event, "coach", "Rate 500 Coach")
    assert listed(organiser_client, "/admin/partners?q=anna_b") == ["Anna_B"]
    assert listed(organiser_client, "/admin/coaches?q=50%25") == ["Rate 50% Coach"]


def test_search_services_escape_wildcards(app, event):
    from app.services.enterprises import search_enterprises
    from app.services.people import search_people

    make_team(event, "a_b team")
    make_team(event, "axb team")
    make_person(event, "partner", "Back\\slash 10%")
    make_person(event, "partner", "Back slash 100")
    assert [t.name for t in search_enterprises(event, "A_B")] == ["a_b team"]
    assert [p.name for p in search_people(event, "partner", "10%")] == ["Back\\slash 10%"]
    assert [p.name for p in search_people(event, "partner", "k\\s")] == ["Back\\slash 10%"]


# --- filters ---------------------------------------------------------------------------------

@pytest.fixture
def teams(event):
    carla = make_person(event, "coach", "Carla Coach", status="accepted")
    dieter = make_person(event, "coach", "Dieter Coach", status="accepted")
    return {
        "care": make_team(event, "Care farm", status="accepted", stage="define", country="IT",
                          languages=("it", "en"), needs={"empathize": ["interviewing"]},
                          coach=carla, members=3),
        "bees": make_team(event, "Bee tree", status="pending", stage="ideate", country="RO",
                          languages=("ro",), needs={"test": ["video", "ux-research"]},
                          coach=dieter, members=2),
        "new": make_team(event, "New idea", status="rejected", country="IT",
                         languages=("en",), members=1),
        "carla": carla, "dieter": dieter,
    }


ENTERPRISES = "/admin/enterprises/"


@pytest.mark.parametrize("query, expected", [
    ("status=accepted", ["Care farm"]),
    ("status=pending", ["Bee tree"]),
    ("stage=ideate", ["Bee tree"]),
    ("stage=~none", ["New idea"]),
    ("country=IT", ["Care farm", "New idea"]),
    ("coach=~none", ["New idea"]),
    ("skill=video", ["Bee tree"]),
    ("skill=interviewing", ["Care farm"]),
    ("language=en", ["Care farm", "New idea"]),
    ("country=IT&language=it", ["Care farm"]),
    ("country=IT&stage=~none&status=rejected&q=idea", ["New idea"]),
    # Values the list does not offer are ignored (everything is shown).
    ("status=bogus&stage=dance&country=XX&coach=abc&skill=nope&language=zz",
     ["Bee tree", "Care farm", "New idea"]),
])
def test_enterprise_filters(organiser_client, teams, query, expected):
    response = organiser_client.get(f"/admin/enterprises?{query}")
    assert response.status_code == 200
    assert names_in(response, ENTERPRISES) == expected


def test_skill_filter_looks_at_needs_not_stage_names(organiser_client, teams, event):
    from app.models import SkillTag

    db.session.add(SkillTag(event_id=event.id, name="test"))  # also the name of a stage
    db.session.commit()
    assert listed(organiser_client, "/admin/enterprises?skill=test") == []
    teams["new"].needs = {"define": ["test"]}
    db.session.commit()
    assert listed(organiser_client, "/admin/enterprises?skill=test") == ["New idea"]


def test_skill_filter_is_exact_with_wildcards_and_non_ascii_tags(organiser_client, event):
    from app.models import SkillTag

    for name in ["ui_design", "uixdesign", "übersetzung", "50%"]:
        db.session.add(SkillTag(event_id=event.id, name=name))
    db.session.commit()
    make_person(event, "partner", "Una Underscore", skills=["ui_design"])
    make_person(event, "partner", "Xaver X", skills=["uixdesign", "50%"])
    make_person(event, "partner", "Ülla Umlaut", skills=["übersetzung"])
    assert listed(organiser_client, "/admin/partners?skill=ui_design") == ["Una Underscore"]
    assert listed(organiser_client, "/admin/partners?skill=%C3%BCbersetzung") == ["Ülla Umlaut"]
    assert listed(organiser_client, "/admin/partners?skill=50%25") == ["Xaver X"]


def test_enterprise_filter_by_coach(organiser_client, teams):
    response = organiser_client.get(f"/admin/enterprises?coach={teams['dieter'].id}")
    assert names_in(response, ENTERPRISES) == ["Bee tree"]


def test_filter_form_offers_every_status_and_shows_the_choice(organiser_client, teams):
    html = organiser_client.get("/admin/enterprises?status=pending&stage=~none").get_data(
        as_text=True)
    status_select = re.search(r'<select id="status" name="status">(.*?)</select>', html).group(1)
    assert re.findall(r'value="(\w*)"', status_select) == [""] + STATUSES
    assert '<option value="pending" selected>' in html
    assert '<option value="~none" selected>Not started</option>' in html
    assert f'<option value="{teams["carla"].id}">Carla Coach</option>' in html
    assert '<option value="~none">No coach</option>' in html
    assert '<option value="IT">Italy</option>' in html
    assert '<option value="ux-research">ux-research</option>' in html
    assert '<option value="it">Italiano (it)</option>' in html


def test_a_status_added_to_statuses_is_offered_and_filters(organiser_client, teams):
    STATUSES.append("withdrawn")  # as a colleague adds it
    try:
        teams["new"].status = "withdrawn"
        db.session.commit()
        response = organiser_client.get("/admin/enterprises?status=withdrawn")
        assert '<option value="withdrawn" selected>' in response.get_data(as_text=True)
        assert names_in(response, ENTERPRISES) == ["New idea"]
    finally:
        STATUSES.remove("withdrawn")


def test_people_filters(organiser_client, event):
    make_person(event, "partner", "Vera Video", status="accepted", skills=["video"],
                languages=["de", "en"], kind="creative")
    make_person(event, "partner", "Lars Lab", status="pending", skills=["interviewing"],
                languages=["de"], kind="living_lab")
    make_person(event, "coach", "Ute UX", status="accepted", skills=["ux-research"],
                languages=["en"])
    assert listed(organiser_client, "/admin/partners?partner_kind=living_lab") == ["Lars Lab"]
    assert listed(organiser_client, "/admin/partners?skill=video") == ["Vera Video"]
    assert listed(organiser_client, "/admin/partners?language=en") == ["Vera Video"]
    assert listed(organiser_client, "/admin/partners?language=de&status=pending") == ["Lars Lab"]
    assert listed(organiser_client, "/admin/coaches?skill=ux-research&language=en") == ["Ute UX"]
    assert listed(organiser_client, "/admin/coaches?skill=video") == []
    # Coaches have no kind: the parameter is ignored and the form has no such field.
    response = organiser_client.get("/admin/coaches?partner_kind=creative")
    assert names_in(response, "/admin/coaches/") == ["Ute UX"]
    assert 'name="partner_kind"' not in response.get_data(as_text=True)
    assert 'name="partner_kind"' in organiser_client.get("/admin/partners").get_data(
        as_text=True)


# --- sorting ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sort, expected", [
    ("name", ["Bee tree", "Care farm", "New idea"]),
    ("members", ["New idea", "Bee tree", "Care farm"]),
    ("coach", ["New idea", "Care farm", "Bee tree"]),  # no coach, Carla, Dieter
    ("stage", ["New idea", "Care farm", "Bee tree"]),  # not started, define, ideate
    ("status", ["Bee tree", "Care farm", "New idea"]),  # pending, accepted, rejected
    ("country", ["Care farm", "New idea", "Bee tree"]),  # IT (by id), IT, RO
])
def test_enterprise_sorting(organiser_client, teams, sort, expected):
    response = organiser_client.get(f"/admin/enterprises?sort={sort}")
    assert names_in(response, ENTERPRISES) == expected
    response = organiser_client.get(f"/admin/enterprises?sort={sort}&dir=desc")
    if sort == "country":  # the ids stay ascending within a country
        assert names_in(response, ENTERPRISES) == ["Bee tree", "Care farm", "New idea"]
    else:
        assert names_in(response, ENTERPRISES) == expected[::-1]


def test_sort_headers_toggle_and_say_aria_sort(organiser_client, teams):
    html = organiser_client.get("/admin/enterprises?sort=members&status=accepted").get_data(
        as_text=True)
    header = re.search(r'<th scope="col" aria-sort="ascending">\s*<a class="sort-link" '
                       r'href="([^"]+)">Members', html)
    assert header, "the sorted column says aria-sort"
    assert "dir=desc" in header.group(1) and "status=accepted" in header.group(1)
    assert html.count("aria-sort=") == 1
    # The other headers link to their own ascending sort, keeping the filters.
    assert re.search(r'href="/admin/enterprises\?status=accepted&amp;sort=coach"', html) or \
        re.search(r'href="/admin/enterprises\?sort=coach&amp;status=accepted"', html)
    html = organiser_client.get("/admin/enterprises?sort=registered&dir=desc").get_data(
        as_text=True)
    assert 'aria-sort="descending"' in html
    assert organiser_client.get("/admin/enterprises?sort=password&dir=up").status_code == 200


def test_people_sorting_by_counts_and_kind(organiser_client, event):
    make_person(event, "partner", "Anna", sessions=1, kind="living_lab")
    make_person(event, "partner", "Bert", sessions=2, kind="creative")
    make_person(event, "partner", "Cleo", sessions=0, kind="creative")
    assert listed(organiser_client, "/admin/partners?sort=sessions") == ["Cleo", "Anna", "Bert"]
    assert listed(organiser_client, "/admin/partners?sort=kind&dir=desc") == [
        "Anna", "Bert", "Cleo"]
    one = make_person(event, "coach", "Zora")
    two = make_person(event, "coach", "Yann")
    make_team(event, "T1", coach=one)
    make_team(event, "T2", coach=one)
    make_team(event, "T3", coach=two)
    make_person(event, "coach", "Xaver")
    assert listed(organiser_client, "/admin/coaches?sort=teams") == ["Xaver", "Yann", "Zora"]
    assert listed(organiser_client, "/admin/coaches?sort=teams&dir=desc") == [
        "Zora", "Yann", "Xaver"]


def test_same_names_sort_by_id(organiser_client, event):
    first = make_person(event, "partner", "Sam Same", created=datetime(2023, 9, 3))
    second = Person(event_id=event.id, role="partner", name="Sam Same", email="sam2@example.org",
                    languages=["de"], created_at=datetime(2023, 9, 2), partner_kind="creative")
    db.session.add(second)
    db.session.commit()
    for direction in ("asc", "desc"):
        html = organiser_client.get(f"/admin/partners?sort=name&dir={direction}").get_data(
            as_text=True)
        ids = re.findall(r'<a href="/admin/partners/(\d+)">Sam Same</a>', html)
        assert ids == [str(first.id), str(second.id)]


# --- paging ----------------------------------------------------------------------------------

@pytest.fixture
def many_teams(event):
    start = datetime(2023, 9, 1)
    return [make_team(event, f"Team {number:02d}", created=start + timedelta(hours=number))
            for number in range(1, 8)]


def test_paging_with_page_links_and_summary(organiser_client, many_teams):
    response = organiser_client.get("/admin/enterprises?per_page=3&page=2")
    assert names_in(response, ENTERPRISES) == ["Team 04", "Team 05", "Team 06"]
    text = text_of(response)
    assert "Page 2 of 3, 7 found" in text
    html = response.get_data(as_text=True)
    assert 'href="/admin/enterprises?per_page=3" rel="prev"' in html
    assert 'href="/admin/enterprises?per_page=3&amp;page=3" rel="next"' in html
    assert 'aria-current="page"' in html


def test_filters_and_sort_are_kept_across_pages(organiser_client, many_teams):
    html = organiser_client.get(
        "/admin/enterprises?q=team&sort=registered&dir=desc&per_page=2&page=2").get_data(
        as_text=True)
    assert names_in_html(html) == ["Team 05", "Team 04"]
    next_link = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    for part in ("q=team", "sort=registered", "dir=desc", "per_page=2", "page=3"):
        assert part in next_link
    # The filter form keeps sort and page size, and starts again at page 1.
    assert '<input type="hidden" name="sort" value="registered">' in html
    assert '<input type="hidden" name="per_page" value="2">' in html
    assert listed(organiser_client, next_link) == ["Team 03", "Team 02"]


def names_in_html(html: str) -> list[str]:
    return re.findall(r'<a href="/admin/enterprises/\d+">([^<]+)</a>', html)


@pytest.mark.parametrize("query, expected_first, summary", [
    ("page=99&per_page=3", "Team 07", "Page 3 of 3, 7 found"),  # past the end: the last page
    ("page=abc", "Team 01", "Page 1 of 1, 7 found"),
    ("page=-2&per_page=0", "Team 01", "Page 1 of 1, 7 found"),
    ("per_page=x", "Team 01", "Page 1 of 1, 7 found"),
    ("per_page=100000&page=1", "Team 01", "Page 1 of 1, 7 found"),
    ("page=99999999999999999999999", "Team 01", "Page 1 of 1, 7 found"),
])
def test_bad_paging_values_fall_back(organiser_client, many_teams, query, expected_first,
                                     summary):
    response = organiser_client.get(f"/admin/enterprises?{query}")
    assert response.status_code == 200
    assert names_in(response, ENTERPRISES)[0] == expected_first
    assert summary in text_of(response)


def test_empty_list_says_page_1_of_1(organiser_client, event):
    response = organiser_client.get("/admin/enterprises?page=5")
    assert response.status_code == 200
    assert "Page 1 of 1, 0 found" in text_of(response)
    assert "No enterprise found." in text_of(response)


def test_per_page_is_at_most_200(app, event):
    from app.services.listing import page_numbers

    assert page_numbers({"per_page": "500"}) == (1, 200)
    assert page_numbers({"page": "3", "per_page": "200"}) == (3, 200)


# --- the queries do not grow with the rows shown ---------------------------------------------

def _fill(event, count: int, offset: int) -> None:
    coach = make_person(event, "coach", f"Coach {offset}")
    for number in range(offset, offset + count):
        make_team(event, f"Team {number}", coach=coach, members=2,
                  needs={"define": ["video"]}, stage="define")
        make_person(event, "partner", f"Partner {number}", sessions=2, skills=["video"])
        make_person(event, "coach", f"Coach of {number}")


@pytest.mark.parametrize("url", ["/admin/enterprises", "/admin/partners", "/admin/coaches",
                                 "/admin/enterprises?sort=coach&skill=video&language=de",
                                 "/admin/partners?sort=sessions&dir=desc",
                                 "/admin/coaches?sort=teams"])
def test_list_queries_do_not_grow_with_rows(organiser_client, event, url):
    _fill(event, 5, 0)
    few, response = count_statements(organiser_client, url)
    assert len(re.findall(r'name="ids"', response.get_data(as_text=True))) >= 5
    _fill(event, 35, 100)
    many, response = count_statements(organiser_client, url)
    assert len(re.findall(r'name="ids"', response.get_data(as_text=True))) >= 40
    assert many == few


def test_lists_need_an_organiser(client, coach):
    login(client, "coach1@example.org", PASSWORD)
    for url in ("/admin/enterprises?page=2", "/admin/partners?sort=name",
                "/admin/conflicts?page=1", "/admin/accounts?page=1"):
        assert client.get(url).status_code == 403


def test_list_rows_speak_the_page_language(organiser_client, event):
    """The status words and buttons of every row are translated (once per page)."""
    from tests.test_i18n import _switch_to_german

    make_team(event, "Offen team")
    make_team(event, "Done team", status="accepted")
    _switch_to_german(organiser_client, "/admin/enterprises")
    html = organiser_client.get("/admin/enterprises").get_data(as_text=True)
    assert html.count('<span class="badge badge-pending">offen</span>') == 1
    assert html.count('<span class="badge badge-accepted">angenommen</span>') == 1
    assert 'aria-label="Annehmen Offen team">Annehmen</button>' in html
