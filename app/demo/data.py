"""Demo edition: the Alliantiedagen 2013 "Groeien in kracht" as plain Python data.

This module describes the demo edition, modelled on the 2013 Alliantiedagen of the
Sociale Alliantie (five location days between 4 October and 1 November 2013 in
Zutphen, Rotterdam, Amsterdam, Beilen and Roermond). The facts come from the
retrospective article in shared/seeds/001; where the article is silent (exact dates,
venues, rooms, capacities, which practice contribution was given where) the values
are plausible guesses, marked with a comment.

The 2013 days were Fridays in October and November 2013. The demo replays the programme
as a season in progress, relative to the day it is loaded (app/demo/season.py): the first
two days of SEASON already held, the other three still ahead with registration open. The
name and the description say so, so nobody takes the dates for those of 2013.

All user-facing strings are in Dutch (plain language, B1 level). Times are local wall
clock times (Europe/Amsterdam) as "HH:MM".
Nothing here imports Flask or SQLAlchemy; the location days are in app/demo/locations.py.
"""

EDITION = {
    "slug": "groeien-in-kracht-2013",
    # A replay of 2013 on this season's dates: the name says "demo", the description why.
    # The edition's year is the season's (the loader sets it from the first day).
    "name": "Alliantiedagen 2013 — demo",
    "theme": "Groeien in kracht",
    "organising_alliance": "Sociale Alliantie",
    # The article: organisationally made possible also by these two organisations.
    "partner_organisations": [
        "CliP-Stimulansz",
        "Werkgroep Arme Kant van Nederland/EVA",
    ],
    # The article: joint financial contributions of the alliance partners plus a
    # contribution of the PIN fonds.
    "funding_organisations": [
        "Partners van de Sociale Alliantie (gezamenlijke bijdrage)",
        "PIN fonds",
    ],
    "description": (
        "Dit is een demo: het programma van de Alliantiedagen 2013, met de data verschoven "
        "naar dit seizoen. De deelnemers en hun antwoorden zijn verzonnen. "
        "Vijf Alliantiedagen op vijf plaatsen in het land, met één thema: Groeien in "
        "kracht. Elke dag heeft hetzelfde programma: een inleiding, vier korte "
        "verhalen uit de praktijk, een vrolijk intermezzo en werkgroepen. Per plaats "
        "zijn de sprekers anders. De dagen zijn voor vrijwilligers en medewerkers van "
        "cliëntenraden, anti-armoedegroepen, vakbonden, kerken en andere "
        "organisaties, en voor iedereen die mee wil praten."
    ),
}

PROGRAMME = [
    {
        "key": "welkom",
        "kind": "welcome",
        "title": "Welkom en opening",
        "description": "Ontvangst met koffie en thee. De dagvoorzitter heet iedereen welkom en vertelt hoe de dag eruitziet.",
        "start": "10:00",
        "end": "10:15",
        "round": None,
    },
    {
        "key": "inleiding",
        "kind": "introduction",
        "title": "Inleiding",
        "description": "Een langere inleiding over het thema van dit jaar: wat betekent 'eigen kracht' als de overheid minder doet en gemeenten meer taken krijgen?",
        "start": "10:15",
        "end": "11:00",
        "round": None,
    },
    {
        "key": "praktijk-1",
        "kind": "practice",
        "title": "In beweging: uit de praktijk (1)",
        "description": "Een kort verhaal van een groep of organisatie die in de praktijk iets doet tegen armoede of uitsluiting.",
        "start": "11:00",
        "end": "11:15",
        "round": None,
    },
    {
        "key": "praktijk-2",
        "kind": "practice",
        "title": "In beweging: uit de praktijk (2)",
        "description": "Een tweede kort praktijkvoorbeeld, uit de regio of met een landelijke blik.",
        "start": "11:15",
        "end": "11:30",
        "round": None,
    },
    {
        "key": "praktijk-3",
        "kind": "practice",
        "title": "In beweging: uit de praktijk (3)",
        "description": "Een derde korte bijdrage over hoe mensen het zelf ervaren.",
        "start": "11:30",
        "end": "11:45",
        "round": None,
    },
    {
        "key": "praktijk-4",
        "kind": "practice",
        "title": "In beweging: uit de praktijk (4)",
        "description": "De laatste korte bijdrage van de ochtend, met een blik vooruit.",
        "start": "11:45",
        "end": "12:00",
        "round": None,
    },
    {
        "key": "intermezzo",
        "kind": "intermezzo",
        "title": "Intermezzo: een vrolijke noot",
        "description": "Even ontspannen met een korte theatervoorstelling. Met humor, maar over echte dingen uit het dagelijks leven.",
        "start": "12:00",
        "end": "12:20",
        "round": None,
    },
    {
        "key": "lunch",
        "kind": "break",
        "title": "Lunch",
        "description": "Gratis lunch. Tijd om andere deelnemers te ontmoeten.",
        "start": "12:20",
        "end": "13:15",
        "round": None,
    },
    {
        "key": "werkgroepen",
        "kind": "workgroup_round",
        "title": "Werkgroepen",
        "description": "U praat in een kleinere groep verder over één onderwerp. Vooraf kiest u welke werkgroepen u het liefst wilt.",
        "start": "13:15",
        "end": "14:45",
        "round": 1,
    },
    {
        "key": "pauze",
        "kind": "break",
        "title": "Pauze",
        "description": "Koffie en thee, en terug naar de grote zaal.",
        "start": "14:45",
        "end": "15:00",
        "round": None,
    },
    {
        "key": "afsluiting",
        "kind": "close",
        "title": "Plenaire afsluiting",
        "description": "De werkgroepen vertellen kort wat zij hebben besproken. Daarna sluiten we de dag samen af, met tijd om na te praten.",
        "start": "15:00",
        "end": "16:00",
        "round": None,
    },
]

