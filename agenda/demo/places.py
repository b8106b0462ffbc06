"""The demo's places on the map without asking a geocoder: their positions, as the BAN address
API gives them, written by the geocoding's one writer (so `make run` shows a map offline)."""

from agenda.events import geocoding
from agenda.events.models import Place

# (street address, postcode) → (latitude, longitude, INSEE city code, city)
POSITIONS = {
    ("20 avenue de Ségur", "75007"): (48.8509, 2.3067, "75107", "Paris"),
    ("1 esplanade François Mitterrand", "69002"): (45.7389, 4.8177, "69382", "Lyon"),
    ("10 cours des Alliés", "35000"): (48.1056, -1.6744, "35238", "Rennes"),
    ("165 avenue de Bretagne", "59000"): (50.6329, 3.0206, "59350", "Lille"),
    ("50 rue de la République", "80000"): (49.8925, 2.2980, "80021", "Amiens"),
    ("51 rue de la République", "80000"): (49.8922, 2.2985, "80021", "Amiens"),
    ("41 rue Jobin", "13003"): (43.3101, 5.3905, "13203", "Marseille"),
}


def locate_demo_places() -> int:
    """Positions the demo's places not geocoded yet; returns how many."""
    located = 0
    for place in Place.objects.filter(geocoded_at__isnull=True):
        known = POSITIONS.get((place.address, place.postcode))
        if known is None:
            continue
        latitude, longitude, city_code, city = known
        answer = geocoding.Answer(
            latitude=latitude,
            longitude=longitude,
            score=1.0,
            label=f"{place.address} {place.postcode} {city}",
            city_code=city_code,
            postcode=place.postcode,
            city=city,
        )
        geocoding.record_answer(place, answer)
        located += 1
    return located
