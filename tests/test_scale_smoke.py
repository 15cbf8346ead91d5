"""A generated library of a hundred case studies builds end to end, with every page a reader can reach.

This is the benchmark library of bench/make_library.py at 5% of national size:
it checks that the generator's output is valid content and that a build of a
library far larger than the sample one publishes every page. No timings.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli.build import build_site
from generator.cli.commands import main

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.make_library import write_library  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    counts = write_library(root, seed=7, scale=0.05)
    assert counts["case_studies"] == 100
    return root


@pytest.fixture(scope="module")
def built(generated: Path) -> Path:
    return build_site(generated / "mkdocs.yml", generated / "site").site_dir


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def test_the_generated_library_passes_check(generated, monkeypatch):
    monkeypatch.chdir(generated)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output


def test_every_item_municipality_and_section_has_its_page(generated, built):
    content = generated / "content"
    case_studies = [front_matter(p) | {"slug": p.stem} for p in (content / "case-studies").glob("*.md")]
    with open(content / "benchmarks" / "municipalities.csv", encoding="utf-8") as handle:
        municipalities = list(csv.DictReader(handle))
    networks = yaml.safe_load((content / "networks.yaml").read_text(encoding="utf-8"))

    expected = ["", "about-the-data", "case-studies", "toolkits", "service-areas", "municipalities",
                "networks", "browse"]
    expected += [f"case-studies/{c['slug']}" for c in case_studies]
    expected += [f"toolkits/{p.stem}" for p in (content / "toolkits").glob("*.md")]
    expected += [f"service-areas/{p.stem}" for p in (content / "benchmarks").glob("*.yaml")]
    expected += [f"municipalities/{m['code'].lower()}" for m in municipalities]
    expected += [f"networks/{n['id']}" for n in networks]
    expected += [f"browse/tags/{tag}" for c in case_studies for tag in c.get("tags", [])]
    expected += [f"browse/years/{c['year']}" for c in case_studies]
    expected += [f"browse/provinces/{m['province'].lower()}" for m in municipalities
                 if any(m["code"] in _codes(c) for c in case_studies)]

    missing = sorted({url for url in expected if not (built / url / "index.html").is_file()})
    assert not missing, f"{len(missing)} pages missing, e.g. {missing[:5]}"
    assert len(set(expected)) > 100 + 257


def test_a_case_study_page_shows_its_own_content(generated, built):
    path = sorted((generated / "content" / "case-studies").glob("*.md"))[0]
    data = front_matter(path)
    html = (built / "case-studies" / path.stem / "index.html").read_text(encoding="utf-8")
    assert data["summary"].split()[0] in html
    assert "Lessons learned" in html


def test_the_downloads_of_every_toolkit_are_published(generated, built):
    for path in (generated / "content" / "toolkits").glob("*.md"):
        for download in front_matter(path).get("files", []):
            assert (built / "toolkits" / download["path"]).is_file(), download["path"]


def _codes(case_study: dict) -> list[str]:
    value = case_study["municipality"]
    return value if isinstance(value, list) else [value]
