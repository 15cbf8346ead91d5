"""Each kind of bad input gets a precise finding: file, line, field, message, hint."""

from __future__ import annotations

from generator.reading.findings import Severity
from generator.model.catalogue import Catalogue
from generator.model.library import load_library

CS = "case-studies/pressure-management.md"


def findings(library):
    lib, report = load_library(library.content)
    return report


def only_error(library):
    report = findings(library)
    assert len(report.errors) == 1, report.as_text()
    return report.errors[0]


def test_the_fixture_library_is_valid(library):
    report = findings(library)
    assert report.ok and not report.findings, report.as_text()


def test_the_shipped_sample_library_is_valid():
    from conftest import REPO
    lib, report = load_library(REPO / "content")
    # Until the illustrative water values are regenerated for water services authorities only
    # (issue 12), the check rightly warns about those of non-authorities; nothing else is allowed.
    others = [f for f in report.findings if "is not a water services authority" not in f.message]
    assert report.ok and not others, report.as_text()
    assert len(lib.case_studies) >= 15 and len(lib.toolkits) >= 4


def test_yaml_that_does_not_parse_reports_its_line(library):
    library.edit(CS, "year: 2016", "year: [2016")
    error = only_error(library)
    assert error.path == f"content/{CS}" and error.line == 6
    assert "YAML does not parse" in error.message


def test_unquoted_colon_gets_a_quoting_hint(library):
    library.edit(CS, "title: Cutting water losses", "title: Water: cutting losses")
    error = only_error(library)
    assert error.line == 2 and "quotes" in error.hint


def test_missing_front_matter(library):
    library.write(CS, "Just text, no fields.\n")
    error = only_error(library)
    assert "no front matter" in error.message and error.line == 1


def test_front_matter_that_is_not_a_mapping(library):
    library.write(CS, "---\n- a\n- b\n---\nBody\n")
    assert "not a set of 'field: value' lines" in only_error(library).message


def test_file_that_is_not_utf8_names_the_line(library):
    library.write(CS, "---\ntitle: Caf\xe9\n".encode("latin-1") + b"---\nbody\n")
    error = only_error(library)
    assert "not UTF-8" in error.message and error.line == 2


def test_bom_and_crlf_are_accepted(library):
    path = library.content / CS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert findings(library).ok


def test_empty_body(library):
    text = (library.content / CS).read_text()
    library.write(CS, text.split("\n---\n")[0] + "\n---\n\n   \n")
    error = only_error(library)
    assert "no text after the front matter" in error.message


def test_missing_required_field_names_the_field(library):
    library.edit(CS, "service_area: water\n", "")
    error = only_error(library)
    assert error.field == "service_area" and error.message == "missing required field"


def test_wrong_type_says_what_was_expected(library):
    library.edit(CS, "tags: [pressure-management]", "tags: pressure-management")
    error = only_error(library)
    assert error.field == "tags" and "expected a list" in error.message and error.line == 7


def test_unknown_field_is_a_warning_with_did_you_mean(library):
    library.edit(CS, "summary:", "sumary:")
    report = findings(library)
    warning = next(f for f in report.findings if f.severity is Severity.WARNING)
    assert warning.field == "sumary" and "summary" in warning.hint and warning.line == 6
    assert any(f.field == "summary" and "sumary" in f.hint for f in report.errors)


def test_a_case_study_without_a_date_is_left_out_of_the_feed_and_check_says_so(library):
    """The feed gave a case study without a review date 1 January of the year its practice started, a
    date nobody wrote: it is now left out, and the check says why and what to add."""
    library.edit("case-studies/mangaung-nrw.md", "review: {status: submitted, date: 2023-06-01}\n", "")
    lib, report = load_library(library.content)
    [warning] = report.findings
    assert (warning.severity, warning.path, warning.field) == (Severity.WARNING, "content/case-studies/mangaung-nrw.md",
                                                                 "review.date")
    assert "feed" in warning.message and "date: 2025-03-05" in warning.hint
    assert [case.slug for _, case in Catalogue(lib).feed_entries] == ["pressure-management"]


def test_unknown_municipality_code_suggests_a_close_one(library):
    library.edit(CS, "municipality: ETH", "municipality: ETK")
    error = only_error(library)
    assert error.field == "municipality" and error.line == 3 and "ETH" in error.hint


def test_municipality_name_instead_of_code_suggests_the_code(library):
    library.edit(CS, "municipality: ETH", "municipality: eThekwini")
    error = only_error(library)
    assert "'ETH'" in error.hint and "name" in error.hint


