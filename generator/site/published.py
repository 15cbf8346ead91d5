"""Which contributed files the site publishes: only those the library refers to.

A file dropped into content/ that no page names (a stray export, a secret pasted
by mistake) stays out of ``site/``: downloads listed in a toolkit's ``files``
peer-review reports, and pictures shown in a page body, nothing else.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from generator.model.entities import Library
from generator.reading.published_files import publish_problem
from generator.reading.safety import active_type, markdown_images

#: The folder (under content/) each kind of page is written in; images are relative to it.
_PAGE_FOLDERS = {"case_studies": "case-studies", "toolkits": "toolkits"}


def referenced_files(library: Library) -> set[str]:
    """Paths under content/ ('toolkits/files/x.csv', 'images/y.png') that pages link to."""
    found = {(posixpath.normpath(f"toolkits/{download.path}"), "download") for toolkit in library.toolkits
             for download in toolkit.files}
    # A peer review's report is a download of its page.
    found |= {(posixpath.normpath(f"peer-reviews/{review.report}"), "report") for review in library.peer_reviews
              if review.report}
    for kind, folder in _PAGE_FOLDERS.items():
        for item in getattr(library, kind):
            for image in markdown_images(item.body):
                path = unquote(image.path.split("#", 1)[0].split("?", 1)[0])
                found.add((posixpath.normpath(posixpath.join(folder, path)), "image"))
    # The check's rules for each kind of reference hold here too, should a build skip the check.
    return {path for path, kind in found
            if not path.startswith("../") and not active_type(path) and not publish_problem(kind, path)}
