"""A real SMTP server on loopback (aiosmtpd) that records what it accepted, and can be told
to refuse, or to hold its answer at a chosen message while a test kills the sender."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """aiosmtpd handler: keeps every accepted message; counts connections (EHLO)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.connections = 0
        self.rcpts = 0
        self.refuse: set[str] = set()  # addresses answered 550
        # Hold the answer to the n-th RCPT (1-based), or the n-th DATA after storing it.
        self.hold_rcpt: int | None = None
        self.hold_data: int | None = None
        self.reached = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.connections += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        self.rcpts += 1
        if self.hold_rcpt is not None and self.rcpts == self.hold_rcpt:
            await self._hold()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            number = len(self.messages)
        if self.hold_data is not None and number == self.hold_data:
            await self._hold()  # stored, but the sender has not heard 250 yet
        return "250 OK"

    async def _hold(self):
        self.reached.set()
        while not self.release.is_set():
            await asyncio.sleep(0.02)

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]


class LoopbackSmtp:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    def start(self) -> LoopbackSmtp:
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.recorder.release.set()
            self.controller.stop()
            self.controller = None


@pytest.fixture()
def smtp(app):
    """smtp() -> a LoopbackSmtp (not started); the app sends to its port. Stopped afterwards."""
    servers: list[LoopbackSmtp] = []
    saved = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_USE_TLS")}

    def make(start: bool = True) -> LoopbackSmtp:
        server = LoopbackSmtp()
        servers.append(server)
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_USE_TLS=False)
        return server.start() if start else server

    yield make
    app.config.update(saved)
    for server in servers:
        server.stop()


# --- a location day and registering on it ------------------------------------------------


@pytest.fixture(autouse=True)
def _request_context(request_context):
    yield


@pytest.fixture()
def day(make_edition, make_location, make_workgroup, make_offer):
    edition = make_edition()
    location = make_location(edition, "Rotterdam", capacity=1000)
    make_offer(location, make_workgroup(edition, "Participatiewet"))
    return location


@pytest.fixture()
def register(day):
    """register(n=1, commit=True, **values) -> the registrations, committed together."""
    from app.extensions import db
    from app.registration import services

    counter = iter(range(1, 1_000_000))

    def make(n: int = 1, commit: bool = True, **values):
        made = []
        for _ in range(n):
            number = next(counter)
            defaults = dict(name=f"Deelnemer {number}", email=f"deelnemer{number}@example.org", consent=True)
            offer = day.workgroup_offers[0]
            defaults["preferences"] = {1: [offer.workgroup_id]}
            made.append(services.register_participant(day, **(defaults | values)).registration)
        if commit:
            db.session.commit()
        return made

    return make
