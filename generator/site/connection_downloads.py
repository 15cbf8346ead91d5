"""Connections as data: research, peer reviews and network meetings as CSV in the Data Package,
and one ``.ics`` calendar per learning network.

People are not exported in bulk: they agreed to be listed on the site, one page each.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator.model.catalogue import Catalogue
from generator.site import addresses as at
from generator.site.calendars import network_calendar
from generator.site.datapackage import csv_resource, table_schema
from generator.site.downloads import csv_text, safe_cell
from generator.site.samples import csv_flag

LIST = "; "  # how lists are joined inside one cell

RESEARCH_FIELDS = [
    ("slug", "string", "Page address: /research/<slug>/"), ("title", "string", "Title"),
    ("authors", "string", "Authors as cited, separated by '; '"), ("institution", "string", "Institution"),
    ("partnership", "string", "The research partnership it came from"), ("year", "year", "Year published"),
    ("kind", "string", "report, article, working-paper, dataset, thesis or policy-brief"),
    ("doi", "string", "Digital Object Identifier"), ("url", "string", "Where to read it"),
    ("municipalities", "string", "Demarcation codes of the municipalities studied, separated by '; '"),
    ("service_areas", "string", "Service area ids, separated by '; '"),
    ("indicators", "string", "Indicator ids, separated by '; '"),
    ("sample", "boolean", "true for made-up records of the demonstration library"),
]
REVIEW_FIELDS = [
    ("slug", "string", "Page address: /peer-reviews/<slug>/"),
    ("municipality_code", "string", "The municipality reviewed"), ("municipality_name", "string", "Its name"),
    ("start", "date", "First day"), ("end", "date", "Last day"),
    ("focus_areas", "string", "Service area ids reviewed, separated by '; '"),
    ("indicators", "string", "Indicator ids, separated by '; '"),
    ("reviewers", "string", "Names of the reviewing peers, separated by '; '"),
    ("peer_municipalities", "string", "Codes of the reviewers' municipalities, separated by '; '"),
    ("findings", "integer", "Number of findings"), ("recommendations", "integer", "Number of recommendations"),
    ("follow_up", "string", "not-started, in-progress or completed"),
    ("follow_up_date", "date", "When the follow-up status was last checked"),
    ("sample", "boolean", "true for made-up records of the demonstration library"),
]
MEETING_FIELDS = [
    ("network", "string", "Learning network id: /networks/<id>/"), ("start", "string", "YYYY-MM-DD or YYYY-MM-DD HH:MM, South African time"),
    ("end", "string", "Written like start; empty when not given"), ("place", "string", "Where"),
    ("online", "boolean", "true when people can join online"), ("topic", "string", "Topic"),
    ("outputs", "string", "What the meeting produced, separated by '; '"),
    ("sample", "boolean", "true for made-up meetings of a sample network of the demonstration library"),
]


def add_connection_downloads(catalogue: Catalogue, downloads: dict[str, str | bytes], today: dt.date,
                             site_url: str = "") -> None:
    """Add the calendars and CSVs to ``downloads`` (site path -> text) and describe the CSVs in its Data Package."""
    lib = catalogue.library
    base = site_url.rstrip("/") + "/" if site_url else ""
    for network in lib.networks.values():
        if network.meetings:
            downloads[at.network_calendar(network)] = network_calendar(
                network, today, base + at.network(network) if base else "")
    # name: (fields, description, rows, primary key, references to the benchmark tables)
    tables: dict[str, tuple[list[tuple[str, str, str]], str, list[list[Any]], list[str] | None,
                            dict[str, tuple[str, str]]]] = {
        "research": (RESEARCH_FIELDS, "Research outputs from research partnerships", [
            [r.slug, r.title, LIST.join(r.authors), r.institution, r.partnership, r.year, r.kind, r.doi, r.link,
             LIST.join(r.municipalities), LIST.join(r.service_areas), LIST.join(r.indicators), csv_flag(r)]
            for r in lib.research], ["slug"], {}),
        "peer-reviews": (REVIEW_FIELDS, "Peer reviews of municipalities, with the follow-up status", [
            [r.slug, r.municipality, lib.municipalities[r.municipality].registered_name, r.start, r.end, LIST.join(r.focus_areas),
             LIST.join(r.indicators), LIST.join(lib.people[s].name for s in r.reviewers),
             LIST.join(r.peer_municipalities), len(r.findings), len(r.recommendations), r.follow_up,
             r.follow_up_date, csv_flag(r)] for r in lib.peer_reviews],
            ["slug"], {"municipality_code": ("municipalities", "code")}),
        "network-meetings": (MEETING_FIELDS, "Meetings of the learning networks, past and planned", [
            [n.id, m.start, m.end, m.place, _bool(m.online), m.topic, LIST.join(m.outputs), csv_flag(n)]
            for n in lib.networks.values() for m in n.meetings], None, {}),
    }
    package = json.loads(downloads.get(at.DATAPACKAGE, "{}") or "{}")  # text: datapackage.json
    for name, (fields, description, rows, key, references) in tables.items():
        # Titles and names are typed by contributors: a spreadsheet must not run them as formulas.
        downloads[at.connections_csv(name)] = csv_text([f[0] for f in fields],
                                                       ([safe_cell(cell) for cell in row] for row in rows))
        package.setdefault("resources", []).append(
            csv_resource(name, at.connections_csv(name), description, table_schema(fields, key, references)))
    if at.DATAPACKAGE in downloads:
        downloads[at.DATAPACKAGE] = json.dumps(package, ensure_ascii=False, indent=1)


def _bool(value: bool) -> str:
    return "true" if value else "false"
