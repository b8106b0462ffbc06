"""French departments and regions, from an INSEE city code (or, failing that, a postcode).

An INSEE city code starts with its department: two characters ("75", "2A", "2B" for Corsica),
three overseas ("971"…"976"). A postcode is not a city code (Corsica's are 20xxx, many cities
share one, CEDEX codes exist): it is read only when no city code is known. Regions since 2016,
with their INSEE codes.
"""

from __future__ import annotations

REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d’Azur",
    "94": "Corse",
    "975": "Saint-Pierre-et-Miquelon",  # a collectivity, not a region: its own value
}

_BY_REGION = {
    "84": "01 Ain|03 Allier|07 Ardèche|15 Cantal|26 Drôme|38 Isère|42 Loire|43 Haute-Loire|"
    "63 Puy-de-Dôme|69 Rhône|73 Savoie|74 Haute-Savoie",
    "27": "21 Côte-d’Or|25 Doubs|39 Jura|58 Nièvre|70 Haute-Saône|71 Saône-et-Loire|89 Yonne|"
    "90 Territoire de Belfort",
    "53": "22 Côtes-d’Armor|29 Finistère|35 Ille-et-Vilaine|56 Morbihan",
    "24": "18 Cher|28 Eure-et-Loir|36 Indre|37 Indre-et-Loire|41 Loir-et-Cher|45 Loiret",
    "94": "2A Corse-du-Sud|2B Haute-Corse",
    "44": "08 Ardennes|10 Aube|51 Marne|52 Haute-Marne|54 Meurthe-et-Moselle|55 Meuse|"
    "57 Moselle|67 Bas-Rhin|68 Haut-Rhin|88 Vosges",
    "32": "02 Aisne|59 Nord|60 Oise|62 Pas-de-Calais|80 Somme",
    "11": "75 Paris|77 Seine-et-Marne|78 Yvelines|91 Essonne|92 Hauts-de-Seine|"
    "93 Seine-Saint-Denis|94 Val-de-Marne|95 Val-d’Oise",
    "28": "14 Calvados|27 Eure|50 Manche|61 Orne|76 Seine-Maritime",
    "75": "16 Charente|17 Charente-Maritime|19 Corrèze|23 Creuse|24 Dordogne|33 Gironde|"
    "40 Landes|47 Lot-et-Garonne|64 Pyrénées-Atlantiques|79 Deux-Sèvres|86 Vienne|"
    "87 Haute-Vienne",
    "76": "09 Ariège|11 Aude|12 Aveyron|30 Gard|31 Haute-Garonne|32 Gers|34 Hérault|46 Lot|"
    "48 Lozère|65 Hautes-Pyrénées|66 Pyrénées-Orientales|81 Tarn|82 Tarn-et-Garonne",
    "52": "44 Loire-Atlantique|49 Maine-et-Loire|53 Mayenne|72 Sarthe|85 Vendée",
    "93": "04 Alpes-de-Haute-Provence|05 Hautes-Alpes|06 Alpes-Maritimes|13 Bouches-du-Rhône|"
    "83 Var|84 Vaucluse",
    "01": "971 Guadeloupe",
    "02": "972 Martinique",
    "03": "973 Guyane",
    "04": "974 La Réunion",
    "975": "975 Saint-Pierre-et-Miquelon",
    "06": "976 Mayotte",
}

# Department code → (name, region code).
DEPARTMENTS: dict[str, tuple[str, str]] = {
    entry.split(" ", 1)[0]: (entry.split(" ", 1)[1], region)
    for region, entries in _BY_REGION.items()
    for entry in entries.split("|")
}


def department_from_city_code(city_code: str) -> str:
    """ "75056" → "75", "2A004" → "2A", "97411" → "974"; "" when it names no department."""
    code = (city_code or "").strip().upper()
    if len(code) != 5:
        return ""
    department = code[:3] if code.startswith("97") else code[:2]
    return department if department in DEPARTMENTS else ""


def department_from_postcode(postcode: str) -> str:
    """The department a postcode most likely lies in: "75015" → "75"; Corsica's 200xx–201xx
    → "2A", 202xx–206xx → "2B"; overseas 971xx–976xx → three digits; "" otherwise (Monaco's
    98000, the Pacific's 98xxx)."""
    code = (postcode or "").replace(" ", "")
    if len(code) != 5 or not code.isdecimal():
        return ""
    if code.startswith("20"):
        return "2A" if code[2] in "01" else "2B"
    department = code[:3] if code.startswith("97") else code[:2]
    return department if department in DEPARTMENTS else ""


def area(*, city_code: str, postcode: str) -> tuple[str, str]:
    """(department code, region name) of a place; ("", "") when neither code tells."""
    department = department_from_city_code(city_code) or department_from_postcode(postcode)
    if not department:
        return "", ""
    return department, REGIONS[DEPARTMENTS[department][1]]


def department_label(code: str) -> str:
    """ "75" → "75 — Paris"."""
    return f"{code} — {DEPARTMENTS[code][0]}" if code in DEPARTMENTS else code


def region_code(name: str) -> str:
    return next((code for code, region in REGIONS.items() if region == name), "")


# Boxes (south, north, west, east, in degrees) around France's land: mainland and Corsica, then
# overseas. Generous: a point outside all of them is almost certainly a typing mistake (swapped
# or mistyped coordinates), but it may be right (an event abroad), so it is only a warning.
FRANCE_BOXES = {
    "France métropolitaine": (41.3, 51.2, -5.3, 9.7),
    "Antilles": (14.3, 18.2, -63.2, -60.8),
    "Guyane": (2.0, 5.9, -54.7, -51.5),
    "La Réunion": (-21.5, -20.8, 55.1, 56.0),
    "Mayotte": (-13.1, -12.5, 44.9, 45.4),
    "Saint-Pierre-et-Miquelon": (46.7, 47.2, -56.5, -56.0),
    "Nouvelle-Calédonie": (-22.9, -19.4, 163.4, 168.3),
    "Polynésie française": (-28.0, -7.7, -155.0, -134.0),
    "Wallis-et-Futuna": (-14.5, -13.1, -178.3, -176.0),
}


def in_france(latitude: float, longitude: float) -> bool:
    """Whether a point lies in one of FRANCE_BOXES (mainland, Corsica, overseas)."""
    return any(
        south <= latitude <= north and west <= longitude <= east
        for south, north, west, east in FRANCE_BOXES.values()
    )
