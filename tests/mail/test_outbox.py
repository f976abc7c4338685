"""The mail outbox, run in this process as a worker would (SQLite and PostgreSQL): a row in
the registration's transaction, rendered and sent later, retried with backoff, failed
but never dropped, one SMTP connection per batch, and a stable Message-ID per row."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.jobs import run_pending
from app.mail import MailStatus, OutgoingMail
from app.mail.delivery import Settings, claim, deliver_due
from app.registration import services
from app.registration.models import Registration


def rows() -> list[OutgoingMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def test_the_row_holds_ids_and_the_address_not_names(register, day):
    (person,) = register(organisation="Cliëntenraad Rotterdam")
    (mail,) = rows()
    assert (mail.kind, mail.recipient, mail.registration_id, mail.location_day_id) == (
        "registration_confirmed",
        person.email,
        person.id,
        day.id,
    )
    assert mail.params == {} and mail.status == MailStatus.QUEUED and mail.attempts == 0
    stored = " ".join(str(getattr(mail, column.key)) for column in OutgoingMail.__table__.columns)
    assert person.name not in stored and "Cliëntenraad" not in stored and "Rotterdam" not in stored


def test_nothing_is_rendered_until_a_worker_sends(register, outbox):
    register(3)
    assert not outbox.path.exists()  # the request only wrote rows
    assert len(outbox.messages()) == 3  # the worker's job (run here) rendered and wrote them
    assert {mail.status for mail in rows()} == {MailStatus.SENT}


def test_a_rolled_back_registration_leaves_no_row_and_sends_nothing(register, outbox):
    register(commit=False)
    db.session.rollback()
    assert rows() == [] and outbox.messages() == []


def test_the_waiting_list_position_is_the_one_of_the_moment(day, register, outbox):
    day.capacity = 1
    db.session.commit()
    first, second, third = register(3)
    assert [mail.params for mail in rows()] == [{}, {"position": 1}, {"position": 2}]
    body = outbox.to(third.email)[0].get_body(("plain",)).get_content()
    assert "op plaats 2" in body


def test_smtp_one_connection_per_batch_with_each_rows_message_id(app, smtp, register):
    server = smtp()
    register(30)
    app.config["MAIL_BATCH_SIZE"] = 12
    try:
        assert deliver_due() == 30
    finally:
        app.config["MAIL_BATCH_SIZE"] = 50
    assert server.recorder.connections == 3  # 12 + 12 + 6
    assert sorted(server.recorder.message_ids()) == sorted(mail.message_id for mail in rows())
    assert all(mail.status == MailStatus.SENT and mail.attempts == 1 and mail.sent_at for mail in rows())


def test_smtp_down_retries_with_backoff_then_sends_the_same_message_once(app, smtp, register):
    server = smtp(start=False)  # nothing listens on its port yet
    register(5)
    assert deliver_due() == 0
    first = rows()
    assert {(mail.status, mail.attempts) for mail in first} == {(MailStatus.RETRYING, 1)}
    assert all("Connection" in mail.last_error or "refused" in mail.last_error for mail in first)
    waits = [(mail.due_at - mail.created_at).total_seconds() for mail in first]
    assert all(50 <= wait <= 70 for wait in waits)  # 60 s ± 10%
    assert deliver_due() == 0  # not due yet: nobody hammers a server that is down

    first_due = max(mail.due_at for mail in first)
    with jobs.frozen(first_due + timedelta(seconds=1)):
        assert deliver_due() == 0  # still down: the second wait is twice as long
    second = rows()
    assert {mail.attempts for mail in second} == {2}
    assert all(105 <= (mail.due_at - first_due).total_seconds() <= 140 for mail in second)

    server.start()
    with jobs.frozen(max(mail.due_at for mail in second) + timedelta(seconds=1)):
        assert deliver_due() == 5
    assert sorted(server.recorder.message_ids()) == sorted(mail.message_id for mail in rows())
    assert {(mail.status, mail.attempts, mail.last_error) for mail in rows()} == {(MailStatus.SENT, 3, "")}


def test_after_the_last_attempt_the_row_is_failed_not_dropped(app, smtp, register):
    smtp(start=False)
    register(2)
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    try:
        moment = jobs.now()
        for _ in range(5):
            with jobs.frozen(moment):
                deliver_due()
            moment += timedelta(hours=5)
    finally:
        app.config["MAIL_MAX_ATTEMPTS"] = 10
    assert {(mail.status, mail.attempts) for mail in rows()} == {(MailStatus.FAILED, 3)}


def test_a_refused_recipient_fails_at_once_and_the_others_go_out(smtp, register):
    server = smtp()
    server.recorder.refuse.add("deelnemer2@example.org")
    register(3)
    assert deliver_due() == 2
    statuses = {mail.recipient: (mail.status, mail.attempts) for mail in rows()}
    assert statuses["deelnemer2@example.org"] == (MailStatus.FAILED, 1)
    assert "550" in next(mail.last_error for mail in rows() if mail.status == MailStatus.FAILED)
    assert len(server.recorder.messages) == 2 and server.recorder.connections == 1


def test_erasing_a_registration_removes_its_mail(register, outbox):
    kept, erased = register(2)
    outbox.messages()
    services.cancel_registration(erased)
    db.session.commit()
    assert db.session.scalar(select(func.count()).where(OutgoingMail.registration_id == erased.id)) == 2
    services.erase_registration(db.session.get(Registration, erased.id))
    db.session.commit()
    assert {mail.registration_id for mail in rows()} == {kept.id}


def test_anonymising_an_edition_clears_addresses_and_drops_unsent_mail(day, register, outbox):
    first, _second = register(2)
    outbox.messages()
    services.cancel_registration(first)  # a third message, still queued
    db.session.commit()
    services.anonymise_edition(day.edition)
    db.session.commit()
    assert [(mail.status, mail.recipient) for mail in rows()] == [(MailStatus.SENT, ""), (MailStatus.SENT, "")]


def test_mail_about_an_erased_registration_is_never_rendered(register):
    (person,) = register()
    db.session.delete(db.session.get(Registration, person.id))  # not through the service
    db.session.commit()
    assert deliver_due() == 0
    # PostgreSQL's foreign key took the row with it; where none is enforced the row fails.
    assert all(mail.status == MailStatus.FAILED and "no longer exists" in mail.last_error for mail in rows())


def test_english_registration_gets_english_mail_with_its_calendar(register, outbox):
    (person,) = register(language="en")
    (message,) = outbox.messages()
    assert message["Content-Language"] == "en" and "Your registration" in message["Subject"]
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "alliantiedag.ics"


def test_two_claims_never_share_a_row(app, register):
    register(10)
    settings = Settings.from_config(app.config)
    first = claim("worker-a", settings)
    second = claim("worker-b", settings)
    assert len(first) == 10 and second == []
    with jobs.frozen(jobs.now() + timedelta(seconds=settings.lease_seconds + 1)):
        assert claim("worker-b", settings) == first  # a dead worker's lease runs out


@pytest.mark.postgres
def test_workers_side_by_side_send_every_message_exactly_once(app, smtp, register):
    """Four threads, each its own session and connection (as four worker processes would),
    drain 200 messages in batches of 10 through FOR UPDATE SKIP LOCKED."""
    server = smtp()
    register(200)
    app.config["MAIL_BATCH_SIZE"] = 10
    errors = []

    def worker():
        try:
            with app.app_context():
                deliver_due()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    try:
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    finally:
        app.config["MAIL_BATCH_SIZE"] = 50
    assert errors == []
    ids = server.recorder.message_ids()
    assert len(ids) == 200 and len(set(ids)) == 200
    assert {mail.status for mail in rows()} == {MailStatus.SENT}
    assert server.recorder.connections >= 2  # the work was really shared


def test_the_wake_up_job_is_sent_once_per_commit(register):
    register(5)
    assert run_pending() == 1  # one deliver_mail for the five rows of one transaction
