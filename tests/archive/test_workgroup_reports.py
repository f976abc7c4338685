"""A facilitator writes the report of their own workgroup after the day (a draft they come
back to, then sends it); the coordinator sends it back or publishes it; the public sees
only published reports. Reminders go to facilitators who have not sent one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.archive.models import ReportReminder, ReportStatus, WorkgroupReport
from app.archive.notify import send_reminders
from app.archive.services import local_today
from app.extensions import db
from app.registration.models import Source
from app.registration.services import erase_registration, register_participant
from app.timeutil import utcnow

TEXT = {
    "summary": "We spraken over de tegenprestatie.",
    "points": "- Onzekerheid over de regels\n- Informatie komt te laat",
    "recommendations": "1. Tijdig informeren\n2. Maatwerk",
    "participants": "14",
}


def _edit(client, offer, action="save", **changes):
    return client.post(f"/beheer/werkgroepverslagen/{offer.id}", data={**TEXT, **changes, "action": action})


def _report(offer) -> WorkgroupReport | None:
    db.session.expire_all()
    return db.session.scalar(select(WorkgroupReport).where(WorkgroupReport.offer_id == offer.id))


def test_the_facilitator_saves_a_draft_comes_back_and_sends(client, auth, world):
    auth.login("begeleider@example.org")
    landing = client.get("/beheer/mijn-werkgroepen/").get_data(as_text=True)
    assert "Verslag schrijven" in landing
    assert _edit(client, world.held_offer, "save", recommendations="").status_code == 302
    report = _report(world.held_offer)
    assert report.status == ReportStatus.DRAFT and report.recommendations == ""
    auth.logout()
    auth.login("begeleider@example.org")  # another day: the draft is still there
    page = client.get(f"/beheer/werkgroepverslagen/{world.held_offer.id}").get_data(as_text=True)
    assert "We spraken over de tegenprestatie." in page and "concept" in page
    assert _edit(client, world.held_offer, "submit").status_code == 302
    report = _report(world.held_offer)
    assert report.status == ReportStatus.SUBMITTED and report.participants == 14
    assert report.author_id == world.facilitator.id
    # Not public until the coordinator publishes it.
    assert "We spraken over" not in client.get(f"/{world.edition.slug}/werkgroepen/{world.workgroup.id}/").get_data(
        as_text=True
    )


def test_sending_needs_a_summary_and_keeps_what_was_typed(client, auth, world):
    auth.login("begeleider@example.org")
    response = _edit(client, world.held_offer, "submit", summary="  ")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Schrijf eerst een samenvatting." in page
    assert "Informatie komt te laat" in page  # nothing typed is lost
    assert _report(world.held_offer) is None


def test_not_before_the_day(client, auth, world):
    world.facilitator.offers = [world.coming_offer]
    db.session.commit()
    auth.login("begeleider@example.org")
    response = _edit(client, world.coming_offer)
    assert "U kunt het verslag schrijven vanaf de dag zelf" in response.get_data(as_text=True)
    assert _report(world.coming_offer) is None


def test_the_coordinator_sends_back_then_publishes(client, auth, world):
    auth.login("begeleider@example.org")
    _edit(client, world.held_offer, "submit")
    auth.logout()
    auth.login("coordinator@example.org")
    overview = client.get(f"/beheer/locaties/{world.held.id}/verslagen").get_data(as_text=True)
    assert "verstuurd, na te kijken" in overview and "nog niet begonnen" in overview
    response = client.post(f"/beheer/werkgroepverslagen/{world.held_offer.id}/terugsturen", data={"note": ""})
    assert "Schrijf erbij wat er moet veranderen." in response.get_data(as_text=True)
    client.post(f"/beheer/werkgroepverslagen/{world.held_offer.id}/terugsturen", data={"note": "Noem de gemeente."})
    assert _report(world.held_offer).status == ReportStatus.DRAFT
    auth.logout()
    auth.login("begeleider@example.org")
    page = client.get(f"/beheer/werkgroepverslagen/{world.held_offer.id}").get_data(as_text=True)
    assert "Opmerking van de coördinator" in page and "Noem de gemeente." in page
    _edit(client, world.held_offer, "submit", summary="We spraken in Zutphen over de tegenprestatie.")
    auth.logout()
    auth.login("coordinator@example.org")
    published = _edit(client, world.held_offer, "publish", summary="We spraken in Zutphen over de tegenprestatie.")
    assert published.status_code == 302
    report = _report(world.held_offer)
    assert report.status == ReportStatus.PUBLISHED and report.published_by_id == world.coordinator.id
    auth.logout()
    page = client.get(f"/{world.edition.slug}/werkgroepen/{world.workgroup.id}/").get_data(as_text=True)
    assert "We spraken in Zutphen over de tegenprestatie." in page and "Maatwerk" in page


def test_a_published_report_is_for_the_coordinator_to_change(client, auth, world):
    auth.login("coordinator@example.org")
    _edit(client, world.held_offer, "publish")
    auth.logout()
    auth.login("begeleider@example.org")
    page = _edit(client, world.held_offer, "save", summary="Iets anders").get_data(as_text=True)
    assert "Dit verslag is al gepubliceerd" in page
    assert _report(world.held_offer).summary == TEXT["summary"]


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_facilitator_cannot_publish(client, auth, world, action):
    auth.login("begeleider@example.org")
    assert _edit(client, world.held_offer, action).status_code == 400
    assert _report(world.held_offer) is None


def test_nobody_reaches_another_workgroups_report(client, auth, world):
    auth.login("begeleider@example.org")
    assert client.get(f"/beheer/werkgroepverslagen/{world.held_other_offer.id}").status_code == 403
    assert _edit(client, world.held_other_offer).status_code == 403
    auth.logout()
    auth.login("rotterdam@example.org")
    assert client.get(f"/beheer/werkgroepverslagen/{world.held_offer.id}").status_code == 403
    send_back = client.post(f"/beheer/werkgroepverslagen/{world.held_offer.id}/terugsturen", data={"note": "x"})
    assert send_back.status_code == 403
    assert client.get(f"/beheer/locaties/{world.held.id}/verslagen").status_code == 403
    auth.logout()
    assert client.get(f"/beheer/werkgroepverslagen/{world.held_offer.id}").status_code == 302  # to the login


def test_a_report_holds_no_names_and_erasing_a_registration_changes_nothing(client, auth, world, request_context):
    result = register_participant(world.held, name="Ans Jansen", email="ans@example.org", source=Source.MANUAL)
    db.session.commit()
    auth.login("coordinator@example.org")
    _edit(client, world.held_offer, "publish")
    auth.logout()
    client.get("/", follow_redirects=True)  # the flashed "published" message is shown once
    before = client.get(f"/{world.edition.slug}/werkgroepen/{world.workgroup.id}/").get_data(as_text=True)
    erase_registration(result.registration)
    db.session.commit()
    after = client.get(f"/{world.edition.slug}/werkgroepen/{world.workgroup.id}/").get_data(as_text=True)
    assert before == after and "14 deelnemers" in after and "Ans" not in after
    columns = {column.name for column in WorkgroupReport.__table__.columns}
    assert not columns & {"name", "participant_names", "registration_id"}


# --- reminders ------------------------------------------------------------------------------


def test_reminders_go_to_facilitators_without_a_sent_report_once(app, world, outbox, request_context):
    sent = send_reminders(world.edition, local_today())
    db.session.commit()
    assert sent == 1
    (message,) = outbox.to("begeleider@example.org")
    body = message.get_body(("plain",)).get_content()
    assert "Participatiewet, Zutphen" in body and f"/beheer/werkgroepverslagen/{world.held_offer.id}" in body
    # Not again within the next days.
    assert send_reminders(world.edition, local_today()) == 0
    db.session.commit()
    assert len(outbox.to("begeleider@example.org")) == 1
    reminder = db.session.scalar(select(ReportReminder))
    assert (reminder.user_id, reminder.offer_id) == (world.facilitator.id, world.held_offer.id)
    # Days later, still nothing sent: reminded again.
    later = utcnow() + timedelta(days=4)
    assert send_reminders(world.edition, local_today(), now=later) == 1


def test_no_reminder_after_sending_or_before_the_day(client, auth, world, outbox, request_context):
    world.facilitator.offers = [world.held_offer, world.coming_offer]
    db.session.commit()
    auth.login("begeleider@example.org")
    _edit(client, world.held_offer, "submit")
    assert send_reminders(world.edition, local_today()) == 0  # sent; the other day is still to come


def test_the_reminder_command(runner, world, outbox):
    result = runner.invoke(args=["archive", "remind-facilitators", "--edition", world.edition.slug])
    assert result.exit_code == 0, result.output
    assert "1 facilitator(s) reminded" in result.output
    assert len(outbox.to("begeleider@example.org")) == 1


def test_the_organiser_sends_reminders_from_the_look_back_page(client, auth, world, make_user, outbox):
    make_user("organisator@example.org")
    auth.login("organisator@example.org")
    page = client.get(f"/beheer/edities/{world.edition.id}/terugblik").get_data(as_text=True)
    assert "1 begeleider met een inlog heeft het verslag nog niet verstuurd" in page
    response = client.post(f"/beheer/edities/{world.edition.id}/herinneringen", follow_redirects=True)
    assert "1 begeleider kreeg een herinnering." in response.get_data(as_text=True)
    assert len(outbox.to("begeleider@example.org")) == 1


def test_hostile_input_gets_a_message_and_changes_nothing_never_a_500(client, auth, world):
    auth.login("coordinator@example.org")
    response = _edit(client, world.held_offer, "save", summary="Eén twee", participants="9" * 30)
    assert response.status_code == 200 and "Vul een aantal tussen 0 en 10.000 in." in response.get_data(as_text=True)
    response = _edit(client, world.held_offer, "save", summary="Eén\x00twee\r\ndrie", participants="")
    assert response.status_code == 200 and "onzichtbare tekens" in response.get_data(as_text=True)
    assert _report(world.held_offer) is None  # nothing stored
    assert _edit(client, world.held_offer, "save", summary="Eén\r\ntwee", participants="").status_code == 302
    assert _report(world.held_offer).summary == "Eén\ntwee"
    link = {"target": f"item-{world.contribution.programme_item_id}", "visibility": "now", "url": "https://e.org/x"}
    response = client.post(f"/beheer/locaties/{world.held.id}/materiaal/link", data={**link, "title": "Dia's\r\nX\x00"})
    assert response.status_code == 200 and "regeleinden" in response.get_data(as_text=True)
    page = client.get(f"/beheer/locaties/{world.held.id}/materiaal").get_data(as_text=True)
    assert "Dia&#39;s" not in page
