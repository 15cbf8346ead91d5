"""Benchmarking as a reader meets it: indicator pages, scorecards, charts, downloads.

One small library with known values is built once for the module (and rebuilt
once through the CLI, to see that nothing is redrawn); the shipped sample
library is built once in test_sample_library.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import (CASE_STUDY, MKDOCS_YML, NETWORKS_YAML, REGISTRY, REPO, SECOND_CASE_STUDY, TOOLKIT, WATER_YAML,
                      Library)
from test_site import internal_links

from generator.cli.build import build_site
from generator.site.charts import Chart, Line, render_svg

# eThekwini (a metro) is above the 30% non-revenue water benchmark and should learn from
# Cape Town, another metro that cut its losses below it; Msunduzi (B1) has a gap in 2020.
WATER_CSV = """\
municipality,indicator,year,value,note
ETH,WS5.1,2019,38.0,
ETH,WS5.1,2020,35.5,
ETH,WS5.1,2021,36.0,
MAN,WS5.1,2019,41.0,
MAN,WS5.1,2020,33.0,
MAN,WS5.1,2021,32.0,
CPT,WS5.1,2019,28.0,
CPT,WS5.1,2020,25.0,
CPT,WS5.1,2021,22.0,
JHB,WS5.1,2019,36.0,
JHB,WS5.1,2021,37.5,
KZN225,WS5.1,2019,45.0,
KZN225,WS5.1,2021,39.0,
ETH,WS2.1,2021,97.0,
CPT,WS2.1,2021,99.0,
KZN225,WS2.1,2021,88.0,
"""

CAPE_TOWN_CASE_STUDY = """\
---
title: Cape Town water demand management
municipality: CPT
service_area: water
year: 2018
summary: Cape Town managed pressure and fixed leaks, cutting non-revenue water below the benchmark.
indicators: [WS5.1]
outcomes:
  - indicator: WS5.1
    baseline: {year: 2019, value: 28.0}
    result: {year: 2021, value: 22.0}
---

