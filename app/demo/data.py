"""Demo edition: the Alliantiedagen 2013 "Groeien in kracht" as plain Python data.

This module describes the demo edition, modelled on the 2013 Alliantiedagen of the
Sociale Alliantie (five location days between 4 October and 1 November 2013 in
Zutphen, Rotterdam, Amsterdam, Beilen and Roermond). The facts come from the
retrospective article in shared/seeds/001; where the article is silent (exact dates,
venues, rooms, capacities, which practice contribution was given where) the values
are plausible guesses, marked with a comment.

The dates below are the historical 2013 dates. The demo loader shifts them to the
coming weeks (keeping the order and the gaps between the days), so that registration
and calendars work in the demo.

All user-facing strings are in Dutch (plain language, B1 level). Times are local wall
clock times (Europe/Amsterdam) as "HH:MM"; dates are ISO strings "YYYY-MM-DD".
Nothing here imports Flask, SQLAlchemy or the app.
"""

EDITION = {
    "slug": "groeien-in-kracht-2013",
    "name": "Alliantiedagen 2013",
    "theme": "Groeien in kracht",
    "year": 2013,
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


# --- Speakers that appear at more than one location --------------------------------
# The same dict content (identical "name" strings) is reused so the app recognises
# one speaker across locations.

_BOSSELAAR = {
    "name": "Hans Bosselaar",
    "organisation": "Vrije Universiteit Amsterdam",
    "bio": "Onderzoeker aan de Vrije Universiteit Amsterdam, over de rol van gemeenten in het sociale domein.",
    "contribution": "Bouwplaats lokale verzorgingsstaat",
}

# Which practice contribution was given at which location is NOT in the article: it
# only lists the contributions (some regional, some national). The placement below is
# a plausible guess; some slots are deliberately left empty.
_JANSSEN = {
    "name": "Raf Janssen",
    "organisation": "Sociale Alliantie",
    "bio": "Secretaris van de Sociale Alliantie.",
    "contribution": "Terugblik op de sociale strijd en een pleidooi voor sociale coöperaties",
}

_HOLTZER = {
    "name": "Els Holtzer",
    "organisation": "Actrice",
    "bio": "Actrice die in een monoloog laat zien hoe het is om te werken met behoud van uitkering.",
    "contribution": "Monoloog over werken met behoud van uitkering",
}

_ONSTENK = {
    "name": "Annemiek Onstenk",
    "organisation": "Qracht 500",
    "bio": "Journaliste en maker van het blad Qracht 500.",
    "contribution": "Het blad Qracht 500",
}

_UYLAND = {
    "name": "Stan Uyland",
    "organisation": "Gidsnetwerk",
    "bio": "Werkt bij het Gidsnetwerk, dat maatjes uit het bedrijfsleven koppelt aan werkzoekenden.",
    "contribution": "Maatjes naar Werk",
}

# The article names Additude as the cheerful note; it does not say at which places
# they played. The programme structure was the same everywhere, so they are listed
# at all five locations.
_ADDITUDE = {
    "name": "Additude",
    "organisation": "Theatergroep Additude",
    "bio": "Theatergroep van een paar dames die met humor spelen over voedselbank, vrijwilligerswerk en rondkomen.",
    "contribution": "De dames van Additude op weg naar de Voedselbank",
}


def _speaker(item, base):
    """Return a speaker entry for programme item `item` (a fresh dict)."""
    return {"item": item, **base}


LOCATIONS = [
    {
        "slug": "zutphen",
        "city": "Zutphen",
        # Venue and address are not in the article: generic placeholder.
        "venue": "Ontmoetingscentrum Zutphen",
        "address": "Kerkplein 1, 7201 AB Zutphen",
        # Exact dates per place are not in the article; the order follows the article
        # and the days are the Fridays from 4 October to 1 November 2013.
        "date": "2013-10-04",
        "doors_open": "09:30",
        "capacity": 100,
        # Guess: Almelo Sociaal is named in the article as a regional network; it is the
        # nearest one to Zutphen (eastern Netherlands).
        "coordinating_organisations": ["Almelo Sociaal"],
        "speakers": [
            {
                "item": "inleiding",
                "name": "Thomas Kampen",
                "organisation": "Vrije Universiteit Amsterdam",
                "bio": "Onderzoeker aan de Vrije Universiteit Amsterdam.",
                "contribution": "De geluksmachine loopt vast op eigen kracht",
            },
            # Guess: Stichting Wit is one of the regional contributions; the article
            # names no person and no place.
            {
                "item": "praktijk-1",
                "name": "Vertegenwoordiger Stichting Wit",
                "organisation": "Stichting Wit",
                "bio": "Een regionaal initiatief dat vertelt over zijn werk in de praktijk.",
                "contribution": "Stichting Wit in de praktijk",
            },
            _speaker("praktijk-2", _UYLAND),
            _speaker("praktijk-3", _HOLTZER),
            _speaker("praktijk-4", _JANSSEN),
            _speaker("intermezzo", _ADDITUDE),
        ],
        "workgroups": [
            {
                "workgroup": "armoede",
                "round": 1,
                "capacity": 25,
                "room": "Grote zaal",
                "facilitator": "Begeleider namens Werkgroep Arme Kant van Nederland/EVA",
            },
            {
                "workgroup": "participatiewet",
                "round": 1,
                "capacity": 25,
                "room": "Zaal 1",
                "facilitator": "Begeleider namens CliP-Stimulansz",
            },
            {
                "workgroup": "maatjes",
                "round": 1,
                "capacity": 20,
                "room": "Zaal 2",
                "facilitator": "Begeleider namens Gidsnetwerk",
            },
            {
                "workgroup": "clientenparticipatie",
                "round": 1,
                "capacity": 20,
                "room": "Bovenzaal",
                "facilitator": "Begeleider namens de Landelijke Cliëntenraad, met Almelo Sociaal",
            },
            # The article names Nicole Estejé in this workgroup (place not given).
            {"workgroup": "cooperaties", "round": 1, "capacity": 20, "room": "Zaal 3", "facilitator": "Nicole Estejé"},
        ],
    },
    {
        "slug": "rotterdam",
        "city": "Rotterdam",
        "venue": "Pauluskerk",
        # The article names the (new) Pauluskerk; the address is that of the new
        # Pauluskerk building, not from the article.
        "address": "Mauritsweg 20, 3012 JR Rotterdam",
        "date": "2013-10-11",
        "doors_open": "09:30",
        "capacity": 150,
        # ROSA! is named in the article as a Rotterdam network.
        "coordinating_organisations": ["Rotterdamse Sociale Alliantie (ROSA!)"],
        "speakers": [
            _speaker("inleiding", _BOSSELAAR),
            # Guess: Speelgoedbank De Grabbelton is one of the regional contributions;
            # the article names no person and no place.
            {
                "item": "praktijk-1",
                "name": "Vertegenwoordiger Speelgoedbank De Grabbelton",
                "organisation": "Speelgoedbank De Grabbelton",
                "bio": "Vrijwilligers die speelgoed inzamelen en doorgeven aan kinderen uit gezinnen met weinig geld.",
                "contribution": "Speelgoedbank De Grabbelton",
            },
            _speaker("praktijk-2", _ONSTENK),
            _speaker("praktijk-3", _HOLTZER),
            _speaker("praktijk-4", _JANSSEN),
            _speaker("intermezzo", _ADDITUDE),
        ],
        "workgroups": [
            {
                "workgroup": "armoede",
                "round": 1,
                "capacity": 30,
                "room": "Kerkzaal",
                "facilitator": "Begeleider namens Werkgroep Arme Kant van Nederland/EVA",
            },
            {
                "workgroup": "participatiewet",
                "round": 1,
                "capacity": 30,
                "room": "Zaal 1",
                "facilitator": "Begeleider namens CliP-Stimulansz",
            },
            {
                "workgroup": "maatjes",
                "round": 1,
                "capacity": 20,
                "room": "Zaal 2",
                "facilitator": "Begeleider namens Gidsnetwerk",
            },
            {
                "workgroup": "clientenparticipatie",
                "round": 1,
                "capacity": 30,
                "room": "Bovenzaal",
                "facilitator": "Begeleider namens de Landelijke Cliëntenraad, met ROSA!",
            },
            {
                "workgroup": "cooperaties",
                "round": 1,
                "capacity": 25,
                "room": "Consistoriekamer",
                "facilitator": "Nicole Estejé",
            },
            {
                "workgroup": "actie",
                "round": 1,
                "capacity": 20,
                "room": "Ontmoetingsruimte",
                "facilitator": "Begeleider namens FNV",
            },
        ],
    },
    {
        "slug": "amsterdam",
        "city": "Amsterdam",
        # Venue and address are not in the article: generic placeholder.
        "venue": "Buurtcentrum Amsterdam-Oost",
        "address": "Kerkstraat 10, 1091 AB Amsterdam",
        "date": "2013-10-18",
        "doors_open": "09:30",
        "capacity": 120,
        # The article names no regional organisation for Amsterdam.
        "coordinating_organisations": [],
        "speakers": [
            # Same speaker as in Rotterdam (the article: Hans Bosselaar in the west).
            _speaker("inleiding", _BOSSELAAR),
            _speaker("praktijk-1", _ONSTENK),
            _speaker("praktijk-2", _UYLAND),
            # praktijk-3: no contributor known for this place (left empty on purpose).
            _speaker("praktijk-4", _JANSSEN),
            _speaker("intermezzo", _ADDITUDE),
        ],
        "workgroups": [
            {
                "workgroup": "armoede",
                "round": 1,
                "capacity": 25,
                "room": "Grote zaal",
                "facilitator": "Begeleider namens Werkgroep Arme Kant van Nederland/EVA",
            },
            {
                "workgroup": "participatiewet",
                "round": 1,
                "capacity": 25,
                "room": "Zaal 1",
                "facilitator": "Begeleider namens CliP-Stimulansz",
            },
            {
                "workgroup": "clientenparticipatie",
                "round": 1,
                "capacity": 25,
                "room": "Zaal 2",
                "facilitator": "Begeleider namens de Landelijke Cliëntenraad",
            },
            {
                "workgroup": "cooperaties",
                "round": 1,
                "capacity": 25,
                "room": "Bovenzaal",
                "facilitator": "Nicole Estejé",
            },
            {
                "workgroup": "actie",
                "round": 1,
                "capacity": 20,
                "room": "Zaal 3",
                "facilitator": "Begeleider namens FNV",
            },
        ],
    },
    {
        "slug": "beilen",
        "city": "Beilen",
        # Venue and address are not in the article: generic placeholder.
        "venue": "Dorpshuis Beilen",
        "address": "Brink 1, 9411 AB Beilen",
        "date": "2013-10-25",
        "doors_open": "09:30",
        "capacity": 70,
        # Guess: the Fries Samenwerkingsverband Uitkeringsgerechtigden is the only
        # northern regional organisation in the article.
        "coordinating_organisations": ["Fries Samenwerkingsverband Uitkeringsgerechtigden"],
        "speakers": [
            {
                "item": "inleiding",
                "name": "Anne van Dijk",
                "organisation": "FNV Bondgenoten",
                "bio": "Vertelt vanuit de praktijk van de vakbond FNV Bondgenoten.",
                # The article gives no title for this talk; descriptive title.
                "contribution": "Groeien in kracht: een verhaal uit de vakbond",
            },
            # Guess: this regional contribution fits the northern location best. The
            # article names the organisation, not a person.
            {
                "item": "praktijk-1",
                "name": "Vertegenwoordiger Fries Samenwerkingsverband Uitkeringsgerechtigden",
                "organisation": "Fries Samenwerkingsverband Uitkeringsgerechtigden",
                "bio": "Samenwerkingsverband van groepen van mensen met een uitkering in Friesland.",
                "contribution": "Samen sterk als uitkeringsgerechtigden in Friesland",
            },
            # praktijk-2 and praktijk-3: no contributor known for this place.
            _speaker("praktijk-4", _JANSSEN),
            _speaker("intermezzo", _ADDITUDE),
        ],
        "workgroups": [
            {
                "workgroup": "armoede",
                "round": 1,
                "capacity": 20,
                "room": "Grote zaal",
                "facilitator": "Begeleider namens Werkgroep Arme Kant van Nederland/EVA",
            },
            {
                "workgroup": "participatiewet",
                "round": 1,
                "capacity": 20,
                "room": "Zaal 1",
                "facilitator": "Begeleider namens Fries Samenwerkingsverband Uitkeringsgerechtigden",
            },
            {"workgroup": "cooperaties", "round": 1, "capacity": 20, "room": "Zaal 2", "facilitator": "Nicole Estejé"},
            {
                "workgroup": "actie",
                "round": 1,
                "capacity": 20,
                "room": "Bovenzaal",
                "facilitator": "Begeleider namens FNV Bondgenoten",
            },
        ],
    },
    {
        "slug": "roermond",
        "city": "Roermond",
        # Venue and address are not in the article: generic placeholder.
        "venue": "Wijkcentrum Roermond",
        "address": "Kerkstraat 10, 6041 AB Roermond",
        "date": "2013-11-01",
        "doors_open": "09:30",
        "capacity": 80,
        # Guess: MO-platform Heerlen is the Limburg network named in the article.
        "coordinating_organisations": ["MO-platform Heerlen"],
        "speakers": [
            {
                "item": "inleiding",
                "name": "René Paas",
                "organisation": "Divosa",
                "bio": "Spreekt namens Divosa, de vereniging van managers van sociale diensten.",
                "contribution": "Decentraal en schraal",
            },
            # Guess: one of the regional contributions; the article names no person
            # and no place.
            {
                "item": "praktijk-1",
                "name": "Vertegenwoordiger De Kunst van het Rondkomen",
                "organisation": "De Kunst van het Rondkomen",
                "bio": "Een regionaal initiatief over rondkomen met weinig geld.",
                "contribution": "De Kunst van het Rondkomen",
            },
            # praktijk-2: no contributor known for this place.
            _speaker("praktijk-3", _HOLTZER),
            _speaker("praktijk-4", _JANSSEN),
            _speaker("intermezzo", _ADDITUDE),
        ],
        "workgroups": [
            {
                "workgroup": "armoede",
                "round": 1,
                "capacity": 25,
                "room": "Grote zaal",
                "facilitator": "Begeleider namens Werkgroep Arme Kant van Nederland/EVA",
            },
            {
                "workgroup": "participatiewet",
                "round": 1,
                "capacity": 20,
                "room": "Zaal 1",
                "facilitator": "Begeleider namens CliP-Stimulansz",
            },
            {
                "workgroup": "clientenparticipatie",
                "round": 1,
                "capacity": 20,
                "room": "Zaal 2",
                "facilitator": "Begeleider namens de Landelijke Cliëntenraad, met MO-platform Heerlen",
            },
            {
                "workgroup": "cooperaties",
                "round": 1,
                "capacity": 20,
                "room": "Bovenzaal",
                "facilitator": "Nicole Estejé",
            },
        ],
    },
]
