"""The demo edition's five location days (plain data, like app/demo/data.py, which
re-exports LOCATIONS): venues, speakers per location, workgroup offers. Where the 2013
article is silent the values are plausible guesses, marked with a comment. The dates are
not here: the article names the five places but not which day each had, and the demo
plays them in the current season (app/demo/data.py SEASON, app/demo/season.py)."""

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