Cape Town fixed leaks.
"""


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    lib = Library(tmp_path_factory.mktemp("benchmarks"))
    (lib.content / "benchmarks").mkdir(parents=True)
    shutil.copy(REGISTRY, lib.content / "benchmarks" / "municipalities.csv")
    for path, text in [("benchmarks/water.yaml", WATER_YAML), ("benchmarks/water.csv", WATER_CSV),
                       ("networks.yaml", NETWORKS_YAML), ("case-studies/pressure-management.md", CASE_STUDY),
                       ("case-studies/mangaung-nrw.md", SECOND_CASE_STUDY),
                       ("case-studies/cape-town-demand.md", CAPE_TOWN_CASE_STUDY),
                       ("toolkits/benchmarking.md", TOOLKIT), ("toolkits/files/template.csv", "a,b\n")]:
        lib.write(path, text)
    lib.config_file.write_text(MKDOCS_YML, encoding="utf-8")
    result = build_site(lib.config_file, lib.root / "site")
    return lib, result


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[1].site_dir


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def images(html: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img [^>]*>", html)]


def resolve(site: Path, page_url: str, href: str) -> Path:
    [target] = internal_links(f'<a href="{href}">', page_url)
    return site / target


# --- Indicator pages -------------------------------------------------------------------------------

def test_every_indicator_has_a_page_listed_in_the_index_and_the_navigation(site):
    index = page(site, "indicators/")
    for slug, name in [("ws5-1", "Percentage of non-revenue water"), ("ws2-1", "basic water supply")]:
        assert (site / "indicators" / slug / "index.html").is_file()
        assert f'href="{slug}/"' in index and name in index
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', page(site, ""), re.S).group(0)
    assert "Indicators" in nav
    assert "1 of 5" in index  # WS5.1 in 2021: five report, only Cape Town (22%) meets 30%
    # The answer beside the name, where a phone shows it without a swipe; where the figures come from last.
    headers = re.findall(r'<th scope="col">([^<]+)</th>', index.split("<thead>", 1)[1].split("</thead>", 1)[0])
    assert headers[:2] == ["Indicator", "Against it"] and headers[-1] == "Data"


def test_indicator_page_ranks_the_latest_year_with_benchmark_and_peer_medians(site):
    html = page(site, "indicators/ws5-1/")
    assert "Lower values are better" in html and "Illustrative target." in html
    assert "Ranking in 2021" in html
    table = html[html.index("<caption>All municipalities with a value for 2021"):]
    table = table[:table.index("</table>")]
    order = re.findall(r'municipalities/(\w+)/">', table)
    assert order == ["cpt", "man", "eth", "jhb", "kzn225"]  # lower is better: 22, 32, 36, 37.5, 39
    # A target (30% or less) is met or not: the words say so beside the symbol.
    assert "✓\u00a0meets the target" in table and "✗\u00a0short of the target" in table
    assert "1 of 1" in table  # Msunduzi is the only B1 reporting
    ranking = next(i for i in images(html) if "ranking" in i["src"])
    svg = resolve(site, "indicators/ws5-1/", ranking["src"]).read_text(encoding="utf-8")
    assert "Target 30.0%" in svg and ">A 34.0<" in svg  # the metro median of 22, 32, 36 and 37.5, as pages write it
    assert ">Median municipality 36.0<" in svg


def test_indicator_page_shows_trend_distribution_leaders_and_case_studies(site):
    html = page(site, "indicators/ws5-1/")
    assert "Medians over time" in html and "Distribution in 2021" in html
    improved = html[html.index('id="most-improved"'):html.index('id="case-studies"')]
    assert re.findall(r'municipalities/(\w+)/">', improved) == ["man", "cpt", "kzn225", "eth"]  # JHB worsened
    cases = html[html.index('id="case-studies"'):]
    assert "Cape Town water demand management" in cases and "Cutting water losses with pressure management" in cases
    assert "Mangaung non-revenue water programme" not in cases  # it names no indicator


def test_every_chart_has_a_text_alternative_and_a_caption_it_points_to(site):
    for url in ["indicators/ws5-1/", "service-areas/water/"]:
        html = page(site, url)
        charts = [i for i in images(html) if "charts/" in i["src"]]
        assert charts, url
        for image in charts:
            assert image["alt"] and f'id="{image["aria-describedby"]}"' in html, (url, image)
            svg = resolve(site, url, image["src"]).read_text(encoding="utf-8")
            assert "<title id=\"title\">" in svg and "<desc id=\"desc\">" in svg
            assert "dc:date" not in svg and "<dc:" not in svg
        # Every chart of illustrative data says so beside it.
        captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S)
        assert len(captions) == len(charts) and all("Illustrative data" in c for c in captions)


def inline_charts(html: str) -> list[dict[str, str]]:
    """The attributes of each chart drawn in the page itself."""
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r'<svg class="lk-bars"[^>]*>', html)]


def test_a_case_studys_before_and_after_is_drawn_in_the_page_with_a_name_and_a_caption(site):
    html = page(site, "case-studies/pressure-management/")
    [chart] = inline_charts(html)
    # Named by its caption, which gives both figures, the benchmark and that the data are samples.
    caption = re.search(rf'<figcaption id="{chart["aria-labelledby"]}">(.*?)</figcaption>', html, re.S).group(1)
    assert chart["role"] == "img" and '<span data-f="before">38.0% in 2019</span> and' in caption
    assert '<span data-f="after">35.5% in 2020</span>' in caption
    assert "the target is" in caption and "Illustrative data" in caption
    # No chart file: the drawing is two bars and the benchmark's line, written in the page.
    assert not [i for i in images(html) if "charts/" in i["src"]]
    assert not (site / "charts" / "case-studies").exists()
    drawing = html[html.index('<svg class="lk-bars"'):]
    drawing = drawing[:drawing.index("</svg>")]
    assert drawing.count("<rect ") == 2 and 'class="lk-bars-benchmark"' in drawing
    assert "Before (2019):</tspan> 38.0%" in drawing and "After (2020):</tspan> 35.5%" in drawing


def test_charts_are_deterministic_across_processes_and_drawing_order():
    chart = Chart("charts/x.svg", "small-lines", "Non-revenue water", "Fell from 38% to 31%.", "%", 30.0,
                  "Benchmark 30%", (Line("eThekwini", ((2019, 38.0), (2021, 31.0))),
                                    Line("Peer median", ((2019, 35.0), (2021, 33.0)), "peer")))
    other = Chart("charts/y.svg", "small-lines", "Other", "Other.", "days", None, "",
                  (Line("Mangaung", ((2016, 5.0), (2017, 9.0), (2018, 2.0))),))
    first = render_svg(chart)
    render_svg(other)
    assert render_svg(chart) == first
    code = ("import sys; from generator.site.charts import *; sys.stdout.buffer.write(render_svg(Chart('charts/x.svg', "
            "'small-lines', 'Non-revenue water', 'Fell from 38% to 31%.', '%', 30.0, 'Benchmark 30%', "
            "(Line('eThekwini', ((2019, 38.0), (2021, 31.0))), Line('Peer median', ((2019, 35.0), (2021, 33.0)), "
            "'peer')))))")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert fresh.stdout == first


# --- Scorecards ------------------------------------------------------------------------------------

def test_municipality_page_shows_each_indicator_as_a_card_with_every_number_labelled(site):
    html = page(site, "municipalities/eth/")
    water = html[html.index('id="area-water"'):]
    water = water[:water.index("</details>")]
    assert "Percentage of non-revenue water" in water and "basic water supply" in water
    # Metros in 2021: CPT 22, MAN 32, ETH 36, JHB 37.5; the gap of a percentage is in percentage points.
    # Every figure of WS5.1 has the decimals of its most precise value (35.5): 36.0%, not 36%.
    text = re.sub(r"<[^>]+>", "", water)
    assert "36.0% in 2021" in text and "gap -6.0 pp" in text and "30.0% or less" in text
    assert "3rd of 4 metros in 2021" in text and "bottom quarter of its peer group" not in text
    assert "improving since 38.0% in 2019" in text
    assert water.count('<svg class="lk-spark"') == 1  # only WS5.1 has two years
    for label in ("Latest", "Target", "Peer median", "Rank", "Rating", "Trend"):
        assert f"<dt>{label}</dt>" in water
    # The section opens from its summary, which counts what meets the benchmark and says it is illustrative.
    summary = water[:water.index("</summary>")]
    assert "0 of 1 target met" in summary and "(illustrative values only)" in summary


def test_peers_who_do_better_are_better_with_their_practices_and_a_compare_link(site):
    html = page(site, "municipalities/eth/")
    peers = html[html.index('<li id="indicator-ws5-1"'):]  # in the card of WS5.1, the last of its section
    peers = peers[:peers.index("</details>")]
    assert re.findall(r'<li data-m="\w+" data-y="\d+"><a href="\.\./(\w+)/">', peers) == ["cpt", "man"]  # 22% and 32%, best first
    assert ("also a metro: 22.0% in 2021, 14.0 percentage points better than eThekwini; 1st of 4 metros in 2021"
            in re.sub(r"<[^>]+>", "", peers))
    assert 'href="../../case-studies/cape-town-demand/"' in peers
    # eThekwini's own practice is named as its own, and is no lesson for itself among the others'.
    own, others = peers.split("<strong>Other practice")
    assert "eThekwini's own practice" in own and "pressure-management" in own
    assert "pressure-management" not in others
    assert "jhb" not in peers  # Johannesburg (37.5%) does worse
    # With the compare page in the site, a link to it with eThekwini and the peers chosen.
    compare = re.search(r'href="../../compare/\?m=ETH,CPT,MAN#cmp-ws5-1"', peers)  # at its indicator
    assert bool(compare) == (site / "compare" / "index.html").is_file()


def test_a_municipality_without_data_is_not_a_dead_end(site):
    html = page(site, "municipalities/wc024/")
    assert "No data have been submitted for Stellenbosch" in html
    group = html[html.index('id="area-water"'):]  # in the section of each service area
    assert "What secondary cities report" in group and "median" in group  # Stellenbosch is a B1
    submit = html[html.index('id="submit-data"'):]
    assert 'href="../../toolkits/files/template.csv" download' in submit and "toolkits/benchmarking/" in submit


def test_a_municipality_page_links_its_own_table(site):
    html = page(site, "municipalities/eth/")
    links = re.findall(r'<a href="([^"]+)" download>', html)
    assert len(links) == 2  # the CSV template and eThekwini's own data
    for href in links:
        assert resolve(site, "municipalities/eth/", href).is_file(), href
    [own] = [href for href in links if "data/" in href]
    table = {row["indicator"]: row for row in csv.DictReader(resolve(site, "municipalities/eth/", own).open())}
    assert set(table) == {"WS5.1", "WS2.1"}  # a row per indicator, a column per year
    water_losses = table["WS5.1"]
    assert (water_losses["municipality_name"], water_losses["indicator_name"], water_losses["unit"]) == (
        "eThekwini", "Percentage of non-revenue water", "%")
    assert [water_losses[year] for year in ("2019", "2020", "2021")] == ["38.0", "35.5", "36.0"]
    assert (water_losses["benchmark"], water_losses["better"], water_losses["illustrative"]) == ("30.0", "lower", "true")
    assert table["WS2.1"]["2019"] == "" and table["WS2.1"]["2021"] == "97.0"


# --- Downloads --------------------------------------------------------------------------------------

def data_text(data: Path, path: str) -> str:
    """A download's text; a zip holds the one CSV its name says (benchmarks.csv.zip: benchmarks.csv)."""
    if path.endswith(".zip"):
        with zipfile.ZipFile(data / path) as archive:
            assert archive.namelist() == [Path(path).stem], archive.namelist()
            return archive.read(Path(path).stem).decode("utf-8")
    return (data / path).read_text(encoding="utf-8")


