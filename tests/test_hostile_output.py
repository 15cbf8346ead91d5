"""What hostile values become on the site and in its files, and how a build survives being cut short."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from conftest import REGISTRY, REPO
from test_benchmark_pages import data_table
from generator.cli.build import build_site
from generator.reading import validate_practices
from generator.reading.check_context import CheckContext
from generator.reading.findings import Finding
from generator.reading.sanitize import url_attribute

BOOM = "<img src=x onerror=alert(1)>"
QUOTED_NAME = 'a"autofocus="" onfocus="alert(1)"b.md'


class _Attributes(HTMLParser):
    """Every attribute name of a page, as a browser's tokenizer splits them."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _ in attrs)


def attribute_names(text: str) -> set[str]:
    parser = _Attributes()
    parser.feed(text)
    return parser.names


@pytest.fixture(scope="module")
def unescaped_fields_site(tmp_path_factory):
    """Registry text, an indicator's unit and a download's name carrying markup, built as if
    `check` (which refuses all three) had been skipped: only the templates stand in the way."""
    from conftest import library as make_library

    root = tmp_path_factory.mktemp("fields")
    library = make_library.__wrapped__(root)
    registry = REGISTRY.read_text(encoding="utf-8").replace(
        "MAN,Mangaung,A,A,FS,Free State,", f"MAN,Mangaung {BOOM},A,A,FS,Free State {BOOM},", 1)
    assert BOOM in registry
    library.write("benchmarks/municipalities.csv", registry)
    library.edit("benchmarks/water.yaml", 'unit: "%"', f'unit: "{BOOM}"')
    library.write(f"toolkits/files/{QUOTED_NAME}", "# Template\n")
    library.edit("toolkits/benchmarking.md", "    path: files/template.csv",
                 "    path: files/template.csv\n  - title: Quoted\n    path: 'files/a\"autofocus=\"\" onfocus=\"alert(1)\"b.md'")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CheckContext, "plain_values", lambda self, file, data, lines: None)
        patch.setattr(CheckContext, "schema_findings", lambda self, *args, **kwargs: None)
        patch.setattr(validate_practices, "file_name_problem", lambda path: "")
        yield build_site(library.config_file, root / "site").site_dir


def test_registry_unit_and_download_names_reach_no_page_as_markup(unescaped_fields_site):
    pages = list(unescaped_fields_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert BOOM not in text, page
        names = attribute_names(text)
        assert not any(name.startswith("on") for name in names) and "autofocus" not in names, page
    municipality = (unescaped_fields_site / "municipalities" / "man" / "index.html").read_text(encoding="utf-8")
    assert "Free State &lt;img src=x onerror=alert(1)&gt;" in municipality


def test_the_url_attribute_function_quotes_and_refuses(tmp_path):
    assert url_attribute('https://example.org/a?b="c"') == ' href="https://example.org/a?b=&#34;c&#34;"'
    assert url_attribute("javascript:alert(1)") == "" and url_attribute(" java\tscript:alert(1)") == ""
    assert url_attribute("data:text/html,x") == "" and url_attribute("\\\\evil.example/x") == ""
    assert url_attribute("mailto:a@example.org") == ' href="mailto:a@example.org"'
    assert url_attribute("../files/x.csv", "src") == ' src="../files/x.csv"'


# ----- data downloads ------------------------------------------------------------------------
def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would run the cell: text starting with = + - @ tab or CR (a number is a number)."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_formulas_in_data_downloads_are_neutralised_and_json_keeps_the_raw_text(library, tmp_path):
    formula = '=HYPERLINK("https://evil.example/","x")'
    library.edit("benchmarks/water.yaml", "name: Percentage of non-revenue water", f"name: '{formula}'")
    library.edit("benchmarks/municipalities.csv", "ETH,eThekwini,", 'ETH,"+SUM(1,2)",')
    site = build_site(library.config_file, tmp_path / "site").site_dir
    data = site / "data"

    def table(path: str) -> list[dict[str, str]]:
        return data_table(data, path)

    assert {row["name"] for row in table("indicators.csv")} >= {"'" + formula}
    assert {row["indicator_name"] for row in table("municipalities/man.csv")} >= {"'" + formula}
    values = table("benchmarks.csv.zip")
    assert {row["municipality_name"] for row in values if row["municipality_code"] == "ETH"} == {"'+SUM(1,2)"}
    assert any(row["value"] == "38.0" for row in values)  # numbers stay numbers
    assert any(row["gap"].startswith("-") for row in values)  # a negative gap is a number, not a formula
    for path in data.rglob("*.csv*"):  # the zipped file of every value too
        for row in table(str(path.relative_to(data))):
            assert not any(map(runs_as_formula, row.values())), (path.name, row)
    assert json.loads((data / "municipalities" / "eth.json").read_text(encoding="utf-8"))["name"] == "+SUM(1,2)"


def test_full_width_and_bom_prefixed_formulas_are_neutralised_as_the_ascii_ones():
    from generator.site.downloads import safe_cell

    for formula in ("\uff1dHYPERLINK(1)", "\uff0bSUM(1;2)", "\uff0d1+1", "\uff20SUM(1)", "\ufeff=SUM(1;2)",
                    "\u200b+SUM(1;2)"):
        assert safe_cell(formula) == "'" + formula, formula
    assert safe_cell("Water") == "Water" and safe_cell(-3.5) == -3.5


def test_formulas_in_the_research_download_are_neutralised(library, tmp_path):
    library.write("research/losses.md", """\
---
title: "@SUM(1+1)*cmd|' /C calc'!A0"
authors: ["-Mbatha, T."]
institution: Human Sciences Research Council
partnership: HSRC and SALGA research partnership
year: 2025
kind: report
abstract: Water losses in metros.
url: https://www.example.org/losses.pdf
municipalities: [ETH]
service_areas: [water]
indicators: [WS5.1]
---
""")
    site = build_site(library.config_file, tmp_path / "site").site_dir
    [row] = csv.DictReader(io.StringIO((site / "data" / "research.csv").read_text(encoding="utf-8")))
    assert (row["title"], row["authors"], row["year"]) == ("'@SUM(1+1)*cmd|' /C calc'!A0", "'-Mbatha, T.", "2025")


def test_feed_and_sitemap_are_valid_xml_with_awkward_titles(library, tmp_path):
    library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                 "title: 'Water & <sanitation> \"quoted\" ]]> in Mangaung'")
    site = build_site(library.config_file, tmp_path / "site", site_url="https://kb.example.org/").site_dir
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    titles = [element.text or "" for element in feed.iter() if element.tag.rsplit("}", 1)[-1] == "title"]
    assert any("Water & <sanitation>" in title for title in titles), titles
    ET.fromstring((site / "sitemap.xml").read_bytes())


