"""Emails go through the outbox to a real SMTP server (aiosmtpd), sent by the worker."""
import re
import threading
import time

from app.extensions import db
from app.models import Enterprise, OutboxEmail, Person
from app.services.mail import messages as emails
from app.services.mail.outbox import deliver_due
from tests.conftest import login, post_form
from tests.helpers import make_person
from tests.smtp import html_of, personal_link, text_of
from tests.test_registration import (
    COACH_URL,
    ENTERPRISE_URL,
    PARTNER_URL,
    coach_data,
    enterprise_data,
    partner_data,
)


def outbox() -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.execute(db.select(OutboxEmail).order_by(OutboxEmail.id)).scalars())


def wait_until(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the condition did not hold in time")


def test_team_registration_emails_each_member_their_own_link(client, event, outbox_worker,
                                                             smtp_server):
    assert post_form(client, ENTERPRISE_URL, enterprise_data()).status_code == 302
    smtp_server.wait_for(2)
    team = db.session.execute(db.select(Enterprise)).scalar_one()
    contact, other = team.members
    to_contact, to_other = smtp_server.to(contact.email), smtp_server.to(other.email)
    assert len(to_contact) == 1 and len(to_other) == 1
    assert "we received your registration" in to_contact[0]["Subject"]
    assert "Test Hackathon" in to_contact[0]["Subject"]
    # Each email carries only its recipient's link, and the link opens their page.
    assert personal_link(to_contact[0]) == f"/p/{contact.token}"
    assert personal_link(to_other[0]) == f"/p/{other.token}"
    assert other.token not in text_of(to_contact[0]) and contact.token not in text_of(to_other[0])
    assert "Marco Rossi registered you as a member of the team Care farm" in text_of(to_other[0])
    page = client.get(personal_link(to_other[0]))
    assert page.status_code == 200 and "Giulia Bianchi" in page.get_data(as_text=True)
    # Plain text and HTML, with the event's dates and place.
    assert "September 22 – September 24, 2023" in text_of(to_contact[0])
    assert "Test farm" in text_of(to_contact[0])
    assert f'href="http://localhost/p/{contact.token}"' in html_of(to_contact[0])
    assert {e.status for e in outbox()} == {"sent"}


def test_links_in_emails_use_public_url(app, client, event, outbox_worker, smtp_server):
    app.config["PUBLIC_URL"] = "https://hack.example.org"
    assert post_form(client, COACH_URL, coach_data()).status_code == 302
    message = smtp_server.wait_for(1)[0]
    coach = db.session.execute(db.select(Person).filter_by(role="coach")).scalar_one()
    assert f"https://hack.example.org/p/{coach.token}" in text_of(message)


def test_email_in_the_language_of_the_registration_page(client, event, outbox_worker,
                                                        smtp_server):
    client.post("/language", data={"csrf_token": _token(client), "lang": "de", "next": "/"})
    assert post_form(client, PARTNER_URL, partner_data(event)).status_code == 302
    message = smtp_server.wait_for(1)[0]
    assert db.session.execute(db.select(Person).filter_by(role="partner")).scalar_one() \
        .locale == "de"
    assert "Anmeldung" in message["Subject"]
    assert "Hallo Paula Partner" in text_of(message)
    assert "22. September – 24. September 2023" in text_of(message)


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/")


def test_a_refusing_server_is_retried_until_it_accepts(client, event, outbox_worker,
                                                       smtp_server):
    smtp_server.refuse = 2
    assert post_form(client, COACH_URL, coach_data()).status_code == 302
    # While the server refuses, the email waits in the outbox with the server's answer.
    wait_until(lambda: outbox()[0].attempts >= 1 and outbox()[0].status == "queued")
    assert "451" in outbox()[0].last_error
    smtp_server.wait_for(1)
    wait_until(lambda: outbox()[0].status == "sent")
    email = outbox()[0]
    assert email.attempts == 3 and smtp_server.attempts == 3 and email.last_error == ""
    assert len(smtp_server.messages) == 1


def test_a_permanent_refusal_fails_at_once_and_can_be_resent(organiser_client, event,
                                                             smtp_server):
    smtp_server.refuse, smtp_server.answer = 1, "550 5.1.1 No such mailbox"
    partner = make_person(event, "partner", "Paula", status="pending")
    emails.link_reminder(partner)
    db.session.commit()
    report = deliver_due()
    assert (report.sent, report.failed) == (0, 1)
    email = outbox()[0]
    assert email.status == "failed" and "550" in email.last_error
    page = organiser_client.get(f"/admin/outbox/{email.id}").get_data(as_text=True)
    assert "550 5.1.1 No such mailbox" in page
    # The detail page takes no POST: 405, not a CSRF complaint.
    assert post_form(organiser_client, f"/admin/outbox/{email.id}", {}).status_code == 405
    response = post_form_to(organiser_client, f"/admin/outbox/{email.id}",
                            f"/admin/outbox/{email.id}/resend")
    assert response.status_code == 302
    assert outbox()[0].status == "queued"
    assert deliver_due().sent == 1 and len(smtp_server.messages) == 1


def post_form_to(client, page: str, action: str):
    from tests.conftest import csrf_token

    return client.post(action, data={"csrf_token": csrf_token(client, page)})


def test_without_a_mail_server_emails_are_held_for_organisers(organiser_client, client, event):
    assert post_form(client, COACH_URL, coach_data()).status_code == 302
    email = outbox()[0]
    assert email.status == "held" and email.kind == "registration_received"
    coach = db.session.execute(db.select(Person).filter_by(role="coach")).scalar_one()
    assert deliver_due().sent == 0 and outbox()[0].status == "held"
    listing = organiser_client.get("/admin/outbox").get_data(as_text=True)
    assert "No mail server is configured" in listing and "conrad@example.org" in listing
    detail = organiser_client.get(f"/admin/outbox/{email.id}").get_data(as_text=True)
    assert f"/p/{coach.token}" in detail
    html = organiser_client.get(f"/admin/outbox/{email.id}/html")
    assert "sandbox" in html.headers["Content-Security-Policy"]
    assert f"/p/{coach.token}" in html.get_data(as_text=True)
    api = organiser_client.get("/api/outbox").get_json()
    assert api == [{**api[0], "id": email.id, "to": "conrad@example.org",
                    "kind": "registration_received", "status": "held", "sent_at": None}]
    assert set(api[0]) >= {"id", "to", "subject", "kind", "status", "created_at", "sent_at"}
    assert organiser_client.get("/api/outbox?status=nonsense").status_code == 422


def test_two_workers_never_send_the_same_email_twice(app, event, smtp_server):
    partner = make_person(event, "partner", "Paula", status="accepted")
    for _ in range(20):
        emails.link_reminder(partner)
    db.session.commit()

    def work():
        with app.app_context():
            deliver_due()
            db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == 20 and len(set(ids)) == 20
    assert {e.status for e in outbox()} == {"sent"}
    assert {e.message_id for e in outbox()} == set(ids)


def test_a_worker_that_died_while_sending_is_not_sent_again(app, event, smtp_server):
    from datetime import datetime, timedelta

    partner = make_person(event, "partner", "Paula", status="accepted")
    email = emails.link_reminder(partner)
    db.session.commit()
    email.status, email.claimed_at = "sending", datetime.utcnow() - timedelta(hours=1)
    db.session.commit()
    deliver_due()
    assert smtp_server.messages == []
    email = outbox()[0]
    assert email.status == "failed" and "may or may not have arrived" in email.last_error


def test_accepting_and_rejecting_email_the_people(organiser_client, event, smtp_server,
                                                  outbox_worker):
    partner = Person(event_id=event.id, role="partner", name="Paula", email="paula@example.org",
                     languages=["de"], status="pending")
    team = Enterprise(event_id=event.id, name="Care farm", organisation="CV", country="IT",
                      languages=["it"], status="pending")
    team.members = [Person(event_id=event.id, role="member", name=n, email=e, status="pending")
                    for n, e in [("Marco", "marco@example.org"), ("Gio", "gio@example.org")]]
    db.session.add_all([partner, team])
    db.session.commit()
    post_form(organiser_client, f"/admin/partners/{partner.id}", {"status": "accepted"})
    response = post_form_to_status(organiser_client, f"/admin/partners/{partner.id}",
                                   "accepted")
    assert response.status_code == 302
    response = post_form_to_status(organiser_client, f"/admin/enterprises/{team.id}",
                                   "rejected")
    assert response.status_code == 302
    smtp_server.wait_for(3)
    accepted = smtp_server.to("paula@example.org")
    assert len(accepted) == 1 and "your registration is accepted" in accepted[0]["Subject"]
    assert personal_link(accepted[0]) == f"/p/{partner.token}"
    for address in ("marco@example.org", "gio@example.org"):
        (rejected,) = smtp_server.to(address)
        assert "about your registration" in rejected["Subject"]
    # Setting the same status again sends nothing more.
    post_form_to_status(organiser_client, f"/admin/partners/{partner.id}", "accepted")
    time.sleep(0.5)
    assert len(smtp_server.messages) == 3


def post_form_to_status(client, page: str, status: str):
    from tests.conftest import csrf_token

    return client.post(page + "/status", data={"csrf_token": csrf_token(client, page),
                                               "status": status})


def test_send_my_link_again_answers_the_same_for_unknown_addresses(client, event, smtp_server,
                                                                   outbox_worker):
    assert post_form(client, COACH_URL, coach_data()).status_code == 302
    smtp_server.wait_for(1)
    coach = db.session.execute(db.select(Person).filter_by(role="coach")).scalar_one()
    known = post_form(client, "/link", {"email": "Conrad@Example.org"}, follow_redirects=True)
    unknown = post_form(client, "/link", {"email": "nobody@example.org"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert "is registered, its personal link is on its way" in known.get_data(as_text=True)
    assert "is registered, its personal link is on its way" in unknown.get_data(as_text=True)
    smtp_server.wait_for(2)
    time.sleep(0.3)
    assert len(smtp_server.messages) == 2
    reminder = smtp_server.messages[1]
    assert "your personal link" in reminder["Subject"]
    assert personal_link(reminder) == f"/p/{coach.token}"
    assert smtp_server.to("nobody@example.org") == []


def test_send_my_link_again_is_rate_limited(client, event):
    for _ in range(3):
        assert post_form(client, "/link", {"email": "x@example.org"}).status_code == 302
    refused = post_form(client, "/link", {"email": "X@example.org"})
    assert refused.status_code == 429
    assert "Try again in" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"]


def test_organiser_message_to_a_group(organiser_client, event, smtp_server, outbox_worker):
    people = [Person(event_id=event.id, role="partner", name=f"P{i}", email=f"p{i}@example.org",
                     languages=["de"], status=status)
              for i, status in enumerate(["accepted", "accepted", "pending", "rejected"])]
    db.session.add_all(people)
    db.session.commit()
    response = post_form(organiser_client, "/admin/messages", {
        "audience": "partners", "reach": "accepted", "subject": "Bring boots",
        "body": "The barn floor is muddy.\nSee you Friday."})
    assert response.status_code == 302
    smtp_server.wait_for(2)
    time.sleep(0.3)
    assert sorted(m["To"] for m in smtp_server.messages) == ["P0 <p0@example.org>",
                                                              "P1 <p1@example.org>"]
    message = smtp_server.to("p1@example.org")[0]
    assert message["Subject"] == "Test Hackathon: Bring boots"
    assert "The barn floor is muddy.\nSee you Friday." in text_of(message)
    assert personal_link(message) == f"/p/{people[1].token}"
    missing = post_form(organiser_client, "/admin/messages", {
        "audience": "partners", "reach": "accepted", "subject": "", "body": ""})
    assert missing.status_code == 422


def test_agenda_changed_email_for_the_schedule(app, event, smtp_server):
    person = Person(event_id=event.id, role="partner", name="Paula", email="paula@example.org",
                    languages=["de"], status="accepted")
    withdrawn = Person(event_id=event.id, role="partner", name="Wanda", email="w@example.org",
                       languages=["de"], status="withdrawn")
    db.session.add_all([person, withdrawn])
    db.session.commit()
    assert emails.notify_agenda_changed(event, [person.id, withdrawn.id], version=3) == 1
    db.session.commit()
    assert deliver_due().sent == 1
    (message,) = smtp_server.messages
    assert "your agenda changed" in message["Subject"]
    assert "version 3" in text_of(message)
    assert f"/calendar/{person.token}.ics" in text_of(message)


def test_agenda_changed_in_bulk_is_what_each_person_would_get(app, event):
    """The publish renders the email once per language and fills in each person: the result
    is exactly the email rendered for that person alone (names escaped in the HTML)."""
    people = [Person(event_id=event.id, role="partner", name=name, email=f"p{i}@example.org",
                     languages=["de"], status="accepted", locale=locale)
              for i, (name, locale) in enumerate([("Zoë <b>&amp; \"Co\"", "de"),
                                                  ("Ann O'Neil", "en"), ("", "en")])]
    db.session.add_all(people)
    db.session.commit()
    assert emails.notify_agenda_changed(event, [p.id for p in people], version=4) == 3
    db.session.flush()

    def what(e):
        return e.subject, e.body_text, e.body_html, e.locale, e.to_name, e.to_address

    bulk = {e.person_id: what(e) for e in outbox()}
    db.session.rollback()
    for person in people:
        assert bulk[person.id] == what(emails.agenda_changed(person, 4))
        assert person.token in bulk[person.id][1] and person.token in bulk[person.id][2]
    assert "Zoë &lt;b&gt;&amp;amp;" in bulk[people[0].id][2]
    assert "Hallo Zoë <b>&amp; \"Co\"," in bulk[people[0].id][1]  # German, unescaped text


def test_emails_are_part_of_the_change_that_causes_them(client, event):
    """A registration that fails leaves no email behind."""
    assert post_form(client, COACH_URL, coach_data(languages=None)).status_code == 422
    assert outbox() == []


def test_login_is_limited_per_account(client, organiser):
    for _ in range(5):
        response = post_form(client, "/auth/login", {"email": organiser.email,
                                                     "password": "wrong password"})
        assert response.status_code == 422
    refused = post_form(client, "/auth/login", {"email": organiser.email,
                                                "password": "correct horse battery"})
    assert refused.status_code == 429
    assert re.search(r"Too many attempts\. Try again in 1[45] minutes \(at \d\d:\d\d\)",
                     refused.get_data(as_text=True)), refused.get_data(as_text=True)[-3000:]
    assert refused.headers["Retry-After"]


def test_login_is_limited_per_address(app, client, organiser, coach):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        assert post_form(client, "/auth/login", {"email": email,
                                                 "password": "wrong"}).status_code == 422
    refused = post_form(client, "/auth/login", {"email": "coach1@example.org",
                                                "password": "correct horse battery"})
    assert refused.status_code == 429
    # Successful logins do not count: another address's organiser logs in as often as needed.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    for _ in range(5):
        login(other, organiser.email)
        other.post("/auth/logout", data={"csrf_token": _token(other)})


def test_the_outbox_page_is_paged_newest_first(organiser_client, event):
    partner = make_person(event, "partner", "Paula", status="accepted")
    for number in range(55):
        emails.organiser_message(partner, f"Note {number:02d}", "text")
    db.session.commit()
    first = organiser_client.get("/admin/outbox").get_data(as_text=True)
    assert "Page 1 of 2, 55 found" in first
    assert "Note 54" in first and "Note 00" not in first
    second = organiser_client.get("/admin/outbox?page=2").get_data(as_text=True)
    assert "Note 00" in second and "Note 54" not in second
    by_subject = organiser_client.get("/admin/outbox?sort=subject").get_data(as_text=True)
    assert "Note 00" in by_subject and "Note 54" not in by_subject
