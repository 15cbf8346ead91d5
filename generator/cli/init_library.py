"""``lekgotla init``: a new library, written from the starter the package ships (packaged.STARTER_DIR).

The starter is a library that passes ``lekgotla check``: one example of each kind of content
(labelled as samples), South Africa's municipal registry, mkdocs.yml with the plugin and its
packaged theme, the GitHub workflows that check, preview and publish it, the issue forms its requests fill, and a README. A few
files name the library or the version of Lekgotla that wrote them (``TEMPLATED``).
"""

from __future__ import annotations

import shutil
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from string import Template

import click

from generator.packaged import STARTER_DIR

#: Files of the starter with $site_name, $source or $requirement in them.
TEMPLATED = ("mkdocs.yml", "README.md", "requirements.txt")
#: Where Lekgotla's source lives, when the installed metadata does not say.
DEFAULT_SOURCE = "https://github.com/lekgotla/lekgotla"


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "site_name", help="The site's name (default: from the folder's name).")
def init(folder: Path, site_name: str | None) -> None:
    """Start a new library in FOLDER (new or empty): examples of every kind of content, the
    municipal registry, mkdocs.yml, GitHub workflows and issue forms, and a README.

    \b
    Example:
      lekgotla init western-cape-practice --name "Western Cape Lekgotla"
    """
    try:
        written = init_library(folder, site_name or default_name(folder))
    except NotEmpty as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"✓ Wrote a new library of {len(written)} files in {folder}/. Next:\n"
               f"  cd {folder}\n"
               "  lekgotla check && lekgotla build   # the site, in site/\n"
               "Replace the examples in content/ with your own (README.md says how).", err=True)


class NotEmpty(Exception):
    """The target folder already holds files: ``init`` never writes over anything."""


def init_library(target: Path, site_name: str) -> list[Path]:
    """Write a new library into ``target`` (a new or empty folder); the files written, in order."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise NotEmpty(f"{target} already exists and is not an empty folder: init writes only into a new one")
    values = {"site_name": site_name, **_package_source()}
    written = []
    for source in sorted(p for p in STARTER_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = source.relative_to(STARTER_DIR)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative.as_posix() in TEMPLATED:
            text = Template(source.read_text(encoding="utf-8")).substitute(values)
            destination.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


def default_name(target: Path) -> str:
    """A site name from the folder's name: my-library -> My library."""
    words = Path(target).resolve().name.replace("_", "-").split("-")
    return " ".join(words).strip().capitalize() or "Lekgotla"


def _package_source() -> dict[str, str]:
    """Where this Lekgotla comes from, and the requirement that installs the same version again."""
    try:
        info = metadata("lekgotla")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return {"source": DEFAULT_SOURCE, "requirement": f"lekgotla @ git+{DEFAULT_SOURCE}"}
    urls = dict(entry.split(", ", 1) for entry in info.get_all("Project-URL") or [])
    source = urls.get("Source", DEFAULT_SOURCE).rstrip("/")
    # Not on PyPI yet: the release's tag in the source repository.
    return {"source": source, "requirement": f"lekgotla @ git+{source}@v{info['Version']}"}
