"""Names the site owns: no contributed file or id may take an address of the generator's own.

A case study saved as ``content/case-studies/index.md`` had the address of the list of case
studies and replaced it; a service area ``municipalities`` had the registry as its values
file (one import of one row for it wrote over all 257 municipalities); ``ws5-1`` beside
``WS5.1`` left one page for two indicators. ``reserved_findings`` refuses each, at its line,
saying whose the name is. The reserved names are not a list kept here: they are found by
asking ``addresses`` where each contribution would be published and comparing that with the
pages the generator always makes (``pages.NAV``, ``addresses.SECTIONS`` and the other fixed
addresses) and the folders it publishes downloads in, so a page added there is reserved at once.

It runs with the checks of reading/ (``load_library(..., checks=SITE_CHECKS)``): it needs the
site's addresses, which come later in the flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from generator.model.entities import Library, indicator_slug
from generator.model.library import load_library
from generator.reading.content_types import MARKDOWN_TYPES
from generator.reading.findings import Finding, Report
from generator.reading.load import REGISTRY_FILE, RawLibrary
from generator.reading.references import dicts
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions, markdown_images
from generator.site import addresses as at
from generator.site.search_index import BUNDLE



@dataclass(frozen=True)
class _Claim:
    """A contribution asking for an address."""

    display: str
    line: int
    field: str
    name: str  # as written: the slug or id
    kind: str
    address: str


def reserved_findings(raw: RawLibrary) -> list[Finding]:
    """An error for every contributed file or id that takes an address of the generator's own, or
    the address of another contribution of its kind."""
    findings = []
    for claims in (_markdown_claims(raw), _service_area_claims(raw), _indicator_claims(raw), _network_claims(raw)):
        taken: dict[str, _Claim] = {}
        for claim in claims:
            source = at.page_source(claim.address)  # the file MkDocs renders: case-studies/index/ is case-studies/
            owner = fixed_page_name(source) if source in fixed_sources() else _download_folders().get(claim.address)
            if owner:
                findings.append(Finding.error(claim.display, claim.line, claim.field,
                                              f"'{claim.name}' is reserved: the {claim.kind}'s page would take the "
                                              f"place of {owner}", "choose another name"))
            elif source in taken:
                first = taken[source]
                where = f"line {first.line}" if first.display == claim.display else f"{first.display}:{first.line}"
                findings.append(Finding.error(claim.display, claim.line, claim.field,
                                              f"'{claim.name}' and '{first.name}' ({where}) would share one page, "
                                              f"{claim.address}", "ids must differ in more than case and punctuation"))
            else:
                taken[source] = claim
    findings += _registry_areas(raw)
    findings += _pictures_in_the_sites_folders(raw)
    return findings


#: What `lekgotla check` and the build run after the checks of reading/.
SITE_CHECKS = (reserved_findings,)


def load_checked(content_dir: Path, extensions: Extensions = DEFAULT_EXTENSIONS) -> tuple[Library | None, Report]:
    """``load_library`` as `lekgotla check` runs it: with the site's checks and markdown extensions."""
    return load_library(content_dir, checks=SITE_CHECKS, extensions=extensions)


@lru_cache(maxsize=1)
def fixed_sources() -> frozenset[str]:
    """The files MkDocs renders the pages from that the generator makes whatever the content: home,
    the sections (``addresses.SECTIONS``), and every page address addresses.py spells as a constant."""
    return frozenset(at.page_source(address) for address in _fixed_addresses())


def _fixed_addresses() -> list[str]:
    constants = [value for name, value in vars(at).items() if name.isupper() and isinstance(value, str)]
    pages = [value for value in constants if value.endswith("/") and not value.startswith(at.DATA)]  # data/: files
    return [at.HOME, *at.SECTIONS, *pages]


def fixed_page_name(source: str) -> str:
    """A fixed page as the navigation (``pages.NAV``) names it, with its address."""
    from generator.site.pages import NAV  # here: pages imports the charts (matplotlib), which check does not need

    titles = {page: title for entry in NAV for title, page in entry.items()}
    address = next(a for a in _fixed_addresses() if at.page_source(a) == source)
    return (f"the page '{titles[source]}' ({address or 'the home page'})" if source in titles
            else f"the generator's page {address}")