def test_unknown_service_area_indicator_network_and_related(library):
    library.edit(CS, "service_area: water", "service_area: watr")
    library.edit(CS, "indicators: [WS5.1]", "indicators: [WS51]")
    library.edit(CS, "networks: [water-services-learning-network]", "networks: [water-services-network]")
    library.edit(CS, "related: [mangaung-nrw]", "related: [mangaung-nwr]")
    report = findings(library)
    by_field = {f.field: f for f in report.errors}
    assert "'water'" in by_field["service_area"].hint
    assert "WS5.1" in by_field["indicators[0]"].hint
    assert "water-services-learning-network" in by_field["networks[0]"].hint
    assert "mangaung-nrw" in by_field["related[0]"].hint
    assert [f.line for f in report.errors] == sorted(f.line for f in report.errors)


def test_year_out_of_range(library):
    library.edit(CS, "year: 2016", "year: 1990")
    assert only_error(library).field == "year"
    library.edit(CS, "year: 1990", "year: 2999")
    error = only_error(library)
    assert "future" in error.message and error.line == 5


def test_malformed_email_and_url(library):
    library.edit(CS, "sipho@example.org", "sipho-at-example")
    library.edit(CS, "https://www.example.org/wsdp.pdf", "www.example.org/wsdp.pdf")
    report = findings(library)
    fields = {f.field: f for f in report.errors}
    assert "email" in fields["contacts[0].email"].message and fields["contacts[0].email"].line == 21
    assert "https://" in fields["sources[0].url"].message


def test_summary_over_the_limit(library):
    library.edit(CS, "summary: eThekwini", "summary: " + "x" * 400 + " eThekwini")
    error = only_error(library)
    assert error.field == "summary" and "limit is 400" in error.message


def test_file_name_that_is_not_a_slug(library):
    (library.content / CS).rename(library.content / "case-studies" / "Pressure Management.md")
    library.edit("case-studies/mangaung-nrw.md", "title:", "title:")  # unchanged, still valid
    report = findings(library)
    error = next(f for f in report.errors if "not a valid slug" in f.message)
    assert "pressure-management.md" in error.hint


def test_every_problem_is_reported_in_one_run(library):
    library.edit(CS, "year: 2016", "year: 2999")
    library.edit("case-studies/mangaung-nrw.md", "municipality: MAN", "municipality: MANG")
    library.write("benchmarks/water.csv", "municipality,indicator,year,value\nETH,WS5.1,2019,abc\n")
    assert len(findings(library).errors) == 3


def test_csv_value_that_is_not_a_number_gets_decimal_comma_hint(library):
    library.write("benchmarks/water.csv", 'municipality,indicator,year,value\nETH,WS5.1,2019,"12,5"\n')
    error = only_error(library)
    assert error.line == 2 and error.field == "value" and "12.5" in error.hint


def test_csv_unquoted_decimal_comma(library):
    library.write("benchmarks/water.csv", "municipality,indicator,year,value\nETH,WS5.1,2019,12,5\n")
    error = only_error(library)
    assert error.line == 2 and "12.5" in error.hint


def test_csv_unknown_municipality_and_indicator(library):
    library.write("benchmarks/water.csv", "municipality,indicator,year,value\nXYZ9,WS5.1,2019,1\nETH,WS9.9,2019,1\n")
    report = findings(library)
    assert [(f.line, f.field) for f in report.errors] == [(2, "municipality"), (3, "indicator")]


def test_csv_duplicate_rows_name_both_lines(library):
    library.write("benchmarks/water.csv", "municipality,indicator,year,value\nETH,WS5.1,2019,1\nETH,WS5.1,2019,2\n")
    error = only_error(library)
    assert error.line == 3 and "water.csv:2" in error.message


def test_csv_wrong_header(library):
    library.write("benchmarks/water.csv", "muni,indicator,year,value\nETH,WS5.1,2019,1\n")
    error = only_error(library)
    assert error.line == 1 and "municipality,indicator,year,value" in error.hint


def test_indicator_yaml_better_and_duplicate_ids(library):
    library.edit("benchmarks/water.yaml", "better: higher", "better: more")
    library.edit("benchmarks/water.yaml", "id: WS2.1", "id: WS5.1")
    report = findings(library)
    messages = {f.field: f for f in report.errors}
    assert "higher, lower" in messages["indicators[1].better"].message
    assert "defined twice" in messages["indicators[1].id"].message
    assert messages["indicators[1].id"].line == 13


def test_yaml_aliases_are_refused_quickly(library):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    library.write("networks.yaml", bomb)
    error = only_error(library)
    assert "aliases" in error.message


def test_toolkit_download_outside_files_folder(library):
    library.edit("toolkits/benchmarking.md", "path: files/template.csv", "path: files/../../networks.yaml")
    error = only_error(library)
    assert "outside" in error.message and error.field == "files[0].path"


def test_a_toolkit_may_not_share_its_slug_with_a_case_study(library):
    from conftest import TOOLKIT

    library.write("toolkits/mangaung-nrw.md", TOOLKIT)  # the second case study's file name
    error = only_error(library)
    assert (error.path, error.line) == ("content/toolkits/mangaung-nrw.md", 1)
    assert "content/case-studies/mangaung-nrw.md" in error.message and "rename" in error.hint
