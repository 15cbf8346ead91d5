"""The municipality page as the front door, in Debian's chromium at 360x740.

A water-services official of Jozini (KZN272, a mostly rural B4 municipality)
asks: where do we stand, which municipalities like us do better, what did they
do, whom can I call. One build of the shipped sample library.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from browser import serve
from conftest import REPO
from generator.model.library import load_library

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve(sample_site) as url:
        yield url


def _no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _unlabelled_numbers(page) -> list[str]:
    """Figures in the indicator cards and the peers' reasons that stand without a label or unit."""
    return page.evaluate("""() => {
        const bad = [];
        for (const dd of document.querySelectorAll('.lk-figures dd')) {
            const dt = dd.previousElementSibling;
            if (/\\d/.test(dd.textContent) && !(dt && dt.tagName === 'DT' && dt.textContent.trim())) bad.push(dd.textContent);
        }
        for (const reason of document.querySelectorAll('.lk-peers .lk-reason')) {
            if (!/ in (19|20)\\d\\d, .+ better than /.test(reason.textContent)) bad.push(reason.textContent);
        }
        return bad;
    }""")


def test_a_water_official_reaches_a_better_b4_peer_and_its_practice_or_contact_in_four_taps(browser, base_url):
    library, _ = load_library(REPO / "content")
    water = {i.slug for i in library.service_areas["water"].indicators}
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url)
    taps = 0

    page.locator("main a", has_text=re.compile(r"^municipalities$")).first.click()  # tap 1: the list
    taps += 1
    page.wait_for_load_state()  # the tap navigated: read the new page only once it is there
    assert _no_sideways_scrolling(page)
    page.locator("main a", has_text=re.compile(r"^Jozini$")).first.click()  # tap 2: Jozini
    taps += 1
    page.wait_for_load_state()  # the tap navigated: read the new page only once it is there
    assert urlparse(page.url).path.endswith("/municipalities/kzn272/")
    assert _no_sideways_scrolling(page)
    # Where Jozini stands, on the first screen: its peer group in words and water's summary.
    first_screen = page.evaluate("document.querySelector('.lk-area-summary').getBoundingClientRect().bottom")
    assert first_screen <= PHONE["height"]
    assert "mostly rural local (B4)" in page.locator(".lk-lead").inner_text()
    assert page.locator(".lk-area-summary a[href='#area-water']").count() == 1
    assert _unlabelled_numbers(page) == []

    # A B4 peer that does better on a water indicator, with a practice or a person to ask.
    candidates = []
    for slug in water:
        section = page.locator(f"#better-{slug} + p + ul.lk-peers > li")
        for i in range(section.count()):
            item = section.nth(i)
            if item.locator(".lk-reason").inner_text().startswith("also a mostly rural local"):
                candidates.append(item)
    with_practice = [c for c in candidates if c.locator("a[href*='case-studies/'], a[href^='mailto:']").count()]
    assert with_practice, "no B4 peer doing better on water has a practice or a contact"
    peer = with_practice[0]
    peer_name = peer.locator("a").first.inner_text()
    peer.locator("a").first.click()  # tap 3: the peer's page
    taps += 1
    page.wait_for_load_state()  # the tap navigated: read the new page only once it is there
    assert page.locator("h1").inner_text() == peer_name
    assert _no_sideways_scrolling(page)
    # What they did (a case study), or, where they wrote none up, whom to call there.
    practice = page.locator("#case-studies + ul a[href*='case-studies/'], #people + ul a[href*='people/']")
    assert practice.count(), f"{peer_name}'s page lists no case study and no one to ask"
    practice.first.click()  # tap 4: what they did and whom to call, or the person to call
    taps += 1
    page.wait_for_load_state()  # the tap navigated: read the new page only once it is there
    assert taps <= 4
    assert ("/case-studies/" in page.url or "/people/" in page.url) and _no_sideways_scrolling(page)
    assert page.locator("a[href^='mailto:']").count()  # someone to ask
