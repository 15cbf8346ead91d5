"""Who provides which service: water services authorities.

Under the Water Services Act a municipality is either the water services
authority for its area or not. The MIIF classes say which, as a rule:
metros are; districts in class C2 are and their local municipalities are
not; districts in class C1 are not and their local municipalities are. The
registry (``content/benchmarks/municipalities.csv``, column
``water_services_authority``) can override the rule for a municipality where
the authorisation differs.
"""

from __future__ import annotations

import dataclasses

from generator.model.entities import Municipality

#: What the registry's override column may say; empty means "follow the MIIF rule".
OVERRIDE_VALUES = {"yes": True, "no": False}


def derived_water_services_authority(municipality: Municipality, municipalities: dict[str, Municipality]) -> bool:
    """The MIIF rule: metros and C2 districts are authorities, and local municipalities in C1 districts."""
    if municipality.category == "A":
        return True
    if municipality.category == "C":
        return municipality.miif_category == "C2"
    district = municipalities.get(municipality.district)
    # A local municipality whose district is unknown provides its own water.
    return district is None or district.miif_category != "C2"


def with_water_services_authorities(municipalities: dict[str, Municipality],
                                    overrides: dict[str, bool]) -> dict[str, Municipality]:
    """The registry with ``water_services_authority`` set on every municipality."""
    return {code: dataclasses.replace(
                m, water_services_authority=overrides.get(code, derived_water_services_authority(m, municipalities)),
                water_services_authority_by_rule=code not in overrides)
            for code, m in municipalities.items()}


def water_providers(municipality: Municipality, municipalities: dict[str, Municipality]) -> list[Municipality]:
    """Who provides water where ``municipality`` does not: its district, or its district's
    local municipalities that are authorities. Empty for an authority."""
    if municipality.water_services_authority:
        return []
    if municipality.category == "C":
        return [m for m in municipalities.values() if m.district == municipality.code and m.water_services_authority]
    district = municipalities.get(municipality.district)
    return [district] if district is not None and district.water_services_authority else []
