"""The demo site as the browser tests see it: accounts, URLs, screen sizes.

Journeys (registration, workgroups, evaluation to come) add their pages here, so every
test, the accessibility table and the screenshots find them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

EDITION_SLUG = "groeien-in-kracht-2013"
LOCATION_SLUGS = ("zutphen", "rotterdam", "amsterdam", "beilen", "roermond")

# Public pages by name, for parametrising (paths come from Pages.public).
PUBLIC_PAGES = (
    "edition",
    *(f"location-{slug}" for slug in LOCATION_SLUGS),
    "register-rotterdam",
    "privacy",
    "login",
    "forgot-password",
    "404",
)

PHONE = {"width": 360, "height": 800}
NARROW = {"width": 320, "height": 800}  # the smallest phones; the archive pages are checked at this width
DESKTOP = {"width": 1280, "height": 900}
# 200% zoom of a 1280 px wide window: 640 CSS pixels wide, drawn at twice the density.
ZOOM_200 = {"width": 640, "height": 450}


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    name: str = ""
    role: str = "organiser"
    locations: tuple[str, ...] = ()


# The demo's own logins (`flask demo load`), as `make run` prints them.
ORGANISER = Account("organisator@alliantiedagen.local", "alliantie-demo-2013")
COORDINATOR = Account("coordinator.rotterdam@alliantiedagen.local", "rotterdam-demo-2013")
FACILITATOR = Account("begeleider@alliantiedagen.local", "begeleider-demo-2013", role="facilitator")


@dataclass(frozen=True)
class Pages:
    """The demo's URLs; database ids come from the live server's demo data."""

    edition_id: int
    location_ids: dict[str, int]  # slug -> id
    edition_slug: str = EDITION_SLUG
    login: str = "/beheer/inloggen"
    forgot_password: str = "/beheer/wachtwoord-vergeten"
    accounts: str = "/beheer/accounts/"
    invite: str = "/beheer/accounts/uitnodigen"
    own_password: str = "/beheer/wachtwoord"
    dashboard: str = "/beheer/"
    not_found: str = "/deze-pagina-bestaat-niet"
    organiser: Account = ORGANISER
    coordinator: Account = COORDINATOR
    facilitator: Account = FACILITATOR

    @property
    def edition(self) -> str:
        return f"/{self.edition_slug}/"

    def location(self, slug: str) -> str:
        return f"/{self.edition_slug}/{slug}/"

    @staticmethod
    def english(path: str) -> str:
        """The same page in English: through the language switch, back to the page."""
        return f"/taal/en?next={quote(path)}"

    @property
    def public(self) -> dict[str, str]:
        """Every public page (Dutch), name -> path; the names are PUBLIC_PAGES."""
        pages = {"edition": self.edition}
        pages |= {f"location-{slug}": self.location(slug) for slug in LOCATION_SLUGS}
        pages |= {"register-rotterdam": self.register("rotterdam")}
        pages |= {"privacy": "/privacy", "login": self.login, "404": self.not_found}
        pages |= {"forgot-password": self.forgot_password}
        return pages

    # --- registration: the public form and the personal link (no account) ---

    def register(self, slug: str) -> str:
        return f"/{self.edition_slug}/{slug}/aanmelden"

    def registration_sent(self, slug: str) -> str:
        return f"/{self.edition_slug}/{slug}/aanmelden/verstuurd"

    @staticmethod
    def personal(token: str) -> str:
        return f"/aanmelding/{token}"

    @staticmethod
    def personal_change(token: str) -> str:
        return f"/aanmelding/{token}/wijzigen"

    @staticmethod
    def personal_cancel(token: str) -> str:
        return f"/aanmelding/{token}/afmelden"

    @staticmethod
    def personal_calendar(token: str) -> str:
        return f"/aanmelding/{token}/agenda.ics"

    def manage_location(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}"

    def booklet(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/programmaboekje.pdf"

    def registrations(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/aanmeldingen"

    def add_registration(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/aanmeldingen/nieuw"

    def check_in(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/inchecken"

    def mail_log(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/e-mails"

    def assignment(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/indeling/"

    @property
    def offer_at_locations(self) -> str:
        return f"/beheer/edities/{self.edition_id}/werkgroepen/aanbieden"

    # --- after the day: the archive (public) and its organiser pages ---

    @property
    def look_back(self) -> str:
        return f"/{self.edition_slug}/terugblik/"

    @property
    def workgroups_across(self) -> str:
        return f"/{self.edition_slug}/werkgroepen/"

    def workgroup_across(self, workgroup_id: int) -> str:
        return f"/{self.edition_slug}/werkgroepen/{workgroup_id}/"

    @property
    def recommendations(self) -> str:
        return f"/{self.edition_slug}/aanbevelingen/"

    def report(self, offer_id: int) -> str:
        return f"/beheer/werkgroepverslagen/{offer_id}"

    def location_reports(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/verslagen"

    def edit_location(self, slug: str) -> str:
        return f"/beheer/locaties/{self.location_ids[slug]}/bewerken"

    def archive_public(self, archive_slug: str) -> dict[str, str]:
        """The public archive pages; `archive_slug` is the demo's day with an archive."""
        return {
            "look-back": self.look_back,
            "workgroups-across": self.workgroups_across,
            "recommendations": self.recommendations,
            f"location-{archive_slug}-with-archive": self.location(archive_slug),
        }

    def archive_organiser(self, archive_slug: str) -> dict[str, str]:
        location_id = self.location_ids[archive_slug]
        return {
            "manage-materials": f"/beheer/locaties/{location_id}/materiaal",
            "manage-reports": f"/beheer/locaties/{location_id}/verslagen",
            "manage-photos": f"/beheer/locaties/{location_id}/fotos",
            "manage-look-back": f"/beheer/edities/{self.edition_id}/terugblik",
        }

    @property
    def organiser_pages(self) -> dict[str, str]:
        return {
            "manage-dashboard": self.dashboard,
            "manage-edition": f"/beheer/edities/{self.edition_id}",
            "manage-location-rotterdam": self.manage_location("rotterdam"),
            "manage-readiness": f"/beheer/edities/{self.edition_id}/gereedheid",
            "manage-registrations-overview": f"/beheer/edities/{self.edition_id}/aanmeldingen",
            "manage-registrations-rotterdam": self.registrations("rotterdam"),
            "manage-check-in-rotterdam": self.check_in("rotterdam"),
            "manage-check-in-rotterdam-letter": self.check_in("rotterdam") + "?letter=B",
            "manage-assignment-rotterdam": self.assignment("rotterdam"),
            "manage-mail-rotterdam": self.mail_log("rotterdam"),
            "manage-message-rotterdam": f"/beheer/locaties/{self.location_ids['rotterdam']}/berichten",
            "manage-messages-sent-rotterdam": f"/beheer/locaties/{self.location_ids['rotterdam']}/berichten/verstuurd",
            "manage-mail-rules": f"/beheer/edities/{self.edition_id}/mailregels",
            "manage-edit-location-rotterdam": self.edit_location("rotterdam"),
            "manage-accounts": self.accounts,
            "manage-invite": self.invite,
            "own-password": self.own_password,
            "manage-offer-at-locations": self.offer_at_locations,
            "manage-duplicate-edition": f"/beheer/edities/{self.edition_id}/dupliceren",
            "manage-archive-edition-confirm": f"/beheer/edities/{self.edition_id}/archiveren",
        }
