"""The benchmark's report: what BENCHMARKS.md says about growth, and what a new run keeps of it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402


def test_the_fitted_exponent_recovers_a_power_law():
    sizes = [500, 1000, 2000, 4000]
    assert run.fitted_exponent(sizes, [3.0 * s for s in sizes]) == pytest.approx(1.0)
    assert run.fitted_exponent(sizes, [0.01 * s * s for s in sizes]) == pytest.approx(2.0)


def _rows(memory_per_document: float) -> list[dict]:
    # What the growth check sees: documents double; ~700 pages (municipalities, indicators) stay.
    return [{"scale": scale, "case_studies": 2000 * scale, "documents": 2100 * scale, "pages": 2100 * scale + 700,
             "seconds": 20 + 0.04 * 2100 * scale, "cpu_seconds": 25 + 0.05 * 2100 * scale,
             "peak_rss": memory_per_document * 2100 * scale, "site_bytes": 40e6 + 60e3 * 2100 * scale,
             "site_files": 1000 + 3 * 2100 * scale} for scale in (0.25, 0.5, 1.0, 2.0)]


def test_a_cost_linear_in_the_library_meets_the_growth_budget_though_it_is_steeper_against_pages():
    report = run.growth_report(_rows(memory_per_document=700e3), "today")
    budgeted = report[report.index("cost against the library's size"):report.index("cost against pages")]
    assert "| peak memory | 1.00 | ≤ 1.1 | **met** |" in budgeted
    compared = report[report.index("cost against pages"):]
    memory_against_pages = float(compared.split("| peak memory | ")[1].split(" |")[0])
    assert memory_against_pages > 1.1  # why pages are not the measure: 700 of them never grow


def test_a_new_run_keeps_the_hand_written_section_on_budgets_not_met(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "REPO", tmp_path)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "bench" / "results")
    (tmp_path / "BENCHMARKS.md").write_text(
        run.INTRO + "\n## Latest run\n\nold table\n\n## Budgets not met\n\nWhy the cold build is slow.\n",
        encoding="utf-8")
    run.write_results("new table", "2026-11-28 17:00")
    text = (tmp_path / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert "new table" in text and "old table" not in text
    assert "## Budgets not met\n\nWhy the cold build is slow." in text
    assert (tmp_path / "bench" / "results" / "2026-11-28T1700.md").read_text(encoding="utf-8") == "new table\n"