def data_table(data: Path, path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text(data, path))))


def test_every_download_link_leads_to_a_file(site):
    # A download link to a folder (a key the template no longer has gave href="..") saves a page.
    for url in ["indicators/", "indicators/ws5-1/", "about-the-data/", "municipalities/eth/"]:
        html = page(site, url)
        links = re.findall(r'<a href="([^"]*)"[^>]* download>', html)
        assert links, url
        for href in links:
            target = resolve(site, url, href)
            assert target.is_file() and target.suffix in {".csv", ".zip", ".json"}, (url, href)


def test_the_file_of_every_value_has_a_row_for_each_with_the_municipality_named(site):
    rows = data_table(site / "data", "benchmarks.csv.zip")
    reported = list(csv.DictReader(io.StringIO(WATER_CSV)))
    assert len(rows) == len(reported) == 16
    names = {row["code"]: row["name"] for row in csv.DictReader(REGISTRY.open(encoding="utf-8"))}
    published = {(row["municipality_code"], row["indicator"], row["year"]): row for row in rows}
    for value in reported:
        row = published[value["municipality"], value["indicator"], value["year"]]
        assert (row["municipality_name"], float(row["value"])) == (names[value["municipality"]], float(value["value"]))
    eth = published["ETH", "WS5.1", "2021"]
    assert (eth["value"], eth["gap"], eth["provenance"], eth["source"]) == ("36.0", "-6.0", "illustrative", "")
    # Beside each value, what a coordinator needs to use it as it is.
    assert (eth["province"], eth["peer_group"], eth["unit"], eth["comparison_point"], eth["comparison_kind"]) == (
        "KZN", "A", "%", "30.0", "target")
    assert published["ETH", "WS2.1", "2021"]["gap"] == published["ETH", "WS2.1", "2021"]["comparison_point"] == ""


