"""Item 15: a coordinator can move or swap participants only within workgroups of their
own location, and fetch only their own locations' sheets through the facilitator URL."""

from security_helpers import snapshot

from app.extensions import db
from app.registration import services
from app.workgroups.models import WorkgroupAssignment


def _assignment_of(registration):
    return db.session.query(WorkgroupAssignment).filter_by(registration_id=registration.id).one_or_none()


def test_coordinator_cannot_move_a_participant_into_another_locations_workgroup(client, auth, world):
    auth.login("coordinator@example.org")
    before = snapshot()
    response = client.post(
        f"/beheer/locaties/{world.rotterdam.id}/indeling/verplaatsen",
        data={"registration_id": world.registrations["Rotterdam"].id, "offer_id": world.offers["Zutphen"].id},
    )
    assert response.status_code in (302, 403)
    assert snapshot() == before


def test_coordinator_cannot_swap_into_another_locations_workgroup(client, auth, world, make_offer, make_workgroup):
    """A participant moved here from Zutphen must not bring Zutphen's workgroup along, and a
    swap can never hand out a workgroup of another location."""
    stranger = world.registrations["Zutphen"]
    services.move_registration(stranger, world.rotterdam)
    db.session.commit()
    carried = _assignment_of(stranger)
    assert carried is None or carried.offer.location_day_id == world.rotterdam.id
    # Even if such a row exists (older data), swapping with it is refused.
    if carried is None:
        carried = WorkgroupAssignment(registration_id=stranger.id, round=1, offer_id=world.offers["Zutphen"].id)
        db.session.add(carried)
        db.session.commit()
    auth.login("coordinator@example.org")
    own = world.assignments["Rotterdam"]
    before = snapshot()
    client.post(f"/beheer/locaties/{world.rotterdam.id}/indeling/ruilen", data={"first": own.id, "second": carried.id})
    assert snapshot() == before
    db.session.expire_all()
    assert _assignment_of(world.registrations["Rotterdam"]).offer_id == world.offers["Rotterdam"].id


def test_coordinator_cannot_fetch_another_locations_sheet_through_the_facilitator_url(client, auth, download, world):
    auth.login("coordinator@example.org")
    assert client.get(f"/beheer/mijn-werkgroepen/{world.offers['Zutphen'].id}/presentielijst.pdf").status_code == 403
    assert client.get(f"/beheer/aanbod/{world.offers['Zutphen'].id}/presentielijst.pdf").status_code == 403
    own = download(f"/beheer/mijn-werkgroepen/{world.offers['Rotterdam'].id}/presentielijst.pdf")
    assert own.status_code == 200 and own.mimetype == "application/pdf"


def test_facilitator_fetches_only_their_own_sheet(client, auth, download, world):
    auth.login("facilitator@example.org")
    assert client.get(f"/beheer/mijn-werkgroepen/{world.offers['Zutphen'].id}/presentielijst.pdf").status_code == 403
    assert download(f"/beheer/mijn-werkgroepen/{world.offers['Rotterdam'].id}/presentielijst.pdf").status_code == 200
