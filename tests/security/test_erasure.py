"""Item 14: after erasing a registration or anonymising an edition, the name is nowhere:
not in any table (the stored assignment report included) and not in the report cache.
The assignment report keeps ids and shows names only when it is displayed."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from security_helpers import every_text_value

from app.extensions import db
from app.registration import services
from app.registration.links import token_for
from app.workgroups import assignment_services

NAMES = ("Xaveria Quintijn", "Yorrick Wolkenveld", "Zebulon Achterberg")


@pytest.fixture()
def crowded(world, make_workgroup, make_offer):
    """Rotterdam's only workgroup has one seat; three people want it, so two are left
    without a workgroup and the stored report names them."""
    offer = world.offers["Rotterdam"]
    offer.capacity = 1
    people = [
        services.register_participant(
            world.rotterdam, name=name, email=f"{name.split()[0].lower()}@example.org", consent=True,
            organisation=f"Stichting {name.split()[1]}", preferences={1: [world.workgroup.id]},
        ).registration
        for name in NAMES
    ]  # fmt: skip
    db.session.delete(world.assignments["Rotterdam"])
    db.session.commit()
    outcome = assignment_services.run_allocation(world.rotterdam, full_rerun=True, seed=7)
    db.session.commit()
    assert outcome.run.report["optimal"]["outcome"]["unassigned"] == 3  # 4 people, 1 seat
    return people


@pytest.fixture()
def report_cache(app, tmp_path, monkeypatch):
    folder = tmp_path / "report-cache"
    monkeypatch.setitem(app.config, "REPORT_CACHE_DIR", str(folder))
    return folder


def cached_texts(folder) -> list[str]:
    return ["\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
            for path in folder.glob("??/*.pdf")]  # fmt: skip


def _anywhere(name: str, folder=None) -> list[str]:
    found = [value for value in every_text_value() if name in value]
    if folder is not None:
        found += [f"cache: {text[:80]}" for text in cached_texts(folder) if name in text]
    return found


def test_the_assignment_page_names_people_from_their_ids(client, auth, world, crowded):
    auth.login("organiser@example.org")
    page = client.get(f"/beheer/locaties/{world.rotterdam.id}/indeling/").get_data(as_text=True)
    attention = page[page.index("Aandacht nodig") :]
    assert sum(name in attention for name in NAMES) >= 2
    for run_report in (assignment_services.latest_run(world.rotterdam).report,):
        assert not any(name in str(run_report) for name in NAMES)


def test_erasing_leaves_the_name_nowhere(client, auth, download, world, crowded, report_cache):
    auth.login("organiser@example.org")
    sheet = download(f"/beheer/locaties/{world.rotterdam.id}/presentielijst.pdf")
    assert sheet.status_code == 200
    assert any(NAMES[0] in text for text in cached_texts(report_cache))
    auth.logout()
    erased = crowded[0]
    assert _anywhere(NAMES[0]), "the name is stored before erasing"
    assert client.post(f"/aanmelding/{token_for(erased)}/verwijderen").status_code == 302
    assert _anywhere(NAMES[0], report_cache) == []
    assert _anywhere("Stichting Quintijn") == []
    assert _anywhere(NAMES[1]), "the others are still there"


def test_anonymising_leaves_no_name_anywhere(runner, client, auth, download, world, crowded, report_cache):
    auth.login("organiser@example.org")
    assert download(f"/beheer/locaties/{world.rotterdam.id}/naambadges.pdf").status_code == 200
    for day in world.edition.location_days:
        day.date = date.today() - timedelta(days=3)
    db.session.commit()
    result = runner.invoke(args=["privacy", "anonymise", world.edition.slug])
    assert result.exit_code == 0, result.output
    for name in (*NAMES, "Deelnemer Rotterdam", "Deelnemer Zutphen"):
        assert _anywhere(name, report_cache) == [], name
    assert _anywhere("rotterdam@example.org") == []