def test_the_values_join_the_lookup_tables_of_municipalities_and_indicators(site):
    data = site / "data"
    municipalities = {row["code"]: row for row in data_table(data, "municipalities.csv")}
    indicators = {row["id"]: row for row in data_table(data, "indicators.csv")}
    rows = data_table(data, "benchmarks.csv.zip")
    assert all(row["municipality_code"] in municipalities and row["indicator"] in indicators for row in rows)
    eth = next(row for row in rows if row["municipality_code"] == "ETH" and row["indicator"] == "WS5.1")
    place, indicator = municipalities[eth["municipality_code"]], indicators[eth["indicator"]]
    assert (place["name"], place["province"], place["miif_category"]) == ("eThekwini", "KZN", "A")
    assert (indicator["unit"], indicator["better"], indicator["benchmark"], indicator["illustrative"]) == (
        "%", "lower", "30.0", "true")
    assert indicators["WS2.1"]["benchmark"] == ""


def test_each_indicator_has_its_rows_in_a_file_of_its_own_and_no_second_copy(site):
    data = site / "data"
    rows = data_table(data, "indicators/ws5-1.csv")
    assert rows == [row for row in data_table(data, "benchmarks.csv.zip") if row["indicator"] == "WS5.1"]
    assert [(r["municipality_code"], r["year"], r["value"]) for r in rows if r["municipality_code"] == "ETH"] == [
        ("ETH", "2019", "38.0"), ("ETH", "2020", "35.5"), ("ETH", "2021", "36.0")]
    assert len(rows) == 13 and {r["provenance"] for r in rows} == {"illustrative"}
    assert not list((data / "indicators").glob("*.json"))  # the CSV and indicators.csv say it all


