"""A facilitator's login shows only their own workgroup's list, and nothing else."""

import io

import pytest
from pypdf import PdfReader

from app.accounts.models import Role
from app.extensions import db
from app.registration.services import register_participant
from app.workgroups import assignment_services


@pytest.fixture()
def setup(make_edition, make_location, make_workgroup, make_offer, make_user, auth):
    edition = make_edition()
    location = make_location(edition, "Rotterdam")
    own = make_offer(location, make_workgroup(edition, "Sociale coöperaties"), capacity=1, room="Consistoriekamer")
    other = make_offer(location, make_workgroup(edition, "Maatjes naar werk"), capacity=1)
    for name, offer in (("Ans Jansen", own), ("Bert de Boer", other)):
        register_participant(
            location, name=name, email=f"{name.split()[0].lower()}@example.org", consent=True,
            preferences={1: [offer.workgroup_id]},
        )  # fmt: skip
    assignment_services.run_allocation(location, seed=1)
    assignment_services.publish(location)
    db.session.commit()
    facilitator = make_user("nicole@example.org", Role.FACILITATOR)
    facilitator.offers = [own]
    db.session.commit()
    auth.login("nicole@example.org")
    return dict(location=location, own=own, other=other)


def test_facilitator_sees_only_their_own_workgroup(client, setup):
    response = client.get("/beheer/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Mijn werkgroepen" in page and "Sociale coöperaties" in page
    assert "Ans Jansen" in page and "Bert de Boer" not in page and "Maatjes naar werk" not in page


def test_facilitator_downloads_their_sign_in_sheet_only(client, download, setup):
    response = download(f"/beheer/mijn-werkgroepen/{setup['own'].id}/presentielijst.pdf")
    assert response.status_code == 200
    text = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert "Jansen" in text and "Consistoriekamer" in text and "Boer" not in text
    assert client.get(f"/beheer/mijn-werkgroepen/{setup['other'].id}/presentielijst.pdf").status_code == 403


def test_facilitator_is_refused_every_organiser_page(app, client, setup):
    location_id = setup["location"].id
    for url in (
        f"/beheer/locaties/{location_id}",
        f"/beheer/locaties/{location_id}/aanmeldingen",
        f"/beheer/locaties/{location_id}/indeling/",
        f"/beheer/locaties/{location_id}/programmaboekje.pdf",
        f"/beheer/aanbod/{setup['own'].id}/presentielijst.pdf",
    ):
        assert client.get(url).status_code == 403, url


def test_users_create_makes_a_facilitator_for_an_offer(runner, setup):
    result = runner.invoke(
        args=["users", "create", "--email", "f@example.org", "--name", "F", "--role", "facilitator",
              "--offer", str(setup["other"].id), "--password", "a-long-password"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    from app.accounts.services import find_user_by_email

    assert [offer.id for offer in find_user_by_email("f@example.org").offers] == [setup["other"].id]
