"""The ids other files may point at (municipalities, service areas, indicators,
networks, slugs), gathered from the raw library before anything is checked."""

from __future__ import annotations

from typing import Any

from generator.reading.findings import did_you_mean
from generator.reading.load import RawLibrary


class References:
    """The ids other files may point at, gathered before anything is checked."""

    def __init__(self) -> None:
        self.municipalities: dict[str, str] = {}  # code -> name
        self.service_areas: set[str] = set()
        self.indicators: dict[str, str] = {}  # id -> service area
        self.units: dict[str, str] = {}  # indicator id -> its unit, e.g. "%"
        self.sources: dict[str, str] = {}  # indicator id -> the source its definition names
        self.illustrative: set[str] = set()  # ids of indicators whose values are samples
        self.networks: set[str] = set()
        self.slugs: set[str] = set()
        # Kinds of id whose defining file could not be read: references to them
        # are not checked, so one broken file does not flood the report.
        self.unreadable: set[str] = set()

    @classmethod
    def of(cls, raw: RawLibrary) -> References:
        refs = cls()
        if not raw.registry or not raw.registry.header:
            refs.unreadable.add("municipality")
        if any(f.document is None for f in raw.service_areas):
            refs.unreadable.add("indicator")
        if not raw.networks or not raw.networks.document:
            refs.unreadable.add("learning network")
        if raw.registry:
            refs.municipalities = {r.values.get("code", ""): r.values.get("name", "") for r in raw.registry.rows}
        for file in raw.service_areas:
            data = file.document.data if file.document else None
            refs.service_areas.add(file.slug)
            area: dict = data if isinstance(data, dict) else {}
            for indicator in dicts(area.get("indicators")):
                if isinstance(indicator.get("id"), str):
                    refs.indicators.setdefault(indicator["id"], file.slug)
                    refs.units.setdefault(indicator["id"], str(indicator.get("unit", "")))
                    refs.sources.setdefault(indicator["id"], str(indicator.get("source", "")))
                    if indicator.get("illustrative", area.get("illustrative", False)) is True:
                        refs.illustrative.add(indicator["id"])
        data = raw.networks.document.data if raw.networks and raw.networks.document else None
        refs.networks = {n["id"] for n in dicts(data) if isinstance(n.get("id"), str)}
        refs.slugs = {f.slug for f in (*raw.case_studies, *raw.toolkits)}
        return refs

    def municipality_hint(self, value: str) -> str:
        by_name = {name.lower(): code for code, name in self.municipalities.items()}
        plain = value.lower().removeprefix("city of ").strip()
        for name, code in by_name.items():
            if plain in (name, name.removeprefix("city of "), name.removeprefix("the ")):
                return f"'{value}' is a name: use its code '{code}'"
        hint = did_you_mean(value, self.municipalities)
        if hint:
            return hint
        close = did_you_mean(value, self.municipalities.values())
        if close:
            name = close.split("'")[1]
            code = next(c for c, n in self.municipalities.items() if n == name)
            return f"did you mean '{code}' ({name})?"
        return "codes are listed in content/benchmarks/municipalities.csv"


def dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