def check_data_package(data: Path) -> dict:
    """That datapackage.json is a valid tabular data package for the files beside it, and its keys hold.

    By hand (the frictionless package is not a dependency): what the Data Package, Tabular Data
    Resource and Table Schema specifications require, and every primary and foreign key.
    """
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["licenses"] and package["name"]
    assert {r["profile"] for r in package["resources"]} == {"tabular-data-resource"}  # tables only, as the profile says
    resources = {r["name"]: r for r in package["resources"]}
    assert len(resources) == len(package["resources"])  # names are unique
    tables = {}
    for name, resource in resources.items():
        assert re.fullmatch(r"[a-z0-9._-]+", name) and not resource["path"].startswith(("/", "..")), name
        assert (data / resource["path"]).is_file(), resource["path"]
        schema = resource["schema"]
        if isinstance(schema, str):  # a Table Schema shared by many files
            schema = json.loads((data / schema).read_text(encoding="utf-8"))
        tables[name] = (schema, data_table(data, resource["path"]))
    for name, (schema, rows) in tables.items():
        fields = [field["name"] for field in schema["fields"]]
        assert all(field["type"] in TABLE_SCHEMA_TYPES for field in schema["fields"]), name
        header = data_text(data, resources[name]["path"]).partition("\n")[0]
        assert header.split(",") == fields, name
        key = schema.get("primaryKey", [])
        assert set(key) <= set(fields), name
        if key:
            assert len({tuple(row[k] for k in key) for row in rows}) == len(rows), f"{name}: {key} is not unique"
        for foreign in schema.get("foreignKeys", []):
            target_schema, target_rows = tables[foreign["reference"]["resource"]]
            targets = {row[foreign["reference"]["fields"]] for row in target_rows}
            assert target_schema["primaryKey"] == [foreign["reference"]["fields"]]
            missing = [row[foreign["fields"]] for row in rows if row[foreign["fields"]] not in targets]
            assert not missing, f"{name}.{foreign['fields']}: {missing[:5]} not in {foreign['reference']}"
    return package


TABLE_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
                      "year", "yearmonth", "duration", "geopoint", "geojson", "any"}


def test_the_data_package_describes_every_file_with_keys_that_hold(site):
    package = check_data_package(site / "data")
    described = {resource["path"] for resource in package["resources"]}
    tables = {str(p.relative_to(site / "data")) for p in (site / "data").rglob("*.csv*")}
    assert tables == described, tables ^ described
    # A tabular data package lists only tables: its description says what the JSON files hold.
    assert "municipalities/<code>.json" in package["description"]
    assert "illustrative sample values, made up for demonstration: not official statistics" in package["description"]


# --- Other pages -----------------------------------------------------------------------------------

def test_service_area_overview_counts_who_meets_each_benchmark(site):
    html = page(site, "service-areas/water/")
    overview = html[html.index('id="overview"'):html.index('id="case-studies"')]
    assert "1 of 5 meet the target" in overview  # only Cape Town is at or below 30% in 2021
    assert "no target or national figure" in overview and "improving" in overview  # national median 38 -> 36


def test_case_study_outcomes_get_a_before_and_after_chart(site):
    html = page(site, "case-studies/pressure-management/")
    outcomes = html[html.index('id="outcomes-heading"'):]
    [chart] = inline_charts(outcomes)
    assert chart["aria-labelledby"] in outcomes and "Before (2019):</tspan> 38.0%" in outcomes
    # The table gives the change between two percentages in percentage points.
    assert '<span data-f="chg">-2.5 percentage points</span>' in outcomes


