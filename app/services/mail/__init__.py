"""Emails: the outbox (queue and deliver), the background worker, and the emails by kind.

Services call the functions of `app.services.mail.messages` inside their transaction; the
worker in `app.services.mail.worker` sends after the commit.
"""
