"""Which contributed files the site publishes: only those the library refers to.

A file dropped into content/ that no page names (a stray export, a secret pasted
by mistake) stays out of ``site/``: downloads listed in a toolkit's ``files``
peer-review reports, and pictures shown in a page body, nothing else.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from generator.model.entities import Library
from generator.reading.content_types import CASE_STUDY, TOOLKIT
from generator.reading.published_files import publish_problem
from generator.reading.safety import active_type, markdown_images

#: The kinds whose body pictures are published (relative to the kind's folder under content/).
_WITH_PICTURES = (CASE_STUDY, TOOLKIT)


def referenced_files(library: Library) -> set[str]:
    """Paths under content/ ('toolkits/files/x.csv', 'images/y.png') that pages link to."""
    found = {(posixpath.normpath(f"toolkits/{download.path}"), "download") for toolkit in library.toolkits
             for download in toolkit.files}
    # A peer review's report is a download of its page.
    found |= {(posixpath.normpath(f"peer-reviews/{review.report}"), "report") for review in library.peer_reviews
              if review.report}
    for kind in _WITH_PICTURES:
        for item in getattr(library, kind.field):
            for image in markdown_images(item.body):
                path = unquote(image.path.split("#", 1)[0].split("?", 1)[0])
                found.add((posixpath.normpath(posixpath.join(kind.folder, path)), "image"))
    # The check's rules for each kind of reference hold here too, should a build skip the check.
    return {path for path, kind in found
            if not path.startswith("../") and not active_type(path) and not publish_problem(kind, path)}
