"""The contributor's way in: edit and report links, the published schemas, the suggestion form."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

from browser import serve
from conftest import GITHUB
from generator.cli.build import build_site

REPO = Path(__file__).resolve().parent.parent
@pytest.fixture
def site(fixture_site) -> Path:
    return fixture_site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def links(html: str, text: str) -> list[str]:
    import re
    return [unescape(href) for href in re.findall(r'<a href="([^"]+)"[^>]*>' + re.escape(text) + "</a>", html)]


@pytest.mark.parametrize("url, source", [
    ("case-studies/pressure-management/", "content/case-studies/pressure-management.md"),
    ("toolkits/benchmarking/", "content/toolkits/benchmarking.md"),
    ("service-areas/water/", "content/benchmarks/water.yaml"),
])
def test_content_pages_link_to_their_source_file_and_to_a_prefilled_issue(site, url, source):
    html = page(site, url)
    assert links(html, "Edit this page") == [f"{GITHUB}/edit/trunk/{source}"]
    [report] = links(html, "Report a problem")
    assert report.startswith(f"{GITHUB}/issues/new?")
    query = parse_qs(urlparse(report).query)
    assert url in query["page"][0] and query["source"] == [source]
    assert query["title"][0].startswith("Problem on")
    # GitHub fills the form's fields from the query by their ids: each must be a field of the form.
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / query["template"][0]).read_text(encoding="utf-8"))
    assert set(query) - {"template", "title"} <= {field.get("id") for field in form["body"]}


def test_without_a_repository_there_are_no_dead_links(library):
    site = build_site(library.config_file, library.root / "site").site_dir
    html = page(site, "case-studies/pressure-management/")
    assert "Edit this page" not in html and "Report a problem" not in html


def test_the_validators_schemas_are_published(site):
    for name in ("case-study", "toolkit", "service-area", "networks"):
        published = site / "schemas" / f"{name}.schema.json"
        assert published.read_bytes() == (REPO / "generator" / "reading" / "schemas" / f"{name}.schema.json").read_bytes()
    listing = page(site, "schemas/")
    assert 'href="case-study.schema.json"' in listing
    # The descriptions mark code with backticks, for editors: the page shows it as code, not as backticks.
    assert "<code>lekgotla check</code> against the rest" in listing and "`" not in listing


def test_editors_map_the_schemas_to_the_content():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    # The YAML extension validates .yaml files only; the front matter of case studies and
    # toolkits is checked by `lekgotla check` and the suggestion form instead.
    yaml_schemas = settings["yaml.schemas"]
    assert yaml_schemas["./generator/reading/schemas/service-area.schema.json"] == "content/benchmarks/*.yaml"
    assert yaml_schemas["./generator/reading/schemas/networks.schema.json"] == "content/networks.yaml"
    for schema in yaml_schemas:
        assert (REPO / schema).is_file(), schema


def test_the_form_script_is_loaded_on_the_suggest_page_only(site):
    assert "suggest.js" in page(site, "suggest/") and "suggest.css" in page(site, "suggest/")
    assert "suggest.js" not in page(site, "case-studies/pressure-management/")
    assert "suggest.js" not in page(site, "")


# ----- the form, in a real browser ---------------------------------------------------------
def fill_valid_form(tab) -> None:
    tab.fill("#f-title", 'Leak teams: "fast" repairs #1')
    tab.fill("#f-municipality", "Mangaung")
    tab.select_option("#f-service_area", "water")
    tab.check("input[name=indicators][value='WS5.1']")
    tab.fill("#f-year", "2018")
    tab.fill("#f-summary", "Mangaung trained ward-based leak teams and halved the time to repair a burst.")
    tab.fill("#f-tags", "leak-detection, ward-teams")
    tab.fill("#f-section-1", "Bursts took days to fix.\n\nResidents lost water: for a week.")
    tab.fill("#f-section-3", "Repair time fell from 3 days to 1.")
    tab.fill("#f-contact-name", "Lerato Mokoena")
    tab.fill("#f-contact-role", "Water engineer")
    tab.fill("#f-contact-email", "lerato@example.org")
    tab.check("#f-contact-consent")
    tab.fill("#f-source-title", "Annual report 2019")
    tab.fill("#f-source-url", "https://www.example.org/annual-report.pdf")


def test_the_file_name_names_the_municipality_once(site, browser):
    """A title that starts with the municipality's name gave "matzikama-matzikama-red-tape-reduction-desk.md"."""
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(base + "suggest/")
        tab.fill("#f-municipality", "Mangaung")
        tab.fill("#f-title", "Mangaung leak teams")
        assert tab.input_value("#f-slug") == "mangaung-leak-teams"
        tab.fill("#f-title", "Leak teams in Mangaung")
        assert tab.input_value("#f-slug") == "mangaung-leak-teams-in-mangaung"
        tab.close()