def test_every_internal_link_and_chart_resolves(site):
    broken = []
    for url in ["indicators/", "indicators/ws5-1/", "indicators/ws2-1/", "municipalities/eth/",
                "municipalities/kzn225/", "service-areas/water/", "case-studies/cape-town-demand/"]:
        for target in internal_links(page(site, url), url):
            path = site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append((url, target))
    assert not broken, broken[:10]


def test_rebuild_without_changes_renders_no_chart(built):
    lib, first = built
    assert first.stats["charts_rendered"] == first.stats["charts"] > 0
    result = run_cli("build", cwd=lib.root)
    assert result.returncode == 0, result.stderr
    assert ", 0 charts rendered (" in result.stderr
    assert f"({first.stats['charts']} cached)" in result.stderr


def test_municipality_page_reads_on_a_phone_without_sideways_scrolling(site, browser):
    from browser import serve

    with serve(site) as base:
        view = browser.new_page(viewport={"width": 360, "height": 740})
        for url in ("municipalities/eth/", "municipalities/wc024/"):
            view.goto(base + url)
            view.evaluate("document.querySelectorAll('details.lk-area').forEach(d => d.open = true)")  # every card shown
            assert view.evaluate("document.documentElement.scrollWidth") <= 360, url
            cards = view.evaluate("[...document.querySelectorAll('.lk-indicator-cards > li')]"
                                  ".map(c => c.getBoundingClientRect().right)")
            assert all(right <= 360 for right in cards), (url, cards)
        view.goto(base + "municipalities/eth/")
        # The summary of every service area is on the first screen (the fixture library has no official figures
        # to lead with).
        bottom = view.evaluate("Math.max(...[...document.querySelectorAll('details.lk-area > summary')]"
                               ".map(s => s.getBoundingClientRect().bottom))")
        assert bottom <= 740


#: For each word of the names in the first figures table: how many line boxes it takes (1 unless broken
#: inside the word), and the caption's box once the table is scrolled to its far right.
TABLE_ON_A_PHONE = """() => {
  const wrap = document.querySelector('.lk-table-wrap');
  const broken = [];
  for (const cell of wrap.querySelectorAll('tbody th')) {
    const text = cell.querySelector('a').firstChild;
    for (const match of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  const hint = getComputedStyle(wrap, '::before').content;
  wrap.scrollLeft = wrap.scrollWidth;
  const caption = wrap.querySelector('caption').getBoundingClientRect();
  // Scrolled to its far right, each row still shows whose it is, on top of the columns passing under it.
  const edge = wrap.getBoundingClientRect();
  const names = [...wrap.querySelectorAll('tbody th'), wrap.querySelector('thead th:nth-child(2)')];
  const hidden = names.filter(cell => { const box = cell.getBoundingClientRect();
    return box.left < edge.left - 1 || box.right > edge.right + 1; }).map(cell => cell.textContent);
  const first = names[0];
  first.scrollIntoView({block: 'center', inline: 'nearest'});
  const box = first.getBoundingClientRect();
  const onTop = first.contains(document.elementFromPoint(box.left + 4, box.top + box.height / 2));
  return {broken, hint, scrolled: wrap.scrollLeft, left: caption.left, right: caption.right, hidden, onTop};
}"""


def test_a_figures_table_on_a_phone_keeps_names_whole_and_its_caption_and_names_in_view(site, browser):
    """The ranking table scrolls sideways on a phone: its caption scrolled away with it (half of it
    off-screen), a name too long for its column broke inside a word ("Johannesbur-g"), nothing
    said there were more columns past the screen's edge, and a reader who swiped to a row's gap and
    rating no longer saw whose row it was."""
    from browser import serve

    with serve(site) as base:
        view = browser.new_page(viewport={"width": 300, "height": 740})  # narrower than a phone: every name wraps
        view.goto(base + "indicators/ws5-1/")
        seen = view.evaluate(TABLE_ON_A_PHONE)
        assert seen["scrolled"] > 0, "the table fits: the test shows nothing"
        assert not seen["broken"], seen
        assert 0 <= seen["left"] and seen["right"] <= 300, seen
        assert "Swipe the table sideways for more columns" in seen["hint"]  # columns past the edge went unseen
        assert seen["hidden"] == [] and seen["onTop"], seen
        # Zoomed to 200% on a phone (180 px), stuck names would leave 12 to 48 px to swipe in: they scroll away.
        zoomed = browser.new_page(viewport={"width": 180, "height": 370}, device_scale_factor=2)
        zoomed.goto(base + "indicators/ws5-1/")
        assert zoomed.evaluate(TABLE_ON_A_PHONE)["hidden"], "the names stay stuck where there is no room for them"
        wide = browser.new_page(viewport={"width": 1600, "height": 900})
        wide.goto(base + "indicators/ws5-1/")
        says = wide.evaluate("[...document.querySelectorAll('.lk-table-wrap')].map(w => "
                             "[w.scrollWidth > w.clientWidth, getComputedStyle(w, '::before').content !== 'none'])")
        assert all(overflows == hint for overflows, hint in says), says  # exactly the tables that overflow say so
        assert [False, False] in says, "every table overflows: the test shows nothing"


