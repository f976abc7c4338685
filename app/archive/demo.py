"""Demo archive: the days already held, looked back on, so `make run` shows an archive.

    logins = load_demo_archive(edition, today)   # called once by app/demo/loader.py

The main day is the most recent day already held (when the demo has none, the first day,
and its archive is made independent of the date: the materials public now). It gets the
speakers' materials (slides as PDF, a hand-out as Word, a link), two published workgroup
reports and three photos drawn here with Pillow (rooms and objects: no people). The day
held before it, when there is one, gets a report of the same workgroup (so the
cross-location page has two side by side) and one of a workgroup whose report at the main
day is still to be written: the demo's facilitator login has that one to write, and the
same workgroup at the next day ahead. Each report counts the people who were there (the
participants checked in and placed in that workgroup). Participants get a photo-consent
answer.

Idempotent: an edition that already has archive content keeps it as it is.
"""

from __future__ import annotations

import io
import math
import random
from datetime import date, time, timedelta

from docx import Document
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from weasyprint import HTML

from app.accounts.models import Role, User
from app.accounts.services import ensure_user
from app.archive import services
from app.archive.look_back import publish_look_back, save_look_back
from app.archive.models import Material, ReportStatus, Visibility, WorkgroupReport
from app.extensions import db
from app.programme.models import Edition, LocationDay
from app.registration.models import Registration, Status
from app.timeutil import local_to_utc
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

DEMO_FACILITATOR = ("begeleider@alliantiedagen.local", "Demo-begeleider", "begeleider-demo-2013")
SEED = 2013

REPORTS = {
    "armoede": (
        "We spraken over wat lokale groepen zelf doen tegen armoede: voedselbanken, kledingbanken, "
        "schuldhulp door vrijwilligers en een 'sociale kaart' van de gemeente. Veel deelnemers zien dat "
        "het werk zwaarder wordt, terwijl de gemeente steeds meer op vrijwilligers leunt.",
        "Vrijwilligers vangen op wat de overheid laat liggen\n"
        "Mensen schamen zich en komen pas laat in beeld\n"
        "Goede samenwerking met de gemeente hangt af van één ambtenaar",
        "Gemeenten betrekken armoedegroepen vanaf het begin bij hun armoedebeleid\n"
        "Een vaste vergoeding voor het werk van vrijwilligersorganisaties\n"
        "Eén loket waar mensen met geldzorgen zonder wachtlijst terechtkunnen",
        18,
    ),
    "participatiewet": (
        "De Participatiewet komt eraan. Wat betekent dat voor mensen met een uitkering en voor "
        "cliëntenraden? De groep wisselde ervaringen uit met tegenprestatie en re-integratie.",
        "Onzekerheid over wat de tegenprestatie precies inhoudt\n"
        "Cliëntenraden krijgen informatie vaak te laat\n"
        "Maatwerk is nodig: niet iedereen kan hetzelfde",
        "Cliëntenraden krijgen tijdig en begrijpelijk informatie over de nieuwe regels\n"
        "Geen tegenprestatie zonder goede begeleiding en vrijwillige keuze",
        22,
    ),
}
GENERIC_REPORT = (
    "De groep wisselde ervaringen uit en zocht naar wat werkt in de eigen gemeente.",
    "Elkaar kennen helpt\nKleine stappen werken beter dan grote plannen",
    "Organiseer een vervolgbijeenkomst in de regio",
    12,
)
LOOK_BACK = """# Groeien in kracht

Vijf Alliantiedagen, vijf plaatsen, één thema. Op elke dag staat hetzelfde programma,
maar **de sprekers komen uit de regio**. Hieronder vindt u per plaats die al geweest is
de presentaties, de verslagen van de werkgroepen en een paar foto's. De andere plaatsen
volgen na hun dag.

## Wat viel op?

- Veel deelnemers zijn vrijwilliger en doen het werk naast zorg voor anderen.
- De werkgroepen kwamen op verschillende plaatsen tot dezelfde aanbevelingen.
- De aanbevelingen zijn de basis voor ons advies aan de overheid.

Lees ook de [Participatiewet uitgelegd](https://www.rijksoverheid.nl/onderwerpen/participatiewet).
"""


