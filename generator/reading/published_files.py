"""Which contributed files the site may publish, for each way a page refers to one.

A page's image link published any file of content/ (a PDF, a spreadsheet, even
``people/private-consent.pdf``), a 3 MB picture passed although the contract says 1 MB,
``setup.exe`` was published as a toolkit download, and a peer-review report was neither
type- nor name-checked. One rule per kind of reference, used by the check (with the file's
size) and by the build (``site/published.py``), so a file the check refuses is never published:

- pictures (``![alt](path)``, ``<img>``): raster images, at most ``MAX_IMAGE_BYTES``;
- toolkit downloads: documents and spreadsheets, at most ``MAX_DOWNLOAD_BYTES``;
- peer-review reports: PDF, at most ``MAX_DOWNLOAD_BYTES``;

never from ``content/people/`` (consent records), nor from a hidden folder (``.git``-like
folders that no one reviews).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
DOWNLOAD_TYPES = frozenset({".pdf", ".csv", ".xlsx", ".xls", ".ods", ".docx", ".odt", ".txt", ".md"})
REPORT_TYPES = frozenset({".pdf"})
TYPES = {"image": IMAGE_TYPES, "download": DOWNLOAD_TYPES, "report": REPORT_TYPES}
WHAT = {"image": "a picture (.png, .jpg, .gif or .webp)",
        "download": "a document or spreadsheet (" + ", ".join(sorted(DOWNLOAD_TYPES)) + ")",
        "report": "a PDF file"}
#: The contract's limit for pictures (CONTRIBUTING.md): a reader on mobile data pays for every byte.
MAX_IMAGE_BYTES = 1_000_000
#: Downloads and reports are fetched on purpose, and may be larger.
MAX_DOWNLOAD_BYTES = 10_000_000
#: Content folders nothing is published from.
PRIVATE_FOLDERS = ("people",)


def publish_problem(kind: str, relative: str, target: Path | None = None) -> str:
    """Why the file at ``relative`` (to content/) may not be published as a ``kind`` ("image",
    "download" or "report"), or ""; with ``target``, its size is checked too."""
    path = PurePosixPath(relative)
    if path.parts and path.parts[0] in PRIVATE_FOLDERS:
        return f"files of content/{path.parts[0]}/ are never published (they hold consent records)"
    hidden = next((part for part in path.parts if part.startswith(".")), None)
    if hidden:
        return f"'{hidden}' is a hidden file or folder, which is never published"
    if path.suffix.lower() not in TYPES[kind]:
        return f"'{path.name}' is not {WHAT[kind]}"
    limit = MAX_IMAGE_BYTES if kind == "image" else MAX_DOWNLOAD_BYTES
    size = target.stat().st_size if target is not None and target.is_file() else 0
    if size > limit:
        return f"'{path.name}' is {size / 1e6:.1f} MB; {'a picture' if kind == 'image' else 'a file'} may be at most " \
               f"{limit / 1e6:.0f} MB"
    return ""
