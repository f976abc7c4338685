"""The organisers' mail log: per location and per participant, statuses, filters, sending
failed messages again; coordinators only for their own locations."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.jobs import run_pending
from app.mail import MailStatus, OutgoingMail


@pytest.fixture()
def logs(day, register, make_location, make_user, smtp):
    """Rotterdam: three messages sent, one refused by the server; Zutphen: one sent."""
    server = smtp()
    server.recorder.refuse.add("deelnemer2@example.org")
    register(3)
    zutphen = make_location(day.edition, "Zutphen")
    from app.registration import services

    services.register_participant(zutphen, name="Zoë", email="zoe@example.org", consent=True)
    db.session.commit()
    run_pending()  # the worker sends what the commits woke it for
    make_user("organiser@example.org", Role.ORGANISER)
    make_user("coordinator@example.org", Role.COORDINATOR, [day])
    return dict(rotterdam=day, zutphen=zutphen, server=server)


def mail_to(address: str) -> OutgoingMail:
    db.session.expire_all()
    return db.session.scalar(select(OutgoingMail).where(OutgoingMail.recipient == address))


def test_the_log_shows_every_message_with_its_state(client, auth, logs):
    auth.login("organiser@example.org")
    page = client.get(f"/beheer/locaties/{logs['rotterdam'].id}/e-mails").get_data(as_text=True)
    for address in ("deelnemer1@example.org", "deelnemer2@example.org", "deelnemer3@example.org"):
        assert address in page
    assert "zoe@example.org" not in page  # another location's message
    assert "Bevestiging" in page and "Verstuurd" in page and "Mislukt" in page
    assert "550" in page  # the server's answer, as the last error
    assert "Alle mislukte berichten opnieuw versturen" in page


def test_filters_by_status_kind_and_address(client, auth, logs):
    auth.login("organiser@example.org")
    base = f"/beheer/locaties/{logs['rotterdam'].id}/e-mails"
    failed = client.get(base + "?status=failed").get_data(as_text=True)
    assert "deelnemer2@example.org" in failed and "deelnemer1@example.org" not in failed
    found = client.get(base + "?zoek=DEELNEMER3").get_data(as_text=True)
    assert "deelnemer3@example.org" in found and "deelnemer1@example.org" not in found
    other_kind = client.get(base + "?soort=registration_cancelled").get_data(as_text=True)
    assert "deelnemer1@example.org" not in other_kind and "Geen berichten." in other_kind


def test_sending_one_failed_message_again(client, auth, logs):
    auth.login("organiser@example.org")
    failed = mail_to("deelnemer2@example.org")
    assert failed.status == MailStatus.FAILED
    logs["server"].recorder.refuse.clear()  # the address works again
    response = client.post(f"/beheer/e-mails/{failed.id}/opnieuw")
    assert response.status_code == 302
    assert mail_to("deelnemer2@example.org").status == MailStatus.QUEUED
    run_pending()  # the worker, woken by the commit
    again = mail_to("deelnemer2@example.org")
    assert (again.status, again.attempts) == (MailStatus.SENT, 1)
    assert logs["server"].recorder.messages[-1]["Message-ID"] == again.message_id


def test_sending_all_failed_messages_again(client, auth, logs):
    auth.login("coordinator@example.org")
    logs["server"].recorder.refuse.clear()
    response = client.post(f"/beheer/locaties/{logs['rotterdam'].id}/e-mails/opnieuw", follow_redirects=True)
    assert "1 mislukte berichten worden opnieuw verstuurd" in response.get_data(as_text=True)
    run_pending()
    assert mail_to("deelnemer2@example.org").status == MailStatus.SENT


def test_a_sent_message_is_not_sent_again(client, auth, logs):
    auth.login("organiser@example.org")
    sent = mail_to("deelnemer1@example.org")
    client.post(f"/beheer/e-mails/{sent.id}/opnieuw")
    assert mail_to("deelnemer1@example.org").status == MailStatus.SENT
    assert run_pending() == 0


def test_coordinators_see_and_resend_only_their_own_locations(client, auth, logs):
    auth.login("coordinator@example.org")
    assert client.get(f"/beheer/locaties/{logs['rotterdam'].id}/e-mails").status_code == 200
    assert client.get(f"/beheer/locaties/{logs['zutphen'].id}/e-mails").status_code == 403
    zoe = mail_to("zoe@example.org")
    zoe.status = MailStatus.FAILED
    db.session.commit()
    assert client.post(f"/beheer/e-mails/{zoe.id}/opnieuw").status_code == 403
    assert client.post(f"/beheer/locaties/{logs['zutphen'].id}/e-mails/opnieuw").status_code == 403
    assert mail_to("zoe@example.org").status == MailStatus.FAILED


def test_the_participants_page_lists_their_messages(client, auth, logs):
    auth.login("organiser@example.org")
    failed = mail_to("deelnemer2@example.org")
    page = client.get(f"/beheer/aanmeldingen/{failed.registration_id}/bewerken").get_data(as_text=True)
    assert "E-mails aan deze deelnemer" in page and "Mislukt" in page
    assert "deelnemer1@example.org" not in page  # somebody else's
    response = client.post(f"/beheer/e-mails/{failed.id}/opnieuw", data={"terug": "aanmelding"})
    assert response.headers["Location"].endswith(f"/beheer/aanmeldingen/{failed.registration_id}/bewerken#e-mails")


def test_anonymous_visitors_are_sent_to_login(client, logs):
    response = client.get(f"/beheer/locaties/{logs['rotterdam'].id}/e-mails")
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]
