"""PDF documents as jobs: a download that is not in the cache is built by a worker, the
status page follows it (with and without JavaScript) and then offers the file, which
lives in the shared folder; the cache keeps serving it afterwards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import jobs
from app.accounts.models import Role
from app.extensions import db
from app.jobs import run_pending
from app.reports import documents
from app.reports.models import DocumentBuild
from tests.reports.conftest import pdf_text


@pytest.fixture()
def cold(app, tmp_path):
    """An empty folder for this test's documents (no cache hits from other tests)."""
    saved = app.config["DOCUMENT_DIR"]
    app.config["DOCUMENT_DIR"] = str(tmp_path / "documents")
    yield tmp_path / "documents"
    app.config["DOCUMENT_DIR"] = saved


def builds() -> list[DocumentBuild]:
    db.session.expire_all()
    return list(db.session.scalars(select(DocumentBuild).order_by(DocumentBuild.id)))


def test_a_document_not_in_the_cache_is_built_by_a_worker(client, auth, day, cold):
    auth.login("organiser@example.org")
    url = f"/beheer/locaties/{day['rotterdam'].id}/naambadges.pdf"
    response = client.get(url)
    assert response.status_code == 302 and "/beheer/documenten/" in response.headers["Location"]
    status_url = response.headers["Location"]
    (build,) = builds()
    assert (build.status, build.document, build.filename) == ("queued", "badges", build.filename)
    assert not list(cold.glob("**/*.pdf"))  # nothing rendered in the request

    page = client.get(status_url).get_data(as_text=True)
    assert "wachtrij" in page and "Vernieuwen" in page
    assert '<noscript><meta http-equiv="refresh"' in page  # without JavaScript: reloads itself
    assert "document-status.js" in page and "<progress" in page  # with: follows the build
    assert client.get(status_url + ".json").get_json() == {
        "status": "queued",
        "percent": None,
        "seconds_left": None,
        "file": None,
    }

    assert run_pending() == 1  # the worker's job
    state = client.get(status_url + ".json").get_json()
    assert state["status"] == "done" and state["file"] == status_url + "/bestand"
    page = client.get(status_url).get_data(as_text=True)
    assert "Het document is klaar" in page and status_url + "/bestand" in page and "refresh" not in page
    pdf = client.get(status_url + "/bestand")
    assert pdf.mimetype == "application/pdf" and build.filename in pdf.headers["Content-Disposition"]
    assert "Bert Zwart" in pdf_text(pdf.data)
    assert len(list(cold.glob("**/*.pdf"))) == 1  # in the shared folder, for every process

    again = client.get(url)  # the cache stays: the next download is immediate
    assert again.status_code == 200 and again.data == pdf.data


def test_asking_twice_while_it_is_built_shares_one_build(client, auth, day, cold):
    auth.login("organiser@example.org")
    url = f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf"
    first, second = client.get(url), client.get(url)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(builds()) == 1


def test_changed_data_make_a_new_build(client, auth, day, cold):
    auth.login("organiser@example.org")
    url = f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf"
    client.get(url)
    run_pending()
    assert client.get(url).status_code == 200
    person = day["registrations"]["Bert Zwart"]
    person.name = "Bert Zwart-Hoek"
    db.session.commit()
    assert client.get(url).status_code == 302
    run_pending()
    (_, newest) = builds()
    assert "Bert Zwart-Hoek" in pdf_text(client.get(f"/beheer/documenten/{newest.id}/bestand").data)


def test_the_running_build_shows_an_estimate(app, day, cold):
    build = DocumentBuild(
        document="badges",
        subject_id=day["rotterdam"].id,
        location_day_id=day["rotterdam"].id,
        status="running",
        expected_seconds=10,
        started_at=jobs.now(),
    )
    db.session.add(build)
    db.session.commit()
    state = documents.progress(build, now=build.started_at + timedelta(seconds=4))
    assert (state.status, state.percent, state.seconds_left) == ("running", 40, 6)
    late = documents.progress(build, now=build.started_at + timedelta(seconds=30))
    assert late.percent == 95  # never claims to be done before it is


def test_a_build_whose_worker_died_is_taken_up_again(app, client, auth, day, cold):
    auth.login("organiser@example.org")
    client.get(f"/beheer/locaties/{day['rotterdam'].id}/naambadges.pdf")
    jobs.current_queue().huey.flush()  # the wake-up is lost, as if the worker died with it
    (build,) = builds()
    build.status, build.started_at, build.lease_until = "running", jobs.now(), jobs.now() - timedelta(seconds=1)
    db.session.commit()
    assert documents.sweep_documents() == 1
    run_pending()
    (build,) = builds()
    assert build.status == "done" and build.attempts == 1


def test_a_document_whose_subject_is_gone_fails_with_a_message(client, auth, day, cold):
    auth.login("organiser@example.org")
    status_url = client.get(f"/beheer/aanbod/{day['offers']['armoede'].id}/presentielijst.pdf").headers["Location"]
    db.session.delete(day["offers"]["armoede"])
    db.session.commit()
    run_pending()
    (build,) = builds()
    assert build.status == "failed" and "no longer exists" in build.error
    assert "mislukt" in client.get(status_url).get_data(as_text=True)
    assert client.get(status_url + "/bestand").status_code == 404


def test_only_those_who_may_download_it_follow_a_build(client, auth, day, cold, make_user):
    auth.login("organiser@example.org")
    badges = client.get(f"/beheer/locaties/{day['rotterdam'].id}/naambadges.pdf").headers["Location"]
    report = client.get(f"/beheer/edities/{day['edition'].id}/rapport.pdf").headers["Location"]
    sheet = client.get(f"/beheer/aanbod/{day['offers']['armoede'].id}/presentielijst.pdf").headers["Location"]
    run_pending()
    auth.logout()

    make_user("zutphen@example.org", Role.COORDINATOR, [day["zutphen"]])
    auth.login("zutphen@example.org")
    for url in (badges, badges + ".json", badges + "/bestand", report, sheet + "/bestand"):
        assert client.get(url).status_code == 403, url
    auth.logout()

    auth.login("coordinator@example.org")  # Rotterdam's coordinator
    assert client.get(badges + "/bestand").status_code == 200
    assert client.get(report).status_code == 403  # the edition report is for organisers only
    auth.logout()

    facilitator = make_user("piet@example.org", Role.FACILITATOR)
    facilitator.offers = [day["offers"]["armoede"]]
    db.session.commit()
    auth.login("piet@example.org")
    assert client.get(sheet + "/bestand").status_code == 200  # their own workgroup's sheet
    assert client.get(badges).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(DocumentBuild)) == 3
