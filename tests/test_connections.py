"""Connections: people with consent, learning-network meetings and calendars, research, peer reviews."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import os
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import CASE_STUDY, REPO
from generator.analysis.benchmarking import Benchmarks
from generator.site.mentors import people_to_ask
from generator.site.wording import plain
from generator.model.catalogue import Catalogue
from generator.model.library import load_library
from generator.site.calendars import network_calendar, split_meetings
from generator.site.citations import bibtex, plain_citation

PERSON = """\
---
name: Thandi Mokoena
role: Manager, Water Demand
affiliation: municipality
municipality: MAN
service_areas: [water]
indicators: [WS5.1]
languages: [Sesotho, English]
offers: [mentoring, phone-call]
contact:
  email: thandi@example.org
consent:
  agreed: true
  date: 2024-02-01
---

Cut Mangaung's water losses.
"""

RESEARCH = """\
---
title: Water losses in metros
authors: ["Dlamini, L.", "Mokoena, T."]
institution: University of the Free State
year: 2023
abstract: Five years of non-revenue water programmes in three metros.
doi: 10.5555/lekgotla.test.1
municipalities: [MAN]
indicators: [WS5.1]
---

Notes.
"""

REVIEW = """\
---
municipality: ETH
reviewers: [thandi-mokoena]
start: 2024-05-06
end: 2024-05-08
focus_areas: [water]
findings: [Pressure zones are well run.]
recommendations: [Share the night-flow reports.]
follow_up: {status: in-progress}
---

Three days in eThekwini.
"""

MEETINGS = """\
  coordinator: thandi-mokoena
  members: [ETH, MAN]
  join: Write to the coordinator.
  meetings:
    - date: 2024-03-12 09:00
      end: 2024-03-12 13:00
      place: Bloemfontein
      topic: Meter audits
      outputs: [Audit checklist]
    - date: 2030-06-04
      end: 2030-06-05
      place: Durban
      online: true
      topic: Pressure zones, two days
    - date: 2030-09-10 10:00
      online: true
      topic: Night flows