def load_demo_archive(edition: Edition, today: date) -> tuple[tuple[str, str, str], ...]:
    locations = sorted(edition.location_days, key=lambda location: location.date)
    if not locations:
        return ()
    held = [location for location in locations if location.date < today]
    main = held[-1] if held else locations[0]
    if not _has_archive(locations):
        reports = _reports(main, today, _prepared_first(main)[:2])
        for other in held[:-1][-1:]:  # the day before: the same workgroup, and one still to write at the main day
            to_write = [wid for wid in _prepared_first(other) if wid not in reports and wid in _open_workgroups(main)]
            _reports(other, today, reports[:1] + to_write[:1])
        _materials(main, visible_now=not held)
        _photos(main)
        _consent(locations, today)
        text = save_look_back(edition, LOOK_BACK, _organiser_or_none())
        publish_look_back(text)
        db.session.flush()
    return (_facilitator(main, locations),)


def _has_archive(locations: list[LocationDay]) -> bool:
    ids = [location.id for location in locations]
    return bool(
        db.session.scalar(select(Material.id).where(Material.location_day_id.in_(ids)).limit(1))
        or db.session.scalar(
            select(WorkgroupReport.id)
            .join(WorkgroupOffer, WorkgroupOffer.id == WorkgroupReport.offer_id)
            .where(WorkgroupOffer.location_day_id.in_(ids))
            .limit(1)
        )
    )


def _text_for(title: str) -> tuple:
    lowered = title.casefold()
    return next((text for key, text in REPORTS.items() if key in lowered), GENERIC_REPORT)


def _open_workgroups(location: LocationDay) -> set[int]:
    return {offer.workgroup_id for offer in location.workgroup_offers if offer.is_open}


def _prepared_first(location: LocationDay) -> list[int]:
    """The workgroups that ran at the location, those with a prepared report text first."""
    offers = sorted(
        (offer for offer in location.workgroup_offers if offer.is_open),
        key=lambda offer: (_text_for(offer.workgroup.title) is GENERIC_REPORT, offer.round, offer.workgroup.title),
    )
    return [offer.workgroup_id for offer in offers]


def _present_in(offer: WorkgroupOffer) -> int:
    """The participants placed in the workgroup (as told) who were checked in on the day."""
    return db.session.execute(
        select(func.count())
        .select_from(WorkgroupAssignment)
        .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
        .where(
            WorkgroupAssignment.published_offer_id == offer.id,
            Registration.status == Status.CONFIRMED,
            Registration.checked_in_at.is_not(None),
        )
    ).scalar_one()


def _reports(location: LocationDay, today: date, workgroup_ids: list[int]) -> list[int]:
    """Published reports at this location of these workgroups (those that ran there)."""
    offers = {offer.workgroup_id: offer for offer in location.workgroup_offers if offer.is_open}
    published = location.date if location.date < today else today
    chosen = []
    for workgroup_id in workgroup_ids:
        offer = offers.get(workgroup_id)
        if offer is None:
            continue
        summary, points, recommendations, participants = _text_for(offer.workgroup.title)
        moment = local_to_utc(published + timedelta(days=1), time(16, 0))
        present = _present_in(offer)
        db.session.add(
            WorkgroupReport(
                offer_id=offer.id,
                status=ReportStatus.PUBLISHED,
                summary=summary,
                points=points,
                recommendations=recommendations,
                participants=present if location.date < today else min(participants, offer.capacity or participants),
                submitted_at=moment,
                published_at=moment,
            )
        )
        chosen.append(offer.workgroup_id)
    db.session.flush()
    return chosen


