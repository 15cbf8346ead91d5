"""The MkDocs plugin turns a library into pages a reader can follow."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from generator.cli.build import build_site


@pytest.fixture
def site(fixture_site) -> Path:
    return fixture_site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def internal_links(html: str, page_url: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    base = f"http://site/{page_url}"
    result = []
    for href in parser.hrefs:
        target = urljoin(base, href)
        parsed = urlparse(target)
        if parsed.netloc == "site" and not href.startswith(("mailto:", "tel:", "#")):
            result.append(parsed.path.lstrip("/"))
    return result


def test_every_item_gets_a_page(site):
    for url in ["", "case-studies/", "case-studies/pressure-management/", "case-studies/mangaung-nrw/",
                "toolkits/", "toolkits/benchmarking/", "service-areas/", "service-areas/water/",
                "municipalities/", "municipalities/eth/", "municipalities/wc024/", "networks/",
                "networks/water-services-learning-network/", "browse/", "browse/provinces/kzn/",
                "browse/tags/pressure-management/", "browse/years/2016/", "about-the-data/"]:
        assert (site / url / "index.html").is_file(), url


def test_all_257_municipalities_have_a_page_and_are_listed_by_province(site):
    assert len(list((site / "municipalities").glob("*/index.html"))) == 257
    listing = page(site, "municipalities/")
    assert listing.count('href="../municipalities/') == 0  # relative links from the index itself
    assert ">KwaZulu-Natal</h2>" in listing and ">eThekwini</a>" in listing


def test_case_study_page_shows_its_metadata_and_body(site):
    html = page(site, "case-studies/pressure-management/")
    assert "<h1>Cutting water losses with pressure management</h1>" in html
    assert 'href="../../municipalities/eth/">eThekwini</a>' in html
    assert "KwaZulu-Natal" in html and "Metropolitan municipality" in html
    assert "Peer reviewed" in html and "Thandi Mokoena" in html
    assert 'href="../../browse/tags/pressure-management/"' in html
    assert "Water Services Learning Network" in html
    assert "Sipho Ndlovu" in html and "mailto:sipho@example.org" in html
    assert 'href="https://www.example.org/wsdp.pdf"' in html
    assert '<h2 id="context">Context' in html
    assert "−2.5" in html or "-2.5" in html  # outcome change 38.0 -> 35.5


def test_related_and_backlinks(site):
    html = page(site, "case-studies/pressure-management/")
    assert "Related practices" in html and 'href="../mangaung-nrw/"' in html
    target = page(site, "case-studies/mangaung-nrw/")
    assert "Referenced by" in target and 'href="../pressure-management/"' in target


def test_toolkit_download_is_published(site):
    html = page(site, "toolkits/benchmarking/")
    assert 'href="../files/template.csv"' in html
    assert (site / "toolkits" / "files" / "template.csv").is_file()


def test_content_sources_are_not_published_raw(site):
    assert not (site / "benchmarks" / "water.yaml").exists()
    assert not (site / "networks.yaml").exists()


def test_navigation_lists_sections_not_items(site):
    html = page(site, "")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    assert "Case studies" in nav and "Municipalities" in nav
    assert "eThekwini" not in nav and "pressure-management" not in nav


def test_illustrative_data_is_labelled(site):
    html = page(site, "service-areas/water/")
    assert "Illustrative data" in html and "not official statistics" in html


def test_every_internal_link_resolves(site):
    broken = []
    for html_file in site.rglob("index.html"):
        url = html_file.parent.relative_to(site).as_posix()
        url = "" if url == "." else url + "/"
        for target in internal_links(html_file.read_text(encoding="utf-8"), url):
            path = site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append((url, target))
    assert not broken, broken[:10]


def test_contributor_text_is_escaped(library):
    library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                 'title: "Mangaung <b>water</b> & losses"')
    site = build_site(library.config_file, library.root / "site").site_dir
    html = page(site, "case-studies/mangaung-nrw/")
    assert "<h1>Mangaung &lt;b&gt;water&lt;/b&gt; &amp; losses</h1>" in html


def test_pages_carry_no_template_indentation_but_keep_code_blocks(library):
    library.edit("case-studies/mangaung-nrw.md", "Mangaung replaced meters.",
                 "Mangaung replaced meters.\n\n```\nmeter:\n    id: 12\n```\n")
    site = build_site(library.config_file, library.root / "site").site_dir
    html = page(site, "case-studies/mangaung-nrw/")
    outside_pre = re.sub(r"<pre\b.*?</pre>", "<pre/>", html, flags=re.S)
    assert not re.search(r"\n[ \t]+<", outside_pre)
    assert "\n\n" not in outside_pre
    code = re.search(r"<pre\b.*?</pre>", html, re.S).group(0)
    assert "\n    id: 12" in re.sub(r"<[^>]+>", "", code)  # indentation in code is kept


def test_the_error_page_uses_no_root_absolute_address(site):
    """Under a sub-path (a GitHub Pages project site) '/assets/...' would load nothing."""
    html = (site / "404.html").read_text(encoding="utf-8")
    addresses = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert addresses and not [a for a in addresses if a.startswith("/")]
    stylesheets = [a for a in addresses if a.endswith(".css")]
    assert stylesheets and all((site / urlparse(a).path).is_file() for a in stylesheets)


def test_a_toolkit_tag_has_its_page(library):
    library.edit("toolkits/benchmarking.md", "service_areas: [all]", "service_areas: [all]\ntags: [peer-review]")
    site = build_site(library.config_file, library.root / "site").site_dir
    html = page(site, "browse/tags/peer-review/")
    assert "Running a benchmarking exercise" in html and "Toolkits" in html


def test_the_error_page_leads_back_to_the_home_page_and_the_municipalities(site):
    """A mistyped or old address showed a heading and nothing else: a reader on a phone had no way on."""
    html = (site / "404.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', article)
    assert [text for _, text in links] == ["the home page", "the list of municipalities"]
    assert all((site / urlparse(href).path.lstrip("/") / "index.html").is_file() for href, _ in links), links


def test_a_reader_who_shortens_an_address_finds_a_page(site):
    """Every folder above a page is a page: /browse/tags/ (from /browse/tags/metering/) was a 404."""
    pages = {p.parent for p in site.rglob("index.html") if "pagefind" not in p.parts}
    missing = sorted({folder.relative_to(site).as_posix() for page_folder in pages
                      for folder in page_folder.parents if site in folder.parents and folder not in pages})
    assert not missing, missing
    tags = page(site, "browse/tags/")
    assert "<h1>Case studies and toolkits by tag</h1>" in tags and 'href="metering/"' in tags
    assert '<span class="lk-visually-hidden"> case studies</span>' in page(site, "browse/provinces/")


def test_a_case_studys_year_in_a_list_says_what_it_is_and_small_counts_read_as_words(sample_site):
    """A list's year is when the practice started: read as the date of its results, "Nelson Mandela Bay ·
    2019 … from 68% to 95%" looked impossible (95% came in 2023)."""
    text = " ".join(re.sub(r"<[^>]+>", " ", (sample_site / "index.html").read_text(encoding="utf-8")).split())
    assert re.search(r"Nelson Mandela Bay · started in 2019", text)
    assert not re.search(r"· 20\d\d\b", text)
    compare = (sample_site / "compare" / "index.html").read_text(encoding="utf-8")
    assert "Choose two to four municipalities" in compare