# --- What the ratings mean ---------------------------------------------------------------------------
def test_each_rating_shown_is_defined_on_about_the_data_and_every_page_that_rates_links_there(site):
    about = page(site, "about-the-data/")
    section = about[about.index('id="ratings"'):]
    defined = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section[:section.index("</dl>")], re.S))
    # "Close" says the rule the pages rate by: Mangaung's 32.0% non-revenue water in 2021, 2 points short of
    # the 30% target (a tenth of it is 3), is close.
    assert "at most 10% of it" in defined["≈ close to the target"]
    assert 'data-r="close">≈\u00a0close to the target' in page(site, "municipalities/man/")
    shown: dict[str, set[str]] = {}
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        ratings = set(re.findall(r'<span class="lk-rating" data-r="(\w+)">([^<]*)</span>', html))
        for kind, words in ratings:
            shown.setdefault(kind, set()).add(words)
        if ratings:
            assert "about-the-data/#ratings" in html, path.relative_to(site)
    assert {"meets", "close"} <= shown.keys()
    for kind, all_words in shown.items():
        for words in all_words:
            against_national = kind in ("better", "worse")
            assert (any("above or" in term and "the national figure" in term for term in defined) if against_national
                    else words.replace("\u00a0", " ") in defined), (kind, words)


def test_the_indicator_list_gives_each_count_its_year_and_provenance_in_the_column_a_phone_shows(site):
    """At 360 px the list shows the name and "6 of 60 meet the target"; its year and whether the values are
    official were columns further right, reached only by a swipe."""
    rows = re.findall(r'<tr data-i="([^"]+)"><th scope="row">.*?</th>\s*<td class="lk-prose">(.*?)</td>\s*<td>(.*?)</td>',
                      page(site, "indicators/"), re.S)
    assert len([cell for _, cell, _ in rows if cell != "–"]) >= 1
    for indicator, cell, point in rows:
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell))
        if words == "–":  # nothing to count against
            assert point == "none set", indicator
            continue
        assert re.fullmatch(r"\d+ of \d+ (meets?|better than)[^,]* in 20\d\d, (illustrative|official)", words), (indicator, words)


def test_no_page_or_chart_calls_a_median_national(sample_site):
    """Piped water's page showed "National median 75.7%" beside "National figure 77.0%": a councillor could quote
    the median as the country's figure. The median of all municipalities is the "median municipality" (as the
    indicator pages explain it: the middle municipality), so the national figure is the one national number."""
    files = [*sample_site.rglob("*.html"), *(sample_site / "charts").rglob("*.svg")]
    assert len(files) > 500
    said = [f.relative_to(sample_site).as_posix() for f in files
            if "national median" in f.read_text(encoding="utf-8").lower()]
    assert said == []
    water = (sample_site / "indicators" / "piped-water-scheme" / "index.html").read_text(encoding="utf-8")
    assert "Median municipality <" in water or "Median municipality <span" in water
    # Nor a column of medians headed "National", under a chart that says "National figure 58.0% in 2016" of
    # election turnout, above 58.6% for the same year.
    headings = {heading for f in files if f.suffix == ".html"
                for heading in re.findall(r'<th [^>]*data-f="nm"[^>]*>([^<]*)</th>', f.read_text(encoding="utf-8"))}
    assert headings == {"Median municipality"}