def _materials(location: LocationDay, visible_now: bool) -> None:
    visibility = Visibility.NOW if visible_now else Visibility.AFTER_DAY
    by_kind: dict[str, list] = {}
    for contribution in sorted(location.contributions, key=lambda c: (c.programme_item.position, c.position)):
        by_kind.setdefault(contribution.programme_item.kind.value, []).append(contribution)
    introduction = (by_kind.get("introduction") or [None])[0]
    practice = by_kind.get("practice") or []
    if introduction is not None:
        target = services.Target(introduction.programme_item, introduction)
        services.add_material_file(
            location,
            target,
            title="Dia's van de inleiding",
            upload=io.BytesIO(_slides_pdf(introduction.title or introduction.programme_item.title)),
            filename="dias-inleiding.pdf",
            visibility=visibility,
            max_bytes=50 * 1024 * 1024,
        )
    if practice:
        first = practice[0]
        services.add_material_file(
            location,
            services.Target(first.programme_item, first),
            title="Hand-out: zo pakten wij het aan",
            upload=io.BytesIO(_handout_docx(first.speaker.organisation or first.speaker.name)),
            filename="hand-out.docx",
            visibility=visibility,
            max_bytes=50 * 1024 * 1024,
        )
    if len(practice) > 1:
        second = practice[1]
        services.add_material_link(
            location,
            services.Target(second.programme_item, second),
            title="Meer over de Participatiewet",
            url="https://www.rijksoverheid.nl/onderwerpen/participatiewet",
            visibility=visibility,
        )


def _slides_pdf(title: str) -> bytes:
    slides = [
        (title, "Alliantiedagen · Groeien in kracht"),
        ("Eigen kracht", "Wat mensen zelf kunnen, en waar ze steun nodig hebben"),
        ("Samen verder", "Lokale netwerken, cliëntenraden en vrijwilligers"),
    ]
    pages = "".join(f"<section><h1>{head}</h1><p>{body}</p></section>" for head, body in slides)
    html = (
        "<style>@page { size: 297mm 167mm; margin: 0 } section { height: 167mm; padding: 30mm; "
        "box-sizing: border-box; page-break-after: always; background: #0b5a4a; color: white; "
        "font-family: 'DejaVu Sans', sans-serif } h1 { font-size: 36pt } p { font-size: 18pt }</style>" + pages
    )
    return HTML(string=html).write_pdf()