WORKGROUPS = [
    {
        "key": "armoede",
        "title": "Armoedebestrijding in de praktijk",
        "description": "Gemeenten bezuinigen op bijzondere bijstand en voedselbanken krijgen meer aanvragen. In deze werkgroep stelt een noodfonds zich voor en praten we over wat lokaal werkt.",
        "default_capacity": 25,
        "min_size": 6,
    },
    {
        "key": "participatiewet",
        "title": "De Participatiewet, activering en tegenprestatie",
        "description": "Eén wet voor mensen in de bijstand, de sociale werkvoorziening en de Wajong. We verzamelen wat goed is aan de wet en waar we ons zorgen over maken, als basis voor een advies.",
        "default_capacity": 25,
        "min_size": 6,
    },
    {
        "key": "maatjes",
        "title": "Maatjes naar werk",
        "description": "Het Gidsnetwerk brengt leiders uit bedrijven en organisaties in contact met mensen die werk zoeken, als job- of zzp-maatje. U hoort hoe deze aanpak ook in uw gemeente kan werken.",
        "default_capacity": 20,
        "min_size": 6,
    },
    {
        "key": "clientenparticipatie",
        "title": "Cliëntenparticipatie en de kracht van een lokaal netwerk",
        "description": "Een cliëntenraad heeft meer invloed als hij samenwerkt met anderen in de gemeente. De Landelijke Cliëntenraad vertelt over samenwerking en een lokaal netwerk deelt zijn ervaring.",
        "default_capacity": 25,
        "min_size": 6,
    },
    {
        "key": "cooperaties",
        "title": "Sociale coöperaties",
        "description": "Bewoners starten steeds vaker samen projecten om hun wijk of dorp leefbaar te houden. We bespreken voorbeelden en wat nodig is om zo'n coöperatie op te zetten.",
        "default_capacity": 25,
        "min_size": 6,
    },
    {
        "key": "actie",
        "title": "Actie! Werken met behoud van uitkering",
        "description": "Werken met behoud van uitkering kan even nuttig zijn, maar er is ook kans op dwang en verdringing van echte banen. De FNV laat zien wat zij doet. Wat kan uw lokale groep ermee?",
        "default_capacity": 20,
        "min_size": 6,
    },
]

# The order of play in the demo's season: the first HELD days have taken place. The 2013
# article lists the places but not their dates; Rotterdam (the demo coordinator's day)
# comes third, so that its registration is open when someone tries the demo.
SEASON = ("zutphen", "amsterdam", "rotterdam", "beilen", "roermond")
HELD = 2

# The five location days live in their own module; the loader reads them from here.
from app.demo.locations import LOCATIONS  # noqa: E402, F401
