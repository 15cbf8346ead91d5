"""The ``lekgotla`` command: check the content and build the site."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.init_library import init
from generator.cli.serve import serve
from generator.reading import content_types

# Commands import what they need when they run: `lekgotla build` stays small (see build.py).
if TYPE_CHECKING:
    from generator.mkdocs_plugin.config import Settings
    from generator.reading.findings import Report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lekgotla", prog_name="lekgotla", message="%(prog)s %(version)s")
def main() -> None:
    """Lekgotla: a knowledge base of municipal best practice, built from content/."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--content", "content_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="The content folder (default: the one mkdocs.yml names, content/).")
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for programs, github for Actions annotations.")
def check(paths: tuple[Path, ...], content_dir: Path, output: str) -> None:
    """Validate the content: all of it, or only the files named.

    Cross-references are always checked against the whole library.

    \b
    Example:
      lekgotla check
      lekgotla check content/case-studies/my-practice.md
    """
    from generator.cli.build import recover_interrupted
    from generator.site.reserved import load_checked

    settings = _settings(content_dir)
    content_dir = settings.content_dir
    for done in recover_interrupted(settings.root / "site"):
        click.echo(f"  {done}", err=True)
    library, report = load_checked(content_dir, settings.extensions)
    if library is not None:
        from generator.text.duplicates import probable_duplicates

        report.extend(probable_duplicates(library, settings.cache_dir))
    if paths:
        report = _only(report, content_dir, paths)
    if output == "json":
        click.echo(report.as_json())
    elif output == "github":
        for finding in report.sorted():
            click.echo(finding.as_github())
    else:
        if report.findings:
            click.echo(report.as_text())
        click.echo(("✓ " if report.ok else "✗ ") + report.summary(), err=True)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-d", "--site-dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the site (default: site_dir of mkdocs.yml, site/).")
@click.option("--offline", is_flag=True,
              help="Also write site-offline.zip: the site for reading from disk, with no server.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors: for scripts.")
def build(config_file: Path, site_dir: Path | None, offline: bool, quiet: bool) -> None:
    """Build the site atomically: the old site stays until the new one is complete.

    On a terminal each step shows its progress; elsewhere (CI, a log) a line per step with its time.

    \b
    Example:
      lekgotla build
      lekgotla build --offline
    """
    from generator.cli.build import BuildFailure, build_offline_zip, build_site
    from generator.cli.display import display_for

    with display_for(quiet) as display:
        display.say(f"Building {site_dir or 'site'}/ from {config_file} …")
        try:
            result = build_site(config_file, site_dir)
        except BuildFailure as exc:
            display.fail(f"✗ Build failed; the previous site was left as it was.\n{exc}")
            sys.exit(1)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM from a cancelled CI job
            display.fail("✗ Build interrupted; the previous site was left as it was.")
            sys.exit(130)
        details = ""
        if "pages_from_cache" in result.stats:
            details += f" ({result.stats['pages_rendered']} rendered, {result.stats['pages_from_cache']} from the cache)"
        if "charts_rendered" in result.stats:
            details += f", {result.stats['charts_rendered']} charts rendered ({result.stats['charts_cached']} cached)"
        display.say_last(f"✓ Built {result.pages} pages in {result.seconds:.1f} s{details} → {_shown(result.site_dir)}/")
        if offline:
            zip_path = result.site_dir.parent / "site-offline.zip"
            try:
                build_offline_zip(config_file, zip_path)
            except BuildFailure as exc:
                display.fail(f"✗ The offline copy failed; the previous zip was left as it was.\n{exc}")
                sys.exit(1)
            size = zip_path.stat().st_size / 1e6
            display.say_last(f"✓ Wrote {_shown(zip_path)} ({size:.1f} MB): unzip it and open index.html")


main.add_command(init)  # generator/cli/init_library.py
main.add_command(serve)  # generator/cli/serve.py