"""


def errors(library) -> list:
    _, report = load_library(library.content)
    return report.errors


def with_connections(library) -> None:
    library.write("people/thandi-mokoena.md", PERSON)
    library.write("research/water-losses-in-metros.md", RESEARCH)
    library.write("peer-reviews/ethekwini-2024.md", REVIEW)
    library.edit("networks.yaml", "  service_areas: [water]\n", "  service_areas: [water]\n" + MEETINGS)


def test_people_research_reviews_and_meetings_that_follow_the_contract_pass(library):
    with_connections(library)
    lib, report = load_library(library.content)
    assert report.ok and not report.findings, report.as_text()
    network = lib.networks["water-services-learning-network"]
    assert network.coordinator == "thandi-mokoena" and [m.topic for m in network.meetings][0] == "Meter audits"
    assert lib.people["thandi-mokoena"].province == "FS"  # from its municipality


def test_who_to_ask_lists_people_by_name_with_their_titles_aside(library):
    """"Dr Thandi Mokoena" is found among the Ts of Who to ask, not the Ds."""
    with_connections(library)
    library.edit("people/thandi-mokoena.md", "name: Thandi Mokoena", "name: Dr Thandi Mokoena")
    for name in ("Sipho Zulu", "Dineo Ramaphosa"):
        library.write(f"people/{name.lower().replace(' ', '-')}.md",
                      PERSON.replace("name: Thandi Mokoena", f"name: {name}"))
    lib, report = load_library(library.content)
    assert report.ok, report.as_text()
    assert [p.name for p in lib.people.values()] == ["Dineo Ramaphosa", "Sipho Zulu", "Dr Thandi Mokoena"]


# ----- each refusal names the file, the line and the field -------------------------------
@pytest.mark.parametrize("case", ["person without consent", "contact without consent", "meeting ends before it starts",
                                  "malformed DOI", "review of an unknown municipality", "consent not given"])
def test_check_refuses_with_file_line_and_field(case, library):
    with_connections(library)
    expected = {
        "person without consent": (lambda: library.edit("people/thandi-mokoena.md",
                                                        "consent:\n  agreed: true\n  date: 2024-02-01\n", ""),
                                   "content/people/thandi-mokoena.md", 2, "consent", "missing required field"),
        "consent not given": (lambda: library.edit("people/thandi-mokoena.md", "agreed: true", "agreed: false"),
                              "content/people/thandi-mokoena.md", 13, "consent.agreed", "has not agreed"),
        "contact without consent": (lambda: library.edit("case-studies/pressure-management.md",
                                                         "    consent: {agreed: true, date: 2021-05-03}\n", ""),
                                    "content/case-studies/pressure-management.md", 19, "contacts[0].consent",
                                    "no consent"),
        "meeting ends before it starts": (lambda: library.edit("networks.yaml", "end: 2030-06-05", "end: 2030-06-03"),
                                          "content/networks.yaml", 15, "[0].meetings[1].end", "before it starts"),
        "malformed DOI": (lambda: library.edit("research/water-losses-in-metros.md", "doi: 10.5555/lekgotla.test.1",
                                               "doi: 10.55/not a doi"),
                          "content/research/water-losses-in-metros.md", 7, "doi", "is not a DOI"),
        "review of an unknown municipality": (lambda: library.edit("peer-reviews/ethekwini-2024.md",
                                                                   "municipality: ETH", "municipality: eThekwini"),
                                              "content/peer-reviews/ethekwini-2024.md", 2, "municipality",
                                              "unknown municipality 'eThekwini'"),
    }[case]
    expected[0]()
    found = errors(library)
    assert len(found) == 1, [f.as_text() for f in found]
    error = found[0]
    assert (error.path, error.line, error.field) == expected[1:4]
    assert expected[4] in error.message


def test_check_command_prints_path_line_field_and_exits_non_zero(library):
    with_connections(library)
    library.edit("peer-reviews/ethekwini-2024.md", "municipality: ETH", "municipality: eThekwini")
    run = subprocess.run([sys.executable, "-m", "generator.cli.commands", "check"], cwd=library.root,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert ("content/peer-reviews/ethekwini-2024.md:2: municipality: unknown municipality 'eThekwini' "
            "('eThekwini' is a name: use its code 'ETH')") in run.stdout


def test_a_contact_may_point_to_a_person_instead(library):
    with_connections(library)
    # Thandi works for Mangaung, this practice is eThekwini's: the contact says why she is the one to ask.
    library.edit("case-studies/pressure-management.md", "  - name: Sipho Ndlovu\n", "  - person: thandi-mokoena\n")
    library.edit("case-studies/pressure-management.md", "    role: Senior Manager\n    email: sipho@example.org\n"
                 '    phone: "+27 31 000 0000"\n    consent: {agreed: true, date: 2021-05-03}\n',
                 "    why: She ran pressure management in Mangaung and mentors eThekwini's team\n")
    lib, report = load_library(library.content)
    assert report.ok, report.as_text()
    contact = next(c for c in lib.case_studies if c.slug == "pressure-management").contacts[0]
    assert (contact.name, contact.email, contact.person) == ("Thandi Mokoena", "thandi@example.org", "thandi-mokoena")
    library.edit("case-studies/pressure-management.md", "person: thandi-mokoena", "person: thandi-mokoen")
    error, = errors(library)
    assert (error.line, error.field, error.hint) == (19, "contacts[0].person", "did you mean 'thandi-mokoena'?")


def test_sample_people_may_not_carry_a_real_address_or_a_phone_number(library):
    with_connections(library)
    library.edit("people/thandi-mokoena.md", "email: thandi@example.org",
                 'email: thandi@mangaung.co.za\n  phone: "+27 51 405 8911"')
    library.edit("people/thandi-mokoena.md", "---\n\nCut", "sample: true\n---\n\nCut")
    fields = sorted(e.field for e in errors(library))
    assert fields == ["contact.email", "contact.phone"]


# ----- meetings: upcoming and past, and the calendar -----------------------------------------
def test_meetings_are_split_by_the_build_date(library):
    with_connections(library)
    lib, _ = load_library(library.content)
    network = lib.networks["water-services-learning-network"]
    upcoming, past = split_meetings(network, dt.date(2030, 6, 5))  # the last day of the two-day meeting
    assert [m.topic for m in upcoming] == ["Pressure zones, two days", "Night flows"]
    assert [m.topic for m in past] == ["Meter audits"]
    upcoming, past = split_meetings(network, dt.date(2030, 6, 6))
    assert [m.topic for m in upcoming] == ["Night flows"]
    assert [m.topic for m in past] == ["Pressure zones, two days", "Meter audits"]


def test_the_calendar_reads_back_with_the_upcoming_meetings(library):
    with_connections(library)
    lib, _ = load_library(library.content)
    network = lib.networks["water-services-learning-network"]
    text = network_calendar(network, dt.date(2025, 1, 1), "https://kb.example.org/networks/x/")
    calendar = Calendar.from_ical(text)
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["Water Services Learning Network: Pressure zones, two days",
                                                  "Water Services Learning Network: Night flows"]
    two_days, night = events
    assert two_days.decoded("dtstart") == dt.date(2030, 6, 4)
    assert two_days.decoded("dtend") == dt.date(2030, 6, 6)  # all-day events end the day after
    assert str(two_days["location"]) == "Durban, and online"
    start = night.decoded("dtstart")
    assert start == dt.datetime(2030, 9, 10, 8, 0, tzinfo=dt.timezone.utc)  # 10:00 in South Africa
    assert len({str(e["uid"]) for e in events}) == 2
    assert str(night["url"]) == "https://kb.example.org/networks/x/"


# ----- people who improved this, and who can advise ------------------------------------------------
def test_people_to_ask_names_someone_from_a_better_municipality_first(library):
    with_connections(library)
    library.write("people/zanele-dube.md", PERSON.replace("Thandi Mokoena", "Zanele Dube")
                  .replace("municipality: MAN", "municipality: DC21").replace("[mentoring, phone-call]", "[coaching]"))
    library.write("people/bheki-zulu.md", PERSON.replace("Thandi Mokoena", "Bheki Zulu")
                  .replace("municipality: MAN", "municipality: ETH"))
    lib, report = load_library(library.content)
    assert report.ok, report.as_text()
    asked = people_to_ask(Catalogue(lib), Benchmarks(lib), "ETH", "WS5.1")
    names = [a.person.name for a in asked]
    assert names == ["Thandi Mokoena", "Zanele Dube"]  # nobody from eThekwini itself
    assert asked[0].better_municipality.code == "MAN" and asked[0].improved
    assert plain(asked[0].reason) == "Mangaung reports 33.0% in 2020, against 35.5% in 2020 here"
    # Zanele lists WS5.1 among what she knows, and Umzinyathi reports no value: she can advise, no more.
    assert asked[1].mentor and not asked[1].improved and asked[1].advises_on == "water and sanitation"
    assert plain(asked[1].reason) == "Mentor who knows WS5.1, in KwaZulu-Natal too"


def test_only_a_better_municipality_or_a_practice_on_the_indicator_says_someone_improved_it(library):
    with_connections(library)
    # A mentor in water who knows nothing of WS5.1, and the contact for a practice on WS5.1 at a
    # municipality with no value: the second improved it (the practice says so), the first can advise.
    library.write("people/sizwe-khumalo.md", PERSON.replace("Thandi Mokoena", "Sizwe Khumalo")
                  .replace("municipality: MAN", "municipality: KZN225").replace("indicators: [WS5.1]\n", ""))
    library.write("people/lerato-mosia.md", PERSON.replace("Thandi Mokoena", "Lerato Mosia")
                  .replace("municipality: MAN", "municipality: KZN252").replace("indicators: [WS5.1]\n", "")
                  .replace("[mentoring, phone-call]", "[phone-call]"))
    library.write("case-studies/newcastle-meters.md", CASE_STUDY.replace("municipality: ETH", "municipality: KZN252")
                  .replace("Cutting water losses with pressure management", "Newcastle's meter audit")
                  .replace("related: [mangaung-nrw]\n", "").replace("networks: [water-services-learning-network]\n", "")
                  .replace("outcomes:\n  - indicator: WS5.1\n    baseline: {year: 2019, value: 38.0}\n"
                           "    result: {year: 2020, value: 35.5}\n", "")
                  .replace("  - name: Sipho Ndlovu\n", "  - name: Lerato Mosia\n    person: lerato-mosia\n"))
    lib, report = load_library(library.content)
    assert report.ok, report.as_text()
    asked = {a.person.name: a for a in people_to_ask(Catalogue(lib), Benchmarks(lib), "ETH", "WS5.1")}
    assert asked["Thandi Mokoena"].improved and asked["Lerato Mosia"].improved
    assert plain(asked["Lerato Mosia"].reason) == "Contact for “Newcastle's meter audit”, a practice on WS5.1"
    assert not asked["Sizwe Khumalo"].improved and plain(asked["Sizwe Khumalo"].reason).startswith("Mentor in Water")
    assert [a.improved for a in asked.values()] == sorted((a.improved for a in asked.values()), reverse=True)


# ----- citations -------------------------------------------------------------------------------
def test_citation_as_plain_text_and_bibtex(library):
    with_connections(library)
    lib, _ = load_library(library.content)
    output = lib.research[0]
    assert plain_citation(output) == ("Dlamini, L. and Mokoena, T. (2023). Water losses in metros. "
                                      "University of the Free State. https://doi.org/10.5555/lekgotla.test.1")
    entry = bibtex(output)
    assert entry.startswith("@techreport{dlamini2023water,\n")
    assert "  author = {Dlamini, L. and Mokoena, T.}," in entry and "  doi = {10.5555/lekgotla.test.1}" in entry


def parse_bibtex(entry: str):
    """One entry as a reference manager reads it: bibtexparser, with TeX decoded to text."""
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

    parsed = bibtexparser.parse_string(entry, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert not parsed.failed_blocks and len(parsed.entries) == 1, entry
    return parsed.entries[0]


#: Titles and authors with every character TeX treats specially, accents and an organisation.
HARD_TITLES = ["Zoë's “water” & sanitation: 100% of {braces} in eMalahleni_2 for $5 #1 ~ \\ back",
               "Ukuphepha kwamanzi: ŉ Afrikaanse opname (Kwéla) – 2nd edition"]
HARD_AUTHORS = [["van der Merwe, Elsabé", "Nkosi-Dlamini, T. K."], ["Statistics South Africa"],
                ["Ó Súilleabháin, S.", "Müller & Sons"]]


@pytest.mark.parametrize("kind, entry_type, where", [
    ("report", "techreport", "institution"), ("working-paper", "techreport", "institution"),
    ("policy-brief", "techreport", "institution"), ("article", "article", "journal"),
    ("thesis", "phdthesis", "school"), ("dataset", "misc", "publisher")])
def test_every_bibtex_entry_parses_back_with_its_type_title_and_authors(kind, entry_type, where):
    from generator.model.connections import ResearchOutput

    for title in HARD_TITLES:
        for authors in HARD_AUTHORS:
            output = ResearchOutput(slug="x", title=title, authors=authors, institution="HSRC & SALGA", year=2024,
                                    abstract="", notes="", source_path="", kind=kind,
                                    journal="Water SA" if kind == "article" else "", volume="7", issue="2",
                                    pages="45-63", doi="10.5555/lekgotla.test_1")
            entry = parse_bibtex(bibtex(output))
            assert entry.entry_type == entry_type
            assert entry["title"] == title.replace("^", "ˆ")
            assert [a.strip("{}") for a in entry["author"]] == authors
            assert entry[where] == ("Water SA" if kind == "article" else "HSRC & SALGA")
            assert entry["doi"] == "10.5555/lekgotla.test_1"
            if kind == "article":
                assert (entry["volume"], entry["number"], entry["pages"]) == ("7", "2", "45–63")
            else:
                assert "journal" not in entry.fields_dict


def test_every_research_output_of_the_sample_library_has_an_entry_a_reference_manager_accepts():
    lib, _ = load_library(REPO / "content")
    assert {r.kind for r in lib.research} == {"report", "working-paper", "article"}
    for output in lib.research:
        entry = parse_bibtex(bibtex(output))
        assert entry["title"] == output.title and entry["author"] == output.authors
        # Pasted into a council report or a reference manager, a made-up paper still says so.
        assert output.sample and entry["note"] == "Sample, made up for demonstration, not a real publication"
        assert plain_citation(output).startswith("[Sample] ")
        assert entry.entry_type == {"article": "article"}.get(output.kind, "techreport")
        assert ("journal" in entry.fields_dict) == (output.kind == "article")
        assert entry["institution" if output.kind != "article" else "journal"] == (
            output.journal if output.kind == "article" else output.institution)


# ----- the sample site ---------------------------------------------------------------------------
def html(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_an_area_for_improvement_names_people_and_a_mentor_request(sample_site):
    page = html(sample_site, "municipalities/kzn272")
    cards = page[page.index('class="lk-areas"'):page.index('id="ask-mentor"')]
    # Said only with evidence: their municipality does better, or they are the contact for a practice on it.
    # Not "improved" (one year of Census figures shows nobody improving anything) nor "fixed".
    assert "People who have seen it done better:" in cards
    assert "People who improved this" not in cards and "People who have fixed this" not in cards
    named = set(re.findall(r'href="\.\./\.\./people/[a-z-]+/">([^<]+)</a>', cards))
    assert named
    short = re.findall(r'data-lk-about="([^"]+)">Request a mentor', cards)  # in each card short of its benchmark
    assert len(short) == cards.count('<h4 class="lk-card-sub" id="better-') >= 20
    # One form, which each of those links to: it goes to the sample library's coordinator by e-mail, from Jozini,
    # about an indicator among those, and offers as mentors only people the page names (each listed with consent).
    forms = re.findall(r'<form class="lk-ask__form" action="([^"]+)".*?</form>', page, re.S)
    assert len(forms) == 1 and forms[0].startswith("mailto:coordinator@lekgotla.example.org?subject=Mentor%20request%3A%20Jozini")
    form = re.search(r'<form class="lk-ask__form".*?</form>', page, re.S).group(0)
    assert 'id="ask-mentor-form"' in form and 'name="municipality" required value="Jozini (KZN272)"' in form
    mentors = re.findall(r"<option(?: value=\"([^\"]*)\")?[^>]*>([^<]+)</option>",
                         re.search(r'<select[^>]*name="mentor".*?</select>', form, re.S).group(0))
    assert mentors[0] == ("", "No preference") and all(words.split(",")[0] in named for _, words in mentors[1:])
    # Each person named says what they offer, so that a reader knows why the form offers some and not others:
    # Andile Mgxaji, named on the HS1.21 card, offers no mentoring and is not in the form's list.
    offered = dict(re.findall(r'href="\.\./\.\./people/[a-z-]+/">([^<]+)</a>.*?<span class="lk-meta">[^<]*; offers ([^;<]+);',
                              cards))
    assert set(offered) == named
    assert {words.split(",")[0] for _, words in mentors[1:]} == {
        name for name, offers in offered.items() if "mentoring" in offers or "coaching" in offers}
    assert "mentoring" not in offered["Andile Mgxaji"]
    about = re.search(r'<select[^>]*name="about".*?</select>', form, re.S).group(0)
    assert sorted(re.findall(r'<option[^>]*data-lk-for="([^"]+)"', about)) == sorted(short)  # what the script reads
    # What is sent names the indicator as readers do: its code and name, or its name; never its file name.
    assert not [option for option in re.findall(r'<option(?: value="([^"]*)")?[^>]*>([^<]+)</option>', about)
                if re.match(r"[a-z]+-[a-z-]+ ", option[0] or option[1])]


@pytest.mark.parametrize("area", ["water", "hiv-aids", "housing", "led", "public-participation"])
def test_a_service_area_page_names_whom_to_ask_and_links_to_all_of_them(sample_site, area):
    # "Whom can I call" from a service area: the people of Who to ask who know it, mentors first.
    directory = html(sample_site, "people")
    knowing = [(slug, name, "mentoring" in offers or "coaching" in offers) for areas, offers, slug, name in re.findall(
        r'<li class="lk-person" data-area="([^"]*)"[^>]*data-offer="([^"]*)">\s*<h2><a href="(?:\.\./)?([a-z-]+)/">([^<]+)</a>',
        directory) if area in areas.split()]
    page = html(sample_site, f"service-areas/{area}")
    section = page[page.index('id="who-to-ask"'):page.index("</article>")]
    named = re.findall(r'href="\.\./\.\./people/([a-z-]+)/">([^<]+)</a>', section)
    assert 0 < len(named) == min(6, len(knowing))
    assert {slug for slug, _ in named} <= {slug for slug, _, _ in knowing}
    mentors = {slug: mentor for slug, _, mentor in knowing}
    order = [mentors[slug] for slug, _ in named]
    assert order == sorted(order, reverse=True)  # nobody who does not mentor before one who does
    if not all(order):  # and no mentor left out for someone who does not mentor
        assert {slug for slug, mentor in mentors.items() if mentor} <= {slug for slug, _ in named}
    assert section.count("Sample</strong>") == len(named)  # each one labelled, as everywhere
    link = f'href="../../people/?area={area}"'
    assert link in section
    if len(knowing) > len(named):
        assert f"({len(named)} of {len(knowing)}, mentors first)" in section
        assert f"all {len(knowing)} in Who to ask</a>" in section


def test_municipality_page_shows_its_reviews_networks_and_research(sample_site):
    page = html(sample_site, "municipalities/kzn272")
    assert '<dt>Peer reviews</dt><dd><a href="#peer-reviews">1</a></dd>' in page
    assert 'href="../../peer-reviews/jozini-2025/"' in page
    assert 'href="../../networks/umkhanyakude-district-learning-network/"' in page
    assert 'href="../../research/local-aids-councils-kwazulu-natal/"' in page


def test_network_page_splits_meetings_on_the_build_date_and_its_calendar_matches(sample_site):
    from generator.model.library import load_library as load

    lib, _ = load(REPO / "content")
    network = lib.networks["hiv-aids-district-learning-network"]
    upcoming, past = split_meetings(network, dt.date.today())
    page = html(sample_site, "networks/hiv-aids-district-learning-network")
    shown_past = page.split('<h2 id="past">', 1)[1] if past else ""
    for meeting in past:
        assert meeting.topic in shown_past
    calendar = Calendar.from_ical((sample_site / "networks" / f"{network.id}.ics").read_bytes())
    topics = [str(e["summary"]).split(": ", 1)[1] for e in calendar.walk("VEVENT")]
    assert topics == [m.topic for m in upcoming]
    if upcoming:
        assert 'href="../hiv-aids-district-learning-network.ics" download' in page
    assert 'href="../../people/zodwa-cele/"' in page  # the coordinator
    assert 'href="../../municipalities/kzn272/"' in page  # a member


def test_person_page_lists_their_work(sample_site):
    page = html(sample_site, "people/zodwa-cele")
    for link in ("case-studies/ugu-district-aids-council-revival/", "toolkits/municipal-peer-review/",
                 "networks/hiv-aids-district-learning-network/", "peer-reviews/jozini-2025/",
                 "research/local-aids-councils-kwazulu-natal/"):
        assert f'href="../../{link}"' in page
    assert "Listed with consent" in page and "tel:" not in page


def test_research_page_offers_a_citation_to_copy(sample_site):
    page = html(sample_site, "research/non-revenue-water-secondary-cities")
    assert "van der Merwe, E., Mofokeng, L. and Jacobs, A. (2023)." in page
    assert "@article{vandermerwe2023pressure," in page
    assert 'data-copy="lk-cite-text"' in page
    assert 'href="../../indicators/ws5-1/"' in page
    assert 'href="../../research/non-revenue-water-secondary-cities/"' in html(sample_site, "indicators/ws5-1")


def test_peer_review_toolkit_links_to_the_records(sample_site):
    page = html(sample_site, "toolkits/municipal-peer-review")
    assert 'href="../../peer-reviews/jozini-2025/"' in page and 'href="../../peer-reviews/senqu-2024/"' in page
    review = html(sample_site, "peer-reviews/jozini-2025")
    assert 'href="../files/jozini-2025-peer-review-report.pdf" download' in review
    assert (sample_site / "peer-reviews" / "files" / "jozini-2025-peer-review-report.pdf").is_file()


def test_a_review_says_its_days_as_a_reader_does(sample_site):
    """ "2025-10-14 to 2025-10-16" broke after a hyphen on a phone; the days now read as words."""
    days = '<time datetime="2025-10-14">14</time> to <time datetime="2025-10-16">16 October 2025</time>'
    assert f"<dd>{days}</dd>" in html(sample_site, "peer-reviews/jozini-2025")
    assert f"Peer review of Jozini, {days}" in html(sample_site, "peer-reviews")


def test_every_new_page_is_reachable_from_the_navigation_or_a_linking_page(sample_site):
    pages = {p.parent.relative_to(sample_site).as_posix() for p in sample_site.rglob("index.html")}
    new = sorted(p for p in pages if p.split("/")[0] in ("people", "research", "peer-reviews", "networks"))
    linked: set[str] = set()
    for address in pages:
        for href in re.findall(r'href="([^"#?]+)"', html(sample_site, address) if address != "." else ""):
            target = os.path.normpath(os.path.join(address, href)).strip("/")
            linked.add(target)
    nav = html(sample_site, "people")
    for section in ("people/", "research/", "peer-reviews/", "networks/"):
        assert re.search(rf'class="md-nav__link"[^>]*>|href="\.\./{section}"', nav)
    assert [p for p in new if p not in linked] == []


def test_directory_filter_shows_only_the_matching_people(sample_site, browser):
    from browser import serve

    with serve(sample_site) as url:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(url + "people/")
        everyone = page.locator(".lk-person").count()
        page.select_option("#lk-filter-language", "Tshivenda")
        page.select_option("#lk-filter-offer", "mentoring")
        visible = page.locator(".lk-person:visible h2 a").all_inner_texts()
        status = page.inner_text(".lk-filter-count")
        # The choice is in the address: a reload (or a shared link) keeps it.
        assert page.url.endswith("people/?language=Tshivenda&offer=mentoring")
        page.reload()
        kept = page.locator(".lk-person:visible h2 a").all_inner_texts()
        # Nobody matches: the page says how to see more.
        page.select_option("#lk-filter-province", "WC")  # he works in Limpopo
        nobody = page.inner_text(".lk-filter-count")
        page.select_option("#lk-filter-province", "")
        page.select_option("#lk-filter-language", "")
        page.select_option("#lk-filter-offer", "")
        back = page.locator(".lk-person:visible").count()
        assert page.url.endswith("people/")
        page.close()
    assert visible == kept == ["Tshilidzi Nemukula"]
    assert status == f"1 of {everyone} people match" and back == everyone
    assert nobody == f"0 of {everyone} people match: set one of the filters back to Any to see more"


def test_research_reviews_and_meetings_are_in_the_data_package(sample_site):
    import csv
    import io
    import json

    package = json.loads((sample_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"]: r for r in package["resources"]}
    for name, rows in (("research", 3), ("peer-reviews", 2)):
        table = list(csv.DictReader(io.StringIO((sample_site / "data" / f"{name}.csv").read_text(encoding="utf-8"))))
        assert len(table) == rows and list(table[0]) == [f["name"] for f in names[name]["schema"]["fields"]]
    meetings = (sample_site / "data" / "network-meetings.csv").read_text(encoding="utf-8")
    assert "umkhanyakude-district-learning-network,2025-09-09" in meetings
    assert "people" not in names  # people agreed to a page each, not to a bulk export


def test_the_copy_buttons_put_the_citation_and_the_bibtex_on_the_clipboard(sample_site, browser):
    from browser import serve

    lib, _ = load_library(REPO / "content")
    with serve(sample_site) as base:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for output in lib.research:
            tab.goto(base + f"research/{output.slug}/")
            tab.get_by_role("button", name="Copy the citation").click()
            tab.locator('button[data-copy="lk-cite-text"]', has_text="Copied").wait_for()
            assert tab.evaluate("navigator.clipboard.readText()") == plain_citation(output)
            tab.locator("summary", has_text="BibTeX").click()
            tab.get_by_role("button", name="Copy the BibTeX").click()
            tab.locator('button[data-copy="lk-cite-bibtex"]', has_text="Copied").wait_for(timeout=5000)
            copied = tab.evaluate("navigator.clipboard.readText()")
            assert copied == bibtex(output)
            assert parse_bibtex(copied)["title"] == output.title
        context.close()
    assert not errors


def test_a_meeting_over_whole_days_reads_as_a_peer_reviews_days_do(sample_site):
    """One way of saying days on every page: "9 to 10 March 2027", not "9 March 2027 to 10 March 2027"."""
    page = html(sample_site, "networks/umkhanyakude-district-learning-network")
    whens = [re.sub(r"<[^>]+>", "", when) for when in re.findall(r'class="lk-meeting-when">(.*?)</p>', page)]
    assert "9 to 10 March 2027" in whens  # upcoming or past, by the build date
    assert "9 March 2027 to" not in html(sample_site, "networks")
