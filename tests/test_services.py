"""Who provides water: the MIIF rule, the registry's override, and the check's warning."""

from __future__ import annotations

import re

from generator.model.library import load_library
from generator.model.services import water_providers


def test_water_services_authorities_follow_the_miif_classes(library):
    lib, report = load_library(library.content)
    ms = lib.municipalities
    assert ms["ETH"].water_services_authority  # a metro
    assert ms["DC27"].water_services_authority  # uMkhanyakude, a C2 district
    assert not ms["KZN272"].water_services_authority  # Jozini, a local in a C2 district
    assert not ms["DC10"].water_services_authority  # Sarah Baartman, a C1 district
    assert ms["EC101"].water_services_authority  # Dr Beyers Naudé, a local in a C1 district
    assert [m.code for m in water_providers(ms["KZN272"], ms)] == ["DC27"]
    assert "EC101" in [m.code for m in water_providers(ms["DC10"], ms)]
    assert water_providers(ms["ETH"], ms) == []
    assert ms["KZN272"].population == 186503  # Census 2011


def test_the_registry_can_override_the_rule(library):
    library.edit("benchmarks/municipalities.csv", "KwaZulu-Natal,DC27,3447.9,186503,", "KwaZulu-Natal,DC27,3447.9,186503,yes")
    lib, _ = load_library(library.content)
    assert lib.municipalities["KZN272"].water_services_authority


def test_check_warns_about_water_values_of_a_municipality_that_is_not_an_authority(library):
    library.write("benchmarks/water.csv", "municipality,indicator,year,value,note\nETH,WS5.1,2020,35.5,\n"
                  "KZN272,WS5.1,2019,40.0,\nKZN272,WS5.1,2020,38.0,\n")
    lib, report = load_library(library.content)
    assert lib is not None and report.ok  # a warning, not an error
    [warning] = report.warnings
    assert warning.as_text().startswith("content/benchmarks/water.csv:3: warning: municipality: Jozini (KZN272) is "
                                        "not a water services authority, yet has 2 water values")
    assert "Umkhanyakude (DC27)" in warning.hint


def test_a_bad_override_or_population_is_an_error_with_its_line(library):
    library.edit("benchmarks/municipalities.csv", "KwaZulu-Natal,DC27,3447.9,186503,", "KwaZulu-Natal,DC27,3447.9,186 503,maybe")
    _, report = load_library(library.content)
    texts = [f.as_text() for f in report.errors]
    assert any(":population: '186 503' is not a whole number" in t.replace(": population", ":population") for t in texts), texts
    assert any("water_services_authority: 'maybe' is not yes or no" in t for t in texts), texts


def _words(html: str) -> str:
    """A page's text as a reader reads it: markup out, white space as single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" :", ":").replace(" .", ".")


def test_pages_say_when_the_rule_gave_the_status_and_keep_the_registrys_exceptions(sample_site):
    jozini = _words((sample_site / "municipalities/kzn272/index.html").read_text(encoding="utf-8"))
    assert ("Jozini is not a water services authority (as the MIIF classes have it): its water is provided by "
            "Umkhanyakude. The values below are for the area of Jozini.") in jozini
    assert "Water services authority no (as the MIIF classes have it)" in jozini
    # uMhlathuze is an authority in a C2 district: the sample registry says so, and the page states it plainly.
    umhlathuze = _words((sample_site / "municipalities/kzn282/index.html").read_text(encoding="utf-8"))
    assert "Water services authority yes Population" in umhlathuze
    assert "not a water services authority" not in umhlathuze
    # A metro is one by law, and a district's class is defined by the status: the rule is never named for them.
    for code in ("eth", "dc28"):
        assert "Water services authority yes Population" in _words(
            (sample_site / f"municipalities/{code}/index.html").read_text(encoding="utf-8"))
    # A name that needs its province reads whole, not as a possessive ("Emalahleni, Eastern Cape's area").
    emalahleni = _words((sample_site / "municipalities/ec136/index.html").read_text(encoding="utf-8"))
    assert "The values below are for the area of Emalahleni, Eastern Cape." in emalahleni
