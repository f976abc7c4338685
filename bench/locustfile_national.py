"""Locust users for "registration opens" on the national edition (bench/load_national.py
starts the servers and runs this file; it can also be run by hand with `locust -f`).

- Participant: opens the edition, reads a location's form, registers (locations in turn
  over the 50) and downloads the day's calendar file; one user stands for one person
  after another, until NATIONAL_PEOPLE registrations were sent.
- Visitor: browses the programme and downloads calendar files.
- Organiser: signs in on one app server and opens registration lists on every server
  (the session is a signed cookie, so any server accepts it).

Environment: NATIONAL_HOSTS (comma-separated base URLs; users are spread over them),
NATIONAL_EDITION, NATIONAL_LOCATIONS (comma-separated "slug:id"), NATIONAL_PEOPLE,
NATIONAL_ACCEPTED (a file: one accepted e-mail address per line), NATIONAL_ORGANISER
("email:password").
"""

from __future__ import annotations

import itertools
import os
import random
import re
import threading

from locust import HttpUser, between, task
from locust.exception import StopUser

HOSTS = [h for h in os.environ.get("NATIONAL_HOSTS", "http://127.0.0.1:5000").split(",") if h]
EDITION = os.environ.get("NATIONAL_EDITION", "landelijk")
LOCATIONS = [tuple(item.split(":")) for item in os.environ.get("NATIONAL_LOCATIONS", "").split(",") if item]
PEOPLE = int(os.environ.get("NATIONAL_PEOPLE", "2000"))
ACCEPTED = os.environ.get("NATIONAL_ACCEPTED", "accepted.txt")
ORGANISER = os.environ.get("NATIONAL_ORGANISER", "organisator@example.org:bench-national-2013").split(":", 1)
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SELECT = re.compile(r'<select[^>]*name="(pref_\d+_\d+)"[^>]*>(.*?)</select>', re.DOTALL)
OPTION = re.compile(r'<option[^>]*value="(\d+)"')


def ranked_choices(page: str) -> dict[str, str]:
    """A different workgroup for each rank of each round, as a participant picks them."""
    rounds: dict[str, list[tuple[str, list[str]]]] = {}
    for name, body in SELECT.findall(page):
        rounds.setdefault(name.rsplit("_", 1)[0], []).append((name, OPTION.findall(body)))
    chosen = {}
    for fields in rounds.values():
        options = random.sample(fields[0][1], k=min(len(fields), len(fields[0][1])))
        chosen.update({name: value for (name, _), value in zip(fields, options, strict=False)})
    return chosen


_numbers = itertools.count()
_users = itertools.count()
_lock = threading.Lock()


def _host() -> str:
    return HOSTS[next(_users) % len(HOSTS)]


def _accepted(email: str) -> None:
    with _lock, open(ACCEPTED, "a", encoding="utf-8") as file:
        file.write(email + "\n")


class Participant(HttpUser):
    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.client.base_url = self.host = _host()

    @task
    def register(self) -> None:
        """One user stands for one person after another, until PEOPLE have registered."""
        number = next(_numbers)
        if number >= PEOPLE:
            raise StopUser()
        slug, _ = LOCATIONS[number % len(LOCATIONS)]
        self.client.get(f"/{EDITION}/", name="browse: edition page")
        form = self.client.get(f"/{EDITION}/{slug}/aanmelden", name="register: form")
        token = CSRF.search(form.text)
        if token is None:
            return
        email = f"landelijk{number}@example.org"
        with self.client.post(
            f"/{EDITION}/{slug}/aanmelden",
            data={
                "csrf_token": token.group(1),
                "name": f"Deelnemer {number}",
                "email": email,
                "consent": "y",
                "website": "",
                **ranked_choices(form.text),
            },
            name="register: post",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code in (302, 303):
                answer.success()
                _accepted(email)
            else:
                answer.failure(f"registration answered {answer.status_code}")
        self.client.get(f"/{EDITION}/{slug}/agenda.ics", name="calendar: location day")


class Visitor(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.base_url = self.host = _host()

    @task(3)
    def browse(self) -> None:
        slug, _ = random.choice(LOCATIONS)
        self.client.get(f"/{EDITION}/", name="browse: edition page")
        self.client.get(f"/{EDITION}/{slug}/", name="browse: location page")

    @task(1)
    def calendar(self) -> None:
        self.client.get(f"/{EDITION}/agenda.ics", name="calendar: edition feed")


class Organiser(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.client.base_url = self.host = HOSTS[0]
        login = self.client.get("/beheer/inloggen", name="organiser: sign-in form")
        token = CSRF.search(login.text)
        self.client.post(
            "/beheer/inloggen",
            data={"csrf_token": token.group(1) if token else "", "email": ORGANISER[0], "password": ORGANISER[1]},
            name="organiser: sign in",
        )

    @task
    def open_list(self) -> None:
        _, location_id = random.choice(LOCATIONS)
        host = random.choice(HOSTS)  # the signed session works on every server
        with self.client.get(
            f"{host}/beheer/locaties/{location_id}/aanmeldingen",
            name="organiser: registration list",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"list answered {answer.status_code} (signed out?)")