@lru_cache(maxsize=1)
def _download_folders() -> dict[str, str]:
    """Folders the site publishes contributed files in, by address, with whose they are."""
    return {at.toolkit_file("files/"): "the folder of the toolkits' downloads",
            at.peer_review_report("files/"): "the folder of the peer reviews' reports"}


def _markdown_claims(raw: RawLibrary) -> Iterator[_Claim]:
    for kind, files in raw.markdown.items():
        for file in files:
            yield _Claim(file.display, 1, "", file.slug, kind.label, at.item(kind, file.slug))


def _service_area_claims(raw: RawLibrary) -> Iterator[_Claim]:
    for file in raw.service_areas:
        if file.document and isinstance(data := file.document.data, dict) and isinstance(data.get("id"), str):
            yield _Claim(file.display, file.document.lines.line_of(("id",)), "id", data["id"], "service area",
                         at.service_area(data["id"]))


def _indicator_claims(raw: RawLibrary) -> Iterator[_Claim]:
    for file in raw.service_areas:
        if not file.document or not isinstance(data := file.document.data, dict):
            continue
        for index, indicator in enumerate(dicts(data.get("indicators"))):
            if isinstance(indicator.get("id"), str):
                path = ("indicators", index, "id")
                yield _Claim(file.display, file.document.lines.line_of(path), f"indicators[{index}].id",
                             indicator["id"], "indicator", at.indicator(indicator_slug(indicator["id"])))


def _network_claims(raw: RawLibrary) -> Iterator[_Claim]:
    file = raw.networks
    if not file or not file.document:
        return
    for index, network in enumerate(dicts(file.document.data)):
        if isinstance(network.get("id"), str):
            yield _Claim(file.display, file.document.lines.line_of((index, "id")), f"[{index}].id", network["id"],
                         "learning network", at.network(network["id"]))


@lru_cache(maxsize=1)
def site_folders() -> frozenset[str]:
    """The top folders of the site that the generator and the theme write: those of every address
    addresses.py spells (assets/, data/, charts/, compare/...) and Pagefind's, less the folders of
    content that contributions live in (case-studies/, images/...)."""
    constants = [value for name, value in vars(at).items() if name.isupper() and isinstance(value, str)]
    made = [*constants, at.indicator_chart("x", "trend"), BUNDLE + "/"]
    contributed = {*(at.item(kind, "x").split("/")[0] for kind in MARKDOWN_TYPES), "images"}
    return frozenset(value.split("/")[0] for value in made if "/" in value) - contributed


def _pictures_in_the_sites_folders(raw: RawLibrary) -> list[Finding]:
    """A picture is published at its place in content/: never in a folder the site writes
    (content/assets/images/favicon.png would have replaced the theme's own)."""
    findings = []
    root = raw.root.resolve()
    for file in raw.markdown_files:
        if file.document:
            for image in markdown_images(file.document.body):
                target = (file.path.parent / image.path.split("#", 1)[0].split("?", 1)[0]).resolve()
                if not target.is_relative_to(root) or target == root:
                    continue  # reported by the check of images
                folder = target.relative_to(root).parts[0]
                if folder in site_folders():
                    findings.append(Finding.error(
                        file.display, file.document.body_line + image.line - 1, "",
                        f"image '{image.path}': {folder}/ is a folder of the site's own (the generator and the theme "
                        "write there), so a picture there could replace one of theirs",
                        "put the picture in content/images/ and write ![description](../images/name.jpg)"))
    return findings


def _registry_areas(raw: RawLibrary) -> list[Finding]:
    """A service area's values are ``benchmarks/<id>.csv``: never the registry's file."""
    registry = Path(REGISTRY_FILE).stem
    return [Finding.error(file.display, file.document.lines.line_of(("id",)) if file.document else 1, "id",
                          f"'{registry}' is reserved: the values of a service area '{registry}' would be "
                          f"content/{REGISTRY_FILE}, the registry of municipalities",
                          "choose another id, and name the file after it")
            for file in raw.service_areas if file.slug == registry or (
                file.document and isinstance(file.document.data, dict) and file.document.data.get("id") == registry)]

