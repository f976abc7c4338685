"""Calendar downloads and feeds over HTTP, read back with an independent parser."""

from datetime import UTC, datetime

import pytest
import vobject

from app.extensions import db
from app.programme.services import assign_speaker, find_or_create_speaker
from app.registration.links import token_for
from app.registration.services import register_participant


@pytest.fixture()
def day(make_edition, make_location):
    edition = make_edition()
    location = make_location(edition, "Rotterdam", date=datetime(2027, 3, 12).date())
    return location


def _events(body: bytes):
    calendar = vobject.readOne(body.decode("utf-8"))
    return [component for component in calendar.components() if component.name == "VEVENT"]


def test_location_day_download_is_one_event_in_amsterdam_time(client, day):
    response = client.get("/groeien-in-kracht/rotterdam/agenda.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    (event,) = _events(response.data)
    # The day starts when the doors open; 12 March 2027 is winter time: 09:30 is 08:30 UTC.
    assert event.dtstart.value.astimezone(UTC) == datetime(2027, 3, 12, 8, 30, tzinfo=UTC)
    assert event.dtend.value.astimezone(UTC) == datetime(2027, 3, 12, 14, 30, tzinfo=UTC)
    assert "Zaal Rotterdam" in event.location.value
    assert "Inleiding" in event.description.value
    assert b"DTSTART;TZID=Europe/Amsterdam:" in response.data


def test_each_programme_item_can_be_its_own_event(client, day):
    response = client.get("/groeien-in-kracht/rotterdam/agenda.ics?onderdelen=1")
    events = _events(response.data)
    assert [event.summary.value for event in events][:2] == ["Welkom – Rotterdam", "Inleiding – Rotterdam"]
    assert len({event.uid.value for event in events}) == len(events) == 5


def test_edition_feed_lists_every_day_and_answers_conditional_requests(client, day, make_location):
    make_location(day.edition, "Zutphen")
    first = client.get("/groeien-in-kracht/agenda.ics")
    assert len(_events(first.data)) == 2
    assert "inline" in first.headers["Content-Disposition"]
    assert "max-age" in first.headers["Cache-Control"]
    again = client.get("/groeien-in-kracht/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_changed_time_raises_sequence_keeps_uid_and_changes_etag(client, day):
    before = client.get("/groeien-in-kracht/agenda.ics")
    item = day.edition.programme_items[0]
    from app.programme.services import update_programme_item

    update_programme_item(
        item,
        kind=item.kind,
        title=item.title,
        description="",
        start_time=item.start_time.replace(hour=9),
        end_time=item.end_time,
        workgroup_round=None,
    )
    db.session.commit()
    after = client.get("/groeien-in-kracht/agenda.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    (old,), (new,) = _events(before.data), _events(after.data)
    assert new.uid.value == old.uid.value
    assert int(new.sequence.value) > int(old.sequence.value)
    assert new.dtstart.value.hour == 9


def test_english_calendar_text(client, day):
    response = client.get("/groeien-in-kracht/rotterdam/agenda.ics?lang=en")
    (event,) = _events(response.data)
    assert "Programme" in event.description.value


def test_public_pages_offer_add_to_calendar_links(client, day):
    page = client.get("/groeien-in-kracht/rotterdam/").get_data(as_text=True)
    assert "/groeien-in-kracht/rotterdam/agenda.ics" in page
    assert "calendar.google.com" in page and "outlook.live.com" in page
    edition_page = client.get("/groeien-in-kracht/").get_data(as_text=True)
    assert 'href="webcal://' in edition_page and "/groeien-in-kracht/agenda.ics" in edition_page


def test_unknown_edition_feed_is_404(client, day):
    assert client.get("/onbekend/agenda.ics").status_code == 404


def test_a_day_without_programme_has_no_calendar_yet(client, make_edition, make_location):
    edition = make_edition(slug="leeg")
    for item in list(edition.programme_items):
        db.session.delete(item)
    db.session.commit()
    make_location(edition, "Beilen")
    assert client.get("/leeg/beilen/agenda.ics").status_code == 404
    assert client.get("/leeg/agenda.ics").status_code == 404


def test_renaming_a_speaker_updates_every_calendar_that_names_them(client, day, make_location, make_user, auth):
    """The programme text of the day names its speakers: a new name is a change that
    calendar programs must take over, so SEQUENCE rises (they ignore a same-SEQUENCE copy)."""
    intro = next(item for item in day.edition.programme_items if item.title == "Inleiding")
    speaker = find_or_create_speaker(day.edition, "Jan Jansen", "FNV")
    assign_speaker(day, intro, speaker, "Werk en inkomen")
    other = make_location(day.edition, "Zutphen")  # where this speaker does not speak
    registration = register_participant(day, name="Ans", email="ans@example.org", consent=True).registration
    db.session.commit()
    urls = {
        "day": "/groeien-in-kracht/rotterdam/agenda.ics",
        "items": "/groeien-in-kracht/rotterdam/agenda.ics?onderdelen=1",
        "feed": "/groeien-in-kracht/agenda.ics",
        "own": f"/aanmelding/{token_for(registration)}/agenda.ics",
    }
    before = {name: _by_uid(client.get(url).data) for name, url in urls.items()}

    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    response = client.post(
        f"/beheer/sprekers/{speaker.id}/bewerken", data={"name": "Jan Janssen", "organisation": "FNV", "bio": ""}
    )
    assert response.status_code == 302

    for name, url in urls.items():
        after = _by_uid(client.get(url).data)
        assert after.keys() == before[name].keys()
        for uid, event in after.items():
            rotterdam = f"location-day-{other.id}@" not in uid
            old_sequence = int(before[name][uid].sequence.value)
            if rotterdam:
                assert int(event.sequence.value) > old_sequence, (name, uid)
            else:
                assert int(event.sequence.value) == old_sequence, (name, uid)
    (own,) = _by_uid(client.get(urls["own"]).data).values()
    assert "Jan Janssen (FNV) – Werk en inkomen" in own.description.value


def _by_uid(body: bytes) -> dict:
    return {event.uid.value: event for event in _events(body)}
