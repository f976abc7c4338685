"""Shared by the registration and workgroup journeys: the live server's mail as a
participant reads it, and a few steps the organiser screens take.

Mail: the live server runs as `make run` does, web and job worker together; without
SMTP_HOST the worker writes every message as an .eml file to MAIL_OUTBOX_DIR, which
conftest.py puts beside the server's log ("outbox" in the live server's folder). The file
names start with the moment the message was queued, so sorting them gives the order of
the events. A message arrives shortly after the response that caused it: reading the
outbox first waits until the server's outbox table has nothing left to send.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import NamedTuple

from demo_site import Pages
from playwright.sync_api import Page

PERSONAL_LINK = re.compile(r"https?://\S+?/aanmelding/[\w.\-]+")


@dataclass(frozen=True)
class Mail:
    path: Path
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def attachments(self) -> dict[str, bytes]:
        return {part.get_filename(): part.get_content() for part in self.message.iter_attachments()}

    def personal_link(self) -> str:
        found = PERSONAL_LINK.search(self.text)
        assert found, f"no personal link in the mail {self.subject!r}:\n{self.text}"
        return found.group(0)


class Outbox:
    def __init__(self, folder: Path, database: Path | None = None):
        self.folder = folder
        self.database = database

    @classmethod
    def of(cls, live_server) -> Outbox:
        folder = Path(live_server.log).parent
        return cls(folder / "outbox", folder / "live.db")

    def settle(self, seconds: float = 15) -> None:
        """Wait until the worker has sent every queued message (none left unsent)."""
        if self.database is None:
            return
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with closing(sqlite3.connect(self.database, timeout=5)) as connection:
                (unsent,) = connection.execute(
                    "SELECT count(*) FROM outgoing_mail WHERE status IN ('queued', 'retrying')"
                ).fetchone()
            if not unsent:
                return
            time.sleep(0.1)
        raise AssertionError(f"the worker left {unsent} messages unsent for {seconds} s")

    def mails(self, to: str | None = None) -> list[Mail]:
        """Every message so far (oldest first), or only those to one address."""
        self.settle()
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.eml")):
            mail = Mail(path, message_from_bytes(path.read_bytes(), policy=policy.default))
            if to is None or mail.to.lower() == to.lower():
                found.append(mail)
        return found

    def newest(self, to: str) -> Mail:
        """The newest message to `to`; fails when there is none."""
        mails = self.mails(to)
        assert mails, f"no mail to {to}; the outbox holds: {[(mail.to, mail.subject) for mail in self.mails()]}"
        return mails[-1]


# --- pages ----------------------------------------------------------------------------


def at(page: Page, path: str) -> None:
    """Wait until the page has loaded `path` (after a click on a link or a redirect). A
    fragment may remain: a redirect keeps the one of the page the form was sent from."""
    page.wait_for_url(re.compile(re.escape(path) + "(#.*)?$"))


def submit(page: Page, button) -> None:
    """Press a submit button and wait for the answer (also when the URL stays the same)."""
    with page.expect_navigation():
        button.click()


# --- organiser screens ----------------------------------------------------------------


class Added(NamedTuple):
    message: str  # the flash message on the list
    choices: list[str]  # the workgroups chosen, first choice first


def add_by_hand(page: Page, pages: Pages, slug: str, name: str, email: str = "", choices: Sequence[int] = ()) -> Added:
    """Beheer -> Aanmeldingen -> "Aanmelding toevoegen": a registration by phone or on paper
    (not rate-limited like the public form). `choices` are positions in the list of
    workgroups (1 is the first workgroup), first choice first."""
    page.goto(pages.registrations(slug))
    page.get_by_role("link", name="Aanmelding toevoegen").click()
    at(page, pages.add_registration(slug))
    page.get_by_label("Uw naam").fill(name)
    if email:
        page.get_by_label("E-mailadres (niet verplicht)").fill(email)
    for rank, position in enumerate(choices, start=1):
        page.locator(f"#pref_1_{rank}").select_option(index=position)
    chosen = [selected_label(page, f"#pref_1_{rank}") for rank in range(1, len(choices) + 1)]
    page.get_by_label("De deelnemer gaf toestemming").check()
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.url.endswith(pages.registrations(slug)), page.locator(".error-summary").all_inner_texts()
    return Added(page.locator(".messages").inner_text(), chosen)


def registration_counts(page: Page) -> dict[str, int]:
    """The counts on the organiser's registration list: {"bevestigd": 31, "op de wachtlijst": 0, ...}."""
    counts = {}
    for item in page.locator("ul.counts li").all():
        number = int(item.locator("strong").inner_text())
        label = item.inner_text().split(maxsplit=1)[1].strip()
        counts["plaatsen vrij" if label.startswith("plaatsen vrij") else label] = number
    return counts


def selected_label(page: Page, selector: str) -> str:
    return page.locator(selector).evaluate("select => select.selectedOptions[0].textContent.trim()")


def download_document(page: Page, link_name: str) -> bytes:
    """Click a PDF link as an organiser does: the file comes at once when the report cache
    has it; otherwise the status page of its build offers it when the worker is done."""
    downloads = []

    def keep(download) -> None:
        downloads.append(download)

    page.on("download", keep)
    try:
        page.get_by_role("link", name=link_name).click()
        deadline = time.monotonic() + 10
        while not downloads and not STATUS_PAGE.search(page.url) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        if not downloads:
            assert STATUS_PAGE.search(page.url), f"{link_name}: neither a file nor a status page"
            ready = page.get_by_role("link", name=re.compile(r"^Download .*\.pdf$"))
            ready.wait_for(timeout=60_000)
            with page.expect_download() as download:
                ready.click()
            return download.value.path().read_bytes()
        return downloads[0].path().read_bytes()
    finally:
        page.remove_listener("download", keep)


STATUS_PAGE = re.compile(r"/beheer/documenten/\d+$")