def _handout_docx(organisation: str) -> bytes:
    document = Document()
    document.add_heading("Zo pakten wij het aan", level=1)
    document.add_paragraph(f"Een korte hand-out van {organisation} bij de Alliantiedag.")
    for step in ("Begin klein, met mensen die je kent.", "Zoek de gemeente op.", "Vier wat lukt."):
        document.add_paragraph(step, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PHOTOS = (
    (
        "Een zaal met stoelen in een kring en een flip-over met aantekeningen.",
        "De werkgroepzaal, klaar voor de middag.",
    ),
    ("Een podium met een spreekgestoelte en een scherm met een dia.", "Het podium van de inleiding."),
    ("Een tafel met koffiekopjes, naambadges en programmaboekjes.", "Koffie en naambadges bij de ontvangst."),
)


def _photos(location: LocationDay) -> None:
    for number, (alt, caption) in enumerate(PHOTOS):
        photo = services.add_photo(location, io.BytesIO(_drawing(number)))
        services.describe_photo(photo, alt_text=alt, caption=caption)
        services.publish_photo(photo)


def _drawing(number: int) -> bytes:
    """A simple picture of a room or objects, drawn with shapes (1200 x 800)."""
    rng = random.Random(SEED + number)
    image = Image.new("RGB", (1200, 800), (236, 230, 218))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 1200, 800), fill=(182, 150, 112))  # floor
    if number == 0:  # chairs in a circle and a flip chart
        for index in range(10):
            angle = index / 10 * 6.283
            x, y = 600 + 330 * math.cos(angle), 600 + 110 * math.sin(angle)
            draw.rectangle((x - 28, y - 60, x + 28, y), fill=(11, 90, 74))
            draw.rectangle((x - 28, y - 8, x + 28, y + 8), fill=(60, 60, 64))
        draw.rectangle((930, 180, 1110, 470), fill=(255, 255, 255), outline=(80, 80, 80), width=4)
        for line in range(6):
            draw.line((950, 220 + line * 38, 950 + rng.randint(80, 140), 220 + line * 38), fill=(40, 80, 160), width=5)
    elif number == 1:  # a stage with a lectern and a screen
        draw.rectangle((150, 80, 1050, 440), fill=(255, 255, 255), outline=(40, 40, 40), width=6)
        draw.rectangle((200, 130, 1000, 190), fill=(11, 90, 74))
        for line in range(4):
            draw.rectangle((220, 230 + line * 45, 220 + rng.randint(300, 700), 250 + line * 45), fill=(120, 120, 130))
        draw.rectangle((0, 520, 1200, 600), fill=(120, 84, 52))
        draw.polygon([(520, 380), (680, 380), (650, 560), (550, 560)], fill=(90, 60, 40))
    else:  # a table with cups, badges and booklets
        draw.rectangle((100, 400, 1100, 520), fill=(140, 100, 64))
        for index in range(7):
            x = 170 + index * 130
            draw.ellipse((x, 350, x + 70, 410), fill=(250, 250, 250), outline=(90, 90, 90), width=3)
        for index in range(5):
            x = 200 + index * 170
            draw.rectangle((x, 300, x + 110, 372), fill=(255, 255, 255), outline=(11, 90, 74), width=4)
            draw.rectangle((x, 300, x + 110, 318), fill=(11, 90, 74))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _consent(locations: list[LocationDay], today: date) -> None:
    """Most participants agree to photos, some do not, a few never answered."""
    ids = [location.id for location in locations]
    registrations = db.session.scalars(
        select(Registration).where(Registration.location_day_id.in_(ids)).order_by(Registration.id)
    ).all()
    if any(registration.photo_consent is not None for registration in registrations):
        return
    rng = random.Random(SEED)
    now = local_to_utc(today, time(0, 0))
    for registration in registrations:
        draw = rng.random()
        registration.photo_consent = True if draw < 0.85 else False if draw < 0.95 else None
        registration.photo_consent_at = now if registration.photo_consent is not None else None


def _organiser_or_none() -> User | None:
    return db.session.scalar(select(User).where(User.role == Role.ORGANISER).order_by(User.id))


def _facilitator(main: LocationDay, locations: list[LocationDay]) -> tuple[str, str, str]:
    """A facilitator login for a workgroup whose report at the main day is still to be
    written (preferably one that reported at another day already), and for the same
    workgroup at the next day that offers it."""
    email, name, password = DEMO_FACILITATOR
    user, created = ensure_user(email, name, password, Role.FACILITATOR)
    if created:
        reported = {
            offer_id: workgroup_id
            for offer_id, workgroup_id in db.session.execute(
                select(WorkgroupReport.offer_id, WorkgroupOffer.workgroup_id).join(
                    WorkgroupOffer, WorkgroupOffer.id == WorkgroupReport.offer_id
                )
            )
        }
        elsewhere = {
            workgroup_id
            for offer_id, workgroup_id in reported.items()
            if offer_id not in {offer.id for offer in main.workgroup_offers}
        }
        open_here = [offer for offer in main.workgroup_offers if offer.is_open and offer.id not in reported]
        open_here.sort(key=lambda offer: offer.workgroup_id not in elsewhere)
        mine = open_here[:1]
        later = [
            offer
            for location in locations
            if location.date > main.date
            for offer in location.workgroup_offers
            if mine and offer.workgroup_id == mine[0].workgroup_id
        ]
        user.offers = mine + later[:1]
    return ("facilitator", email, password)