@main.command("import")
@click.argument("spreadsheet", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", help="The workbook's sheet to read (default: the first).")
@click.option("--source", default="", help="The source of rows that do not name one.")
@click.option("--replace", is_flag=True, help="Change values that differ from the library's (listed).")
@click.option("--dry-run", is_flag=True, help="Check and report, but write nothing.")
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
def import_(spreadsheet: Path, sheet: str | None, source: str, replace: bool, dry_run: bool,
            content_dir: Path) -> None:
    """Add indicator values from a CSV file or an Excel workbook (.xlsx).

    One row per municipality, indicator and year, with the columns municipality,
    indicator, year and value, or numerator and denominator instead of a
    percentage value; source, boundaries and note are optional. Every row is
    checked as `lekgotla check` would; if any is wrong, nothing is written.
    A value the library already has is left alone; one that differs is refused
    unless --replace is given. Running it twice does nothing the second time.

    \b
    Example:
      lekgotla import content/toolkits/files/benchmarking-data-template.xlsx --dry-run
      lekgotla import figures-2024.csv --source "Annual report 2023/24"
    """
    from generator.cli.importer import import_values

    if not content_dir.is_dir():
        raise click.ClickException(f"{content_dir}/ is not a folder: run this in the repository, or pass --content")
    result = import_values(content_dir, spreadsheet, sheet=sheet, source=source, replace=replace, dry_run=dry_run,
                           extensions=_settings(content_dir).extensions)
    if result.report.findings:
        click.echo(result.report.as_text())
    for change in result.changed:
        click.echo(f"changed {change}")
    for path in result.written:
        click.echo(f"wrote {_shown(Path(path))}", err=True)
    prefix = "would have " if dry_run and result.report.ok and not result.nothing_to_do else ""
    click.echo(("✓ " if result.report.ok else "✗ ") + prefix + result.summary(), err=True)
    sys.exit(0 if result.report.ok else 1)


@main.group()
def new() -> None:
    """Start a new case study, toolkit, person, research output or peer review: a file that passes `lekgotla check`.

    Give the fields as options, or leave them out and answer the questions.
    An existing file is never overwritten.
    """


@new.command(content_types.CASE_STUDY.command)
@click.option("--title", help="What the municipality did, in a few words.")
@click.option("--municipality", help="Demarcation code or name: ETH, eThekwini, WC024.")
@click.option("--service-area", "service_area", help="hiv-aids, water, public-participation, led or housing.")
@click.option("--year", help="The year the practice started.")
@click.option("--summary", help="Plain text, 20 to 400 characters.")
@click.option("--indicator", "indicators", multiple=True, help="An indicator it aims to improve (repeatable).")
@click.option("--contact-name", help="Who to ask about it.")
@click.option("--contact-role", help="Their role.")
@click.option("--contact-email", help="Their email address.")
@click.option("--contact-consent", help="The date they agreed to be listed with these details (YYYY-MM-DD).")
@click.option("--contact-person", help="Or: a person of content/people/, by file name (e.g. sipho-ndlovu).")
@click.option("--slug", help="The file name without .md (default: from the municipality and title).")
@click.option("--content", "content_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="The content folder (default: the one mkdocs.yml names, content/).")
def new_case_study(content_dir: Path, **given) -> None:
    """Write content/case-studies/<slug>.md with the recommended sections.

    \b
    Example:
      lekgotla new case-study
      lekgotla new case-study --municipality eThekwini --service-area water --year 2016 \\
        --title "Cutting water losses" --summary "Pressure zones cut bursts and losses."
    """
    from generator.cli import scaffold
    _new(content_dir, given, scaffold.case_study_draft)


@new.command(content_types.TOOLKIT.command)
@click.option("--title", help="What the toolkit helps to do.")
@click.option("--summary", help="Plain text, 20 to 400 characters.")
@click.option("--service-area", "service_areas", multiple=True, help="A service area id, or all (repeatable).")
@click.option("--audience", multiple=True, help="Who it is for (repeatable).")
@click.option("--slug", help="The file name without .md (default: from the title).")
@click.option("--content", "content_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="The content folder (default: the one mkdocs.yml names, content/).")
def new_toolkit(content_dir: Path, **given) -> None:
    """Write content/toolkits/<slug>.md with the recommended sections.

    \b
    Example:
      lekgotla new toolkit --title "Running a ward committee" --service-area public-participation
    """
    from generator.cli import scaffold
    _new(content_dir, given, scaffold.toolkit_draft)


_CONTENT_OPTION = click.option("--content", "content_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
                               help="The content folder (default: the one mkdocs.yml names, content/).")


@new.command(content_types.PERSON.command)
@click.option("--name")
@click.option("--role", help="Their job title.")
@click.option("--affiliation", help="municipality, former-official, university, research-agency, government, "
              "private-sector or civil-society.")
@click.option("--municipality", help="Code or name, for a municipal or former municipal official.")
@click.option("--organisation", help="The university, agency or firm.")
@click.option("--service-area", "service_areas", multiple=True, help="A service area they know (repeatable).")
@click.option("--indicator", "indicators", multiple=True, help="An indicator they know (repeatable).")
@click.option("--language", "languages", multiple=True, help="A language they speak (repeatable).")
@click.option("--offer", "offers", multiple=True, help="mentoring, coaching, peer-review, phone-call, site-visit, "
              "training (repeatable).")
@click.option("--email", help="Their email address, as they agreed.")
@click.option("--consent", help="The date they agreed to be listed (YYYY-MM-DD).")
@click.option("--slug", help="The file name without .md (default: from the name).")
@_CONTENT_OPTION
def new_person(content_dir: Path, **given) -> None:
    """Write content/people/<slug>.md: someone who agreed to be asked.

    \b
    Example:
      lekgotla new person --name "Nomvula Khumalo" --role "Manager, Community Services" \\
        --municipality KZN272 --service-area hiv-aids --language isiZulu --offer mentoring --consent 2025-03-06
    """
    from generator.cli import scaffold_connections
    _new(content_dir, given, scaffold_connections.person_draft)


@new.command(content_types.RESEARCH.command)
@click.option("--title")
@click.option("--author", "authors", multiple=True, help="As cited: 'Surname, I.' (repeatable).")
@click.option("--institution")
@click.option("--year", help="The year it was published.")
@click.option("--abstract", help="20 to 2,000 characters.")
@click.option("--doi", help="e.g. 10.4102/td.v17i1.1001")
@click.option("--municipality", "municipalities", multiple=True, help="A municipality it studies (repeatable).")
@click.option("--slug", help="The file name without .md (default: from the title).")
@_CONTENT_OPTION
def new_research(content_dir: Path, **given) -> None:
    """Write content/research/<slug>.md: an output of a research partnership."""
    from generator.cli import scaffold_connections
    if given.get("authors"):
        given["authors"] = ";".join(given["authors"])
    _new(content_dir, given, scaffold_connections.research_draft)


@new.command(content_types.PEER_REVIEW.command)
@click.option("--municipality", help="The municipality reviewed: code or name.")
@click.option("--reviewer", "reviewers", multiple=True, help="A reviewer: file name in content/people/ (repeatable).")
@click.option("--start", help="First day, YYYY-MM-DD.")
@click.option("--end", help="Last day, YYYY-MM-DD.")
@click.option("--focus", "focus_areas", multiple=True, help="A service area reviewed (repeatable).")
@click.option("--finding", "findings", multiple=True, help="A finding (repeatable).")
@click.option("--recommendation", "recommendations", multiple=True, help="A recommendation (repeatable).")
@click.option("--follow-up", "follow_up", help="not-started, in-progress or completed.")
@click.option("--slug", help="The file name without .md (default: municipality and year).")
@_CONTENT_OPTION
def new_review(content_dir: Path, **given) -> None:
    """Write content/peer-reviews/<slug>.md: a peer review of a municipality."""
    from generator.cli import scaffold_connections
    for name in ("findings", "recommendations"):
        if given.get(name):
            given[name] = ";".join(given[name])
    _new(content_dir, given, scaffold_connections.review_draft)


def _new(content_dir: Path | None, given: dict, make_draft) -> None:
    from generator.cli import scaffold
    from generator.site.reserved import load_checked

    settings = _settings(content_dir)
    content_dir = settings.content_dir
    choices = scaffold.Choices.of(content_dir)
    try:
        draft = make_draft(choices, given, _ask)
        path = scaffold.target_path(content_dir, draft)
        scaffold.write_new(path, scaffold.render(draft))
    except scaffold.Invalid as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"✓ Wrote {_shown(path)}: fill in the sections, then run `lekgotla check {_shown(path)}`", err=True)
    _, report = load_checked(content_dir, settings.extensions)
    report = _only(report, content_dir, (path,))
    if report.findings:
        click.echo(report.as_text())


def _ask(question: str, check, default: str | None):
    """Ask until the answer passes ``check``; the reason is shown after each wrong answer."""
    from generator.cli import scaffold

    def value_proc(text: str):
        try:
            return check(text)
        except scaffold.Invalid as exc:
            raise click.UsageError(str(exc)) from None
    return click.prompt(question, default=default, value_proc=value_proc, show_default=bool(default))


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--type", "kind", type=click.Choice(["case-study", "toolkit"]), help="Only case studies or toolkits.")
@click.option("--service-area", help="A service area id or title, e.g. water.")
@click.option("--province", help="A province code or name, e.g. KZN or Gauteng.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="How many results.")
@click.option("--content", "content_dir", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="The content folder (default: the one mkdocs.yml names, content/).")
def search(query: tuple[str, ...], kind: str | None, service_area: str | None, province: str | None, limit: int,
           content_dir: Path) -> None:
    """Search the case studies and toolkits: ranked, with a snippet of each.

    The first search builds the index in .lekgotla-cache/; later ones update
    only what changed.

    \b
    Example:
      lekgotla search "water losses"
      lekgotla search ward committees --province KZN --limit 5
    """
    from generator.site.reserved import load_checked
    from generator.text.practice_search import search_practices

    settings = _settings(content_dir)
    library, report = load_checked(settings.content_dir, settings.extensions)
    if library is None:
        click.echo(report.as_text())
        raise click.ClickException(f"the content has {report.summary()}; fix it (see lekgotla check) and search again")
    marks = ("\x1b[1;33m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    found = search_practices(library, settings.cache_dir, " ".join(query), kind=kind,
                             service_area=service_area, province=province, limit=limit, marks=marks,
                             progress=lambda message: click.echo(message, err=True))
    if not found:
        click.echo(f"No case studies or toolkits match “{' '.join(query)}”.", err=True)
        return
    for number, hit in enumerate(found, 1):
        facts = " · ".join(str(f) for f in (hit.path, hit.municipalities, hit.year) if f)
        click.echo(f"{number}. {hit.title}\n   {facts}")
        if hit.snippet:
            click.echo(f"   {hit.snippet}")


def _settings(content_dir: Path | None) -> Settings:
    """Where the content and the cache are: read from ./mkdocs.yml as the build reads them."""
    from generator.mkdocs_plugin.config import settings_of

    try:
        settings = settings_of(Path("mkdocs.yml"), content_dir)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not settings.content_dir.is_dir():
        raise click.ClickException(f"{_shown(settings.content_dir)}/ is not a folder: run this in the repository, "
                                   "or pass --content")
    return settings


def _only(report: Report, content_dir: Path, paths: tuple[Path, ...]) -> Report:
    from generator.reading.findings import Report
    repo = content_dir.resolve().parent
    wanted = [p.resolve() for p in paths]
    kept = Report()
    for finding in report.findings:
        where = (repo / finding.path).resolve()
        if any(where == w or w in where.parents for w in wanted):
            kept.add(finding)
    return kept


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    main()
