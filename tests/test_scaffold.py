"""`lekgotla new`: a contributor who has never written YAML ends up with a valid file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def lekgotla(*args: str, cwd: Path, answers: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", *args], cwd=cwd, input=answers or "",
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def assert_check_accepts(library, path: Path) -> None:
    result = lekgotla("check", str(path.relative_to(library.root)), cwd=library.root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_case_study_from_options_is_valid_and_has_the_sections(library):
    result = lekgotla("new", "case-study", "--title", "Leak teams on motorbikes", "--municipality", "eThekwini",
                      "--service-area", "water", "--year", "2018", "--indicator", "WS5.1",
                      "--summary", "Leak repair teams on motorbikes reach bursts in under an hour.",
                      "--contact-name", "Sipho Ndlovu", "--contact-role", "Manager", "--contact-email",
                      "sipho@example.org", "--contact-consent", "2024-05-01", cwd=library.root)
    assert result.returncode == 0, result.stderr
    path = library.content / "case-studies" / "ethekwini-leak-teams-on-motorbikes.md"
    data = front_matter(path)
    assert data["municipality"] == "ETH" and data["year"] == 2018 and data["indicators"] == ["WS5.1"]
    assert data["review"] == {"status": "submitted", "date": dt.date.today().isoformat()}  # the feed's date
    assert data["contacts"] == [{"name": "Sipho Ndlovu", "role": "Manager", "email": "sipho@example.org",
                                 "consent": {"agreed": True, "date": "2024-05-01"}}]
    text = path.read_text(encoding="utf-8")
    for heading in ("Context", "What was done", "Results", "Lessons learned", "How to replicate"):
        assert f"\n## {heading}\n" in text
    assert_check_accepts(library, path)


def test_new_case_study_by_answering_questions_rejects_bad_answers_as_typed(library):
    answers = "\n".join([
        "Ward leak teams",            # title
        "Durban",                      # not a municipality name: asked again
        "Mangaung",                    # a name is turned into its code
        "watr",                        # misspelt service area: asked again
        "water",
        "2999",                        # a future year: asked again
        "2017",
        "Too short",                   # summary under 20 characters: asked again
        "Mangaung trained ward-based leak teams and cut repair times by half.",
        "WS9",                         # not an indicator of water
        "ws5.1",
        "Lerato Mokoena", "Water engineer",
        "lerato@",                     # not an email address
        "lerato@example.org",
        "",                            # no consent date: asked again
        "2024-05-01",
        "",                            # file name: the suggested one
    ]) + "\n"
    result = lekgotla("new", "case-study", cwd=library.root, answers=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unknown municipality 'Durban'" in result.stdout
    assert "did you mean 'water'?" in result.stdout
    assert "year: 2999 is not a year from 1994" in result.stdout
    assert "summary: is too short: at least 20 characters" in result.stdout
    assert "'WS9' is not an indicator of water" in result.stdout
    assert "email: 'lerato@' is not an email address alone" in result.stdout
    path = library.content / "case-studies" / "mangaung-ward-leak-teams.md"
    data = front_matter(path)
    assert (data["municipality"], data["service_area"], data["year"]) == ("MAN", "water", 2017)
    assert data["indicators"] == ["WS5.1"] and data["contacts"][0]["email"] == "lerato@example.org"
    assert_check_accepts(library, path)


def test_a_joint_practice_names_several_municipalities(library):
    result = lekgotla("new", "case-study", "--title", "Shared laboratory", "--municipality", "DC43, KZN436",
                      "--service-area", "water", "--year", "2015", "--slug", "harry-gwala-shared-lab",
                      "--summary", "Two municipalities share one water-quality laboratory.", cwd=library.root)
    assert result.returncode == 0, result.stderr
    path = library.content / "case-studies" / "harry-gwala-shared-lab.md"
    assert front_matter(path)["municipality"] == ["DC43", "KZN436"]
    assert_check_accepts(library, path)


def test_an_ambiguous_name_lists_the_candidates(library):
    result = lekgotla("new", "case-study", "--title", "Something", "--municipality", "Cape",
                      "--service-area", "water", "--year", "2015",
                      "--summary", "A practice somewhere with a cape in its name.", cwd=library.root)
    assert result.returncode == 1
    assert "matches several municipalities" in result.stderr and "CPT (City of Cape Town)" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_never_overwrites_an_existing_file(library):
    path = library.content / "case-studies" / "mangaung-nrw.md"
    before = path.read_bytes()
    result = lekgotla("new", "case-study", "--title", "Another", "--municipality", "MAN", "--service-area",
                      "water", "--year", "2015", "--slug", "mangaung-nrw",
                      "--summary", "A different practice with the same file name.", cwd=library.root)
    assert result.returncode == 1 and "already exists and is left as it is" in result.stderr
    assert path.read_bytes() == before


def test_new_toolkit_from_options_and_from_answers(library):
    result = lekgotla("new", "toolkit", "--title", "Ward committee handbook", "--service-area", "water",
                      "--audience", "ward councillors", "--summary", "How to run a ward committee that meets.",
                      cwd=library.root)
    assert result.returncode == 0, result.stderr
    path = library.content / "toolkits" / "ward-committee-handbook.md"
    assert front_matter(path)["service_areas"] == ["water"]
    assert_check_accepts(library, path)

    answers = "Peer review kit\nA kit for running a peer review between two municipalities.\nwater, housng\nall\n\n\n"
    result = lekgotla("new", "toolkit", cwd=library.root, answers=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unknown service area 'housng'" in result.stdout
    path = library.content / "toolkits" / "peer-review-kit.md"
    assert front_matter(path)["service_areas"] == ["all"]
    assert_check_accepts(library, path)


# ----- the web-editor path of CONTRIBUTING.md ------------------------------------------------
def contributing_block(marker: str) -> str:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    after = text.split(marker, 1)[1]
    return after.split("```markdown\n", 1)[1].split("\n```\n", 1)[0] + "\n"


def test_the_template_contributors_paste_in_the_web_editor_is_valid(tmp_path):
    import shutil
    shutil.copytree(REPO / "content", tmp_path / "content")
    path = tmp_path / "content" / "case-studies" / "my-new-practice.md"
    path.write_text(contributing_block("<!-- template: case-study -->"), encoding="utf-8")
    result = lekgotla("check", "content/case-studies/my-new-practice.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_full_example_of_the_content_contract_is_valid(tmp_path):
    import shutil
    shutil.copytree(REPO / "content", tmp_path / "content")
    path = tmp_path / "content" / "case-studies" / "contract-example.md"
    path.write_text(contributing_block("## Case study").replace("...", "Text."), encoding="utf-8")
    result = lekgotla("check", "content/case-studies/contract-example.md", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