def test_a_long_title_gives_a_file_name_of_whole_words_and_an_empty_form_no_message_about_it(site, browser):
    """The file name was cut mid-word ("...-shared-with-ward-council" from "councillors"), and an empty form
    listed "File name: missing required field" for a field it says is filled in for you."""
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(base + "suggest/")
        tab.focus("button[type=submit]")
        tab.keyboard.press("Enter")
        summary = tab.text_content("#lk-errors")
        assert "Title: missing required field" in summary and "File name" not in summary
        tab.fill("#f-municipality", "Mangaung")
        tab.fill("#f-title", "Ward operational plans drafted with ward committees and shared with ward councillors")
        assert tab.input_value("#f-slug") == "mangaung-ward-operational-plans-drafted-with-ward-committees"
        tab.close()


def test_a_filled_form_yields_a_file_that_check_accepts(site, library, browser):
    with serve(site) as base:
        tab = browser.new_page(viewport={"width": 360, "height": 740})
        tab.goto(base + "suggest/")
        fill_valid_form(tab)
        assert tab.input_value("#f-slug") == "mangaung-leak-teams-fast-repairs-1"
        tab.click("button[type=submit]")
        assert tab.is_visible("#lk-result") and not tab.is_visible("#lk-errors")
        assert tab.evaluate("document.activeElement.id") == "lk-result-heading"
        # On a phone the heading comes to the top of the screen, the file under it; it stopped at the bottom edge.
        assert tab.evaluate("document.getElementById('lk-result-heading').getBoundingClientRect().top") < 150
        text = tab.input_value("#lk-output")
        github = tab.get_attribute("#lk-open-github", "href")
    assert github.startswith(f"{GITHUB}/new/trunk/content/case-studies?filename=mangaung-leak-teams-fast-repairs-1.md")
    assert unquote(github.split("&value=", 1)[1]) == text

    path = library.write("case-studies/mangaung-leak-teams-fast-repairs-1.md", text)
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "check", str(path)], cwd=library.root,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, text + result.stdout + result.stderr
    assert "0 warnings" in result.stderr, result.stderr  # dated, so the feed lists it
    assert f"review:\n  status: submitted\n  date: {dt.date.today().isoformat()}\n" in text
    assert 'title: "Leak teams: \\"fast\\" repairs #1"' in text
    assert "municipality: MAN\nservice_area: water\n" in text and "tags: [leak-detection, ward-teams]" in text
    assert "## Context\n\nBursts took days to fix.\n\nResidents lost water: for a week.\n" in text


def test_a_bad_email_and_a_missing_summary_are_reported_in_the_form(site, browser):
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(base + "suggest/")
        fill_valid_form(tab)
        tab.fill("#f-summary", "")
        tab.fill("#f-contact-email", "lerato@example")
        tab.uncheck("#f-contact-consent")
        tab.focus("button[type=submit]")
        tab.keyboard.press("Enter")  # the keyboard alone submits the form
        assert not tab.is_visible("#lk-result")
        for field, message in (("f-summary", "missing required field"),
                               ("f-contact-email", "'lerato@example' is not an email address alone: no ?, & or headers, which a mailto: link would act on (e.g. name@example.org)"),
                               ("f-contact-consent", "contact details are published only when the person agreed: "
                                                     "tick the box once they have, or leave the contact out")):
            assert tab.get_attribute(f"#{field}", "aria-invalid") == "true"
            assert f"{field}-error" in tab.get_attribute(f"#{field}", "aria-describedby").split()
            assert tab.text_content(f"#{field}-error") == f"Error: {message}"
            assert tab.is_visible(f"#{field}-error")
        assert tab.evaluate("document.activeElement.id") == "lk-errors"
        summary = tab.text_content("#lk-errors")
        assert "Summary: missing required field" in summary and "Contact email:" in summary
        assert tab.get_attribute("#f-title", "aria-invalid") is None
        tab.click("#lk-errors a[href='#f-summary']")
        assert tab.evaluate("document.activeElement.id") == "f-summary"


def test_every_form_control_has_a_label(site, browser):
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(base + "suggest/")
        unlabelled = tab.evaluate("""Array.from(document.querySelectorAll(
            '#lk-suggest input, #lk-suggest select, #lk-suggest textarea')).filter(el => !el.labels || el.labels.length === 0).map(el => el.id || el.name)""")
        required = tab.evaluate("""Array.from(document.querySelectorAll('#lk-suggest [required]'))
            .map(el => el.labels[0].textContent.includes('(required)'))""")
    assert unlabelled == []
    assert required and all(required)


# ----- what people type ----------------------------------------------------------------------
def typed_in(site, browser, field: str, text: str):
    """The suggestion form, loaded in a new tab (it needs no server once loaded), with ``text`` typed into ``field``."""
    tab = browser.new_page()
    with serve(site) as base:
        tab.goto(base + "suggest/")
    tab.fill(field, text)
    return tab