# ----- validation gaps --------------------------------------------------------------------------
def test_github_annotations_cannot_be_forged_by_a_message():
    finding = Finding.error("content/x.md", 3, "title", "bad\r\n::error file=evil.md,line=1::forged 100%")
    line = finding.as_github()
    assert "\r" not in line and "\n" not in line  # one line: GitHub reads commands at the start of a line
    assert line.startswith("::error file=content/x.md,line=3::") and "%0D%0A" in line and "100%25" in line


def test_new_refuses_a_slug_with_a_trailing_newline(library):
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "new", "toolkit", "--title",
                             "Running a ward committee", "--summary", "How to run a ward committee well, step by step.",
                             "--service-area", "water", "--audience", "officials", "--slug", "x\n"],
                            cwd=library.root, text=True, capture_output=True, input="",
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not (library.content / "toolkits" / "x\n.md").exists()


# ----- an interrupted build -------------------------------------------------------------------
def test_the_next_build_restores_a_site_left_by_an_interrupted_swap(library, tmp_path):
    site = build_site(library.config_file, tmp_path / "site").site_dir
    retired = tmp_path / ".site-old-abc123"
    retired.mkdir()
    site.rename(retired / "site")  # killed between the two renames: no site/
    (tmp_path / ".site-building-xyz").mkdir()  # and a build killed outright
    library.write("case-studies/broken.md", "no front matter\n")
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "build", "-d", str(site)],
                            cwd=library.root, text=True, capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1  # the build fails, but the last good site is back in place
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []


def test_an_interrupt_that_lands_in_a_callback_still_interrupts_without_a_traceback():
    # What a CI run once showed: SIGTERM arrived while Python dropped an import lock, inside a
    # callback that cannot raise, and "Exception ignored ... Traceback" went to the log.
    code = textwrap.dedent("""
        import signal, time, weakref
        from generator.cli.build import terminate_as_interrupt

        class Thing:
            pass

        def in_callback(_):
            signal.raise_signal(signal.SIGTERM)
            for _ in range(10_000):  # the handler runs here, inside the callback
                pass

        try:
            with terminate_as_interrupt():
                thing = Thing()
                ref = weakref.ref(thing, in_callback)
                del thing
                time.sleep(5)  # the interrupt comes back within this
            print("not interrupted")
        except KeyboardInterrupt:
            print("interrupted")
    """)
    result = subprocess.run([sys.executable, "-c", code], text=True, capture_output=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.stdout.strip() == "interrupted", (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr


def test_sigterm_cleans_up_like_ctrl_c(library, tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "generator.cli.commands", "build", "-d", str(tmp_path / "site")],
                               cwd=library.root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    while not list(tmp_path.glob(".site-building-*")) and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    if "Built" not in stderr:  # the signal came in time to interrupt the build
        assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
        assert not (tmp_path / "site").exists()
    assert list(tmp_path.glob(".site-*")) == []