@pytest.mark.parametrize("typed, found", [
    ("Jozini", "Found: Jozini (KZN272), KwaZulu-Natal"),
    ("jozini local municipality", "Found: Jozini (KZN272), KwaZulu-Natal"),
    ("Cape Town", "Found: City of Cape Town (CPT), Western Cape"),
    ("Msunduzi", "Found: The Msunduzi (KZN225), KwaZulu-Natal"),
    ("Dr Beyers Naude", "Found: Dr Beyers Naudé (EC101), Eastern Cape"),
    ("kzn272", "Found: Jozini (KZN272), KwaZulu-Natal"),
    ("Mangaung Metro", "Found: Mangaung (MAN), Free State"),
])
def test_a_municipality_typed_by_name_is_matched_to_its_code(typed, found, site, browser):
    tab = typed_in(site, browser, "#f-municipality", typed)
    tab.press("#f-municipality", "Tab")
    assert tab.inner_text("#f-municipality-match") == found


@pytest.mark.parametrize("typed, read", [
    ("2024-03-05", ""),  # written as the file writes it: nothing to show back
    ("5/3/2024", "Read as 5 March 2024"),  # day first, as in South Africa
    ("05-03-24", "Read as 5 March 2024"),
    ("5 March 2024", "Read as 5 March 2024"),
    ("5th of March", ""),  # not read: the check below says so
    ("March 5, 2024", "Read as 5 March 2024"),
    ("5 Maart 2024", "Read as 5 March 2024"),
])
def test_dates_are_read_as_south_africans_write_them(typed, read, site, browser):
    tab = typed_in(site, browser, "#f-contact-consent-date", typed)
    assert (tab.inner_text("#f-contact-consent-date-read") if read else "") == read


@pytest.mark.parametrize("typed, read", [("2019", ""), ("2019/20", "Read as 2019"), ("2019/2020", "Read as 2019"),
                                         ("2019/21", "")])
def test_a_financial_year_is_read_as_the_year_it_starts(typed, read, site, browser):
    """Officials write the year a practice started as a municipal financial year ("2019/20")."""
    tab = typed_in(site, browser, "#f-year", typed)
    assert (tab.inner_text("#f-year-read") if read else "") == read


def test_what_cannot_be_read_is_reported_in_words(site, browser):
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(base + "suggest/")
        fill_valid_form(tab)
        tab.fill("#f-municipality", "Emalahleni")
        tab.fill("#f-partner", "Atlantis")
        tab.fill("#f-contact-consent-date", "31/2/2024")
        tab.click("button[type=submit]")
        summary = tab.inner_text("#lk-errors")
    assert "Municipality: 'Emalahleni' could be 2 municipalities: choose one under the field" in summary
    assert "Partner municipality: no municipality is called 'Atlantis'" in summary
    assert ("The day they agreed: '31/2/2024' is not a date: write it as 5 March 2024, 5/3/2024 (day first) "
            "or 2024-03-05") in summary


def test_a_reader_without_github_reports_a_problem_by_e_mail(sample_site):
    """Where requests go by e-mail (the sample library's coordinator), "Report a problem" writes to the
    coordinator with the page named, and GitHub is offered beside it, not instead. The sample's address is a
    placeholder, and the link says so, as the request forms do."""
    html = page(sample_site, "case-studies/msunduzi-informal-settlement-upgrading/")
    [report] = links(html, "Report a problem")
    assert ('Report a problem</a> by e-mail <span class="lk-meta">(a placeholder address: nobody receives it yet)</span>, '
            'or <a href="https://github.com/') in html
    target = urlparse(report)
    assert target.scheme == "mailto" and target.path == "coordinator@lekgotla.example.org"
    query = parse_qs(target.query)
    assert query["subject"][0].startswith("Problem on “") and "case-studies/msunduzi-informal-settlement-upgrading/" in query["body"][0]
    assert links(html, "on GitHub")[0].startswith("https://github.com/lekgotla/lekgotla/issues/new?")


def test_the_guides_templates_on_the_site_are_the_ones_in_the_file_to_the_character(sample_site):
    """A reader copies a template from /contributing/ and keeps its lines "exactly as they are": each code
    block of the page must be the file's, or a two-space list in it (a case study's contacts) lands on
    another column and the copy is no longer YAML."""
    import re
    guide = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    fenced = re.findall(r"^```[\w-]*\n(.*?)^```", guide, flags=re.M | re.S)
    page = (sample_site / "contributing" / "index.html").read_text(encoding="utf-8")
    shown = [unescape(re.sub(r"<[^>]+>", "", block)) for block in re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S)]
    templates = [block for block in fenced if block.startswith("---\n")]
    assert len(templates) >= 2
    for block in templates:
        assert block in shown
        yaml.safe_load(block.split("---\n")[1])  # the front matter a reader copies parses
