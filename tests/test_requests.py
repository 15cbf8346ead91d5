"""Connections without GitHub: requests go through the channel the site's owner chose (e-mail to a
coordinator, a form service, or GitHub), played in chromium at 360×740 by the people who make them,
with no GitHub account; and pages are shared on WhatsApp or by their address."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from browser import serve, start_axe, violations
from conftest import GITHUB, PUBLIC_URL, REPO
from generator.site.channel import ChannelError, ChannelKind, RequestChannel

PHONE = {"width": 360, "height": 740}
COORDINATOR = "coordinator@lekgotla.example.org"  # the sample library's channel (mkdocs.yml)


# ----- the setting ------------------------------------------------------------------------------
@pytest.mark.parametrize("setting, kind, form_action", [
    ("mailto:coordinator@lekgotla.example.org", ChannelKind.EMAIL, "mailto:"),
    ("https://forms.example.org/f/lekgotla?source=site", ChannelKind.FORM, "https://forms.example.org/f/lekgotla"),
    ("http://127.0.0.1:8123/requests", ChannelKind.FORM, "http://127.0.0.1:8123/requests"),
    ("github", ChannelKind.GITHUB, "https://github.com"),
    ("", ChannelKind.GITHUB, "https://github.com"),  # as before the setting existed
])
def test_the_setting_names_one_channel(setting, kind, form_action):
    channel = RequestChannel.parse(setting, "https://github.com/example/lekgotla")
    assert (channel.kind, channel.form_action_source) == (kind, form_action)


@pytest.mark.parametrize("setting, words", [
    ("mailto:coordinator@example.org?cc=someone@example.org", "without ?subject or other headers"),
    ("mailto:coordinator@example.org, other@example.org", "is not a single e-mail address"),
    ("coordinator@example.org", "write it as mailto:coordinator@example.org"),
    ("http://forms.example.org/lekgotla", "must be an https:// address"),
    ("https://forms.example.org/a;script-src *", "is not a plain https:// address"),
    ("ftp://forms.example.org", "names no channel"),
])
def test_a_bad_setting_is_refused_with_what_was_expected(setting, words):
    with pytest.raises(ChannelError, match=re.escape(words)):
        RequestChannel.parse(setting, "https://github.com/example/lekgotla")


def test_a_bad_setting_stops_the_build_naming_the_option(library):
    config = library.config_file.read_text(encoding="utf-8")
    library.config_file.write_text(config.replace("  - lekgotla\n", "  - lekgotla:\n      requests: github\n"),
                                   encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "build"], cwd=library.root,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1
    assert "option 'requests': 'github' sends requests to the repository's issues, but no repository is set" \
        in result.stdout + result.stderr


# ----- sites with each channel -------------------------------------------------------------------
class Recorder(http.server.BaseHTTPRequestHandler):
    """A form service: keeps what each POST carried, answers with a page."""

    posted: list[dict[str, list[str]]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        type(self).posted.append(parse_qs(body, keep_blank_values=True))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"<!doctype html><title>Thank you</title><p>Received.")

    def log_message(self, *args):
        pass


@contextmanager
def form_service():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/requests"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def form_site(shared_sites):
    """The sample library with a form service as its channel (no search index), and that service, recording."""
    with form_service() as endpoint:
        Recorder.posted.clear()
        yield shared_sites.sample(requests=endpoint, search_index=False), endpoint


@pytest.fixture(scope="module")
def email_site(sample_site):
    with serve(sample_site) as base:
        yield base


def send_to_form_service(form_site, browser, fill, form: str, contact: str, **options) -> dict[str, str]:
    """On the site whose channel is a form service: ``fill(page, base)``, give ``contact`` for the reply,
    send the request of ``form`` (an ask's id); returns what the service received."""
    site, endpoint = form_site
    with serve(site) as base:
        page = watched_page(browser, **options)
        fill(page, base)
        page.fill(f"#{form}-contact", contact)
        page.click(f"#{form} button[type=submit]")
        page.wait_for_url(endpoint)
        page.close()
    return {name: values[0] for name, values in Recorder.posted[-1].items()}


def policy(html: str) -> dict[str, str]:
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    return dict(part.strip().split(" ", 1) for part in content.split(";"))


def watched_page(browser, **options):
    """A phone-sized page that records every host it fetches from (data: and mailto: fetch nothing)."""
    page = browser.new_page(viewport=PHONE, **options)
    page.hosts = set()
    page.on("request", lambda request: page.hosts.add(urlsplit(request.url).netloc)
            if request.url.startswith(("http:", "https:")) else None)
    return page


# ----- a councillor asks for a mentor ------------------------------------------------------------
def find_mentor(page, base: str) -> str:
    """On Who to ask: a mentor who speaks isiZulu and knows water; opens their page, returns the name."""
    page.goto(base + "people/")
    page.select_option("#lk-filter-language", "isiZulu")
    page.select_option("#lk-filter-area", "water")
    page.select_option("#lk-filter-offer", "mentoring")
    found = page.locator(".lk-person:visible h2 a")
    assert found.count() >= 1
    name = found.first.inner_text()
    found.first.click()
    assert page.locator("h1").inner_text() == name
    assert "isiZulu" in page.inner_text(".lk-facts") and "Water and sanitation" in page.inner_text(".lk-facts")
    return name


def ask_for_the_mentor(page) -> None:
    page.click("summary:has-text('Request this mentor')")
    about = page.eval_on_selector_all("#ask-mentor-about option", "os => os.map(o => o.value)")
    page.select_option("#ask-mentor-about", next(o for o in about if o.startswith("WS")))
    page.fill("#ask-mentor-name", "Thandeka Zulu")
    page.fill("#ask-mentor-role", "Ward councillor")
    page.fill("#ask-mentor-municipality", "Jozini (KZN272)")
    page.fill("#ask-mentor-message", "Our villages wait weeks for water: how did you cut the losses?")


def mailto_parts(address: str) -> tuple[str, str, str]:
    """(to, subject, body) of a mailto: address, decoded."""
    to, _, query = address.removeprefix("mailto:").partition("?")
    fields = {k: v[0] for k, v in parse_qs(query).items()}
    return unquote(to), fields["subject"], fields["body"]


def test_a_councillor_emails_a_request_naming_the_mentor_and_the_municipality(email_site, browser):
    page = watched_page(browser)
    mentor = find_mentor(page, email_site)
    ask_for_the_mentor(page)
    assert COORDINATOR in page.inner_text("#ask-mentor form")  # it says who receives it
    page.click("#ask-mentor button[type=submit]")
    sent = page.locator("#ask-mentor .lk-ask__sent")
    assert sent.is_visible() and COORDINATOR in sent.inner_text()
    # The sample's address is a placeholder: said again where the reader looks once it is sent.
    assert "nobody receives it yet, so do not wait for a reply" in sent.inner_text()
    to, subject, body = mailto_parts(sent.locator("a[href^='mailto:']").get_attribute("href"))
    assert to == COORDINATOR
    assert mentor in subject and "Jozini (KZN272)" in subject
    assert f"Mentor: {mentor}," in body and "Your municipality: Jozini (KZN272)" in body
    assert "Your name: Thandeka Zulu\nYour role: Ward councillor\n" in body
    assert re.search(r"About: WS[\d.]+ ", body) and "how did you cut the losses?" in body
    # The text to send by hand, if no e-mail app opens, is the same request.
    assert sent.locator("textarea").input_value() == body
    assert page.hosts == {urlsplit(email_site).netloc}  # nothing went to another host
    page.close()


def test_an_official_asks_to_be_put_in_touch_with_someone_who_offers_a_phone_call(email_site, browser):
    """Andile Mgxaji offers a phone call and a site visit, not mentoring: the reader chooses one."""
    page = watched_page(browser)
    page.goto(email_site + "people/andile-mgxaji/")
    page.click("summary:has-text('Ask to be put in touch')")
    assert page.eval_on_selector_all("#ask-contact-offer option", "os => os.map(o => o.text)") == [
        "Choose one", "Phone call", "Site visit"]
    page.select_option("#ask-contact-offer", "Phone call")
    about = page.eval_on_selector_all("#ask-contact-about option", "os => os.map(o => o.value)")
    page.select_option("#ask-contact-about", about[1])
    page.fill("#ask-contact-name", "Thandeka Zulu")
    page.fill("#ask-contact-role", "Ward councillor")
    page.fill("#ask-contact-municipality", "Jozini (KZN272)")
    page.click("#ask-contact button[type=submit]")
    sent = page.locator("#ask-contact .lk-ask__sent")
    to, subject, body = mailto_parts(sent.locator("a[href^='mailto:']").get_attribute("href"))
    assert to == COORDINATOR and subject.startswith("Request to be put in touch: Andile Mgxaji")
    assert "Person: Andile Mgxaji, Buffalo City, Manager, Land Administration and Title Deeds\n" in body
    assert "What you would like: Phone call\n" in body and "Your municipality: Jozini (KZN272)" in body
    assert page.hosts == {urlsplit(email_site).netloc}
    page.close()


def test_without_script_the_e_mail_request_still_opens_the_mail_app_with_the_fields(email_site, browser):
    page = watched_page(browser, java_script_enabled=False)
    page.goto(email_site + "people/sipho-ndlovu/")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    opened = []
    cdp.on("Page.frameRequestedNavigation", lambda event: opened.append(event["url"]))
    ask_for_the_mentor(page)
    page.click("#ask-mentor button[type=submit]")
    page.wait_for_timeout(500)
    to, subject, body = mailto_parts(opened[-1])
    assert to == COORDINATOR and subject == "Mentor request: Sipho Ndlovu"
    assert "mentor=Sipho Ndlovu, eThekwini, Senior Manager, Non-Revenue Water" in body and "municipality=Jozini (KZN272)" in body
    page.close()


def test_a_councillor_sends_the_request_to_the_form_service(form_site, browser):
    found = []
    posted = send_to_form_service(form_site, browser, lambda page, base: (found.append(find_mentor(page, base)),
                                                                          ask_for_the_mentor(page)),
                                  "ask-mentor", "thandeka.zulu@example.org")
    mentor, = found
    assert posted["request"] == "Mentor request" and posted["mentor"].startswith(f"{mentor}, ")
    assert (posted["name"], posted["role"], posted["municipality"]) == ("Thandeka Zulu", "Ward councillor",
                                                                        "Jozini (KZN272)")
    assert posted["about"].startswith("WS") and posted["contact"] == "thandeka.zulu@example.org"
    assert posted["page"].startswith(PUBLIC_URL + "people/")


def test_the_form_service_request_works_without_script(form_site, browser):
    posted = send_to_form_service(form_site, browser, lambda page, base: (page.goto(base + "people/sipho-ndlovu/"),
                                                                          ask_for_the_mentor(page)),
                                  "ask-mentor", "+27 35 000 0000", java_script_enabled=False)
    assert posted["mentor"] == "Sipho Ndlovu, eThekwini, Senior Manager, Non-Revenue Water"
    assert posted["municipality"] == "Jozini (KZN272)" and posted["contact"] == "+27 35 000 0000"


# ----- a water official asks for a mentor from a card of Jozini's page ----------------------------------
def ask_from_a_card(page, base: str, slug: str) -> set[str]:
    """On Jozini's page: opens the card's service area, taps "Request a mentor" in the card of ``slug``, writes
    who asks; returns the names of the people the card names."""
    page.goto(base + "municipalities/kzn272/")
    page.click(f"details.lk-area:has(#indicator-{slug}) > summary")
    card = page.locator(f"#indicator-{slug}")
    named = set(card.locator(".lk-list a[href*='people/']").all_inner_texts())
    card.locator("a.lk-request").click()
    assert page.locator("#ask-mentor").evaluate("d => d.open") and page.locator("#ask-mentor-form").is_visible()
    # Scrolled to with its own button in sight below the sticky header, so that the reader sees which form opened.
    page.wait_for_timeout(100)
    header, button = page.locator("header.md-header").bounding_box(), page.locator("#ask-mentor > summary").bounding_box()
    assert button["y"] >= header["y"] + header["height"], (button, header)
    page.fill("#ask-mentor-name", "Sbu Mthethwa")
    page.fill("#ask-mentor-role", "Water services manager")
    return named


def offered_mentors(page) -> list[str]:
    return page.eval_on_selector_all("#ask-mentor-mentor option", "os => os.filter(o => !o.disabled && o.value)"
                                                                    ".map(o => o.value)")


def test_request_a_mentor_in_a_card_chooses_its_indicator_and_offers_the_mentors_it_names(email_site, browser):
    page = watched_page(browser)
    named = ask_from_a_card(page, email_site, "piped-water-scheme")
    assert page.input_value("#ask-mentor-about") == "Share of residents with piped water from a municipal scheme"
    offered = offered_mentors(page)
    assert offered and {m.split(",")[0] for m in offered} <= named  # only the mentors this card names
    everyone = page.eval_on_selector_all("#ask-mentor-mentor option", "os => os.filter(o => o.value).length")
    assert everyone > len(offered)  # the page names others, for other indicators
    page.select_option("#ask-mentor-mentor", offered[0])
    page.click("#ask-mentor button[type=submit]")
    to, subject, body = mailto_parts(page.get_attribute("#ask-mentor .lk-ask__sent a", "href"))
    assert to == COORDINATOR and subject == "Mentor request: Jozini (KZN272), Share of residents with piped water from a municipal scheme"
    assert "About: Share of residents with piped water from a municipal scheme" in body  # no file name
    assert f"Mentor or coach you would like: {offered[0]}" in body and "Your municipality: Jozini (KZN272)" in body
    assert page.hosts == {urlsplit(email_site).netloc}
    page.close()


def test_without_script_the_reader_chooses_the_indicator_in_the_one_form(email_site, browser):
    page = watched_page(browser, java_script_enabled=False)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    opened = []
    cdp.on("Page.frameRequestedNavigation", lambda event: opened.append(event["url"]))
    ask_from_a_card(page, email_site, "flush-toilet")  # the link opens the form: the browser opens what holds it
    assert page.input_value("#ask-mentor-about") == ""  # nothing chose it for the reader: the form says to choose
    page.select_option("#ask-mentor-about", label="Share with a flush toilet")  # sent by its name: it has no code
    page.select_option("#ask-mentor-mentor", label="Sipho Ndlovu, eThekwini, Senior Manager, Non-Revenue Water")
    page.click("#ask-mentor button[type=submit]")
    page.wait_for_timeout(500)
    to, subject, body = mailto_parts(opened[-1])
    assert to == COORDINATOR and subject == "Mentor request: Jozini (KZN272)"
    assert re.search(r"^about=Share with a flush toilet\s*$", body, re.M)  # its name, not "flush-toilet"
    assert "mentor=Sipho Ndlovu, eThekwini, Senior Manager, Non-Revenue Water" in body and "municipality=Jozini (KZN272)" in body
    page.close()


def test_a_request_from_a_card_reaches_the_form_service_naming_the_indicator_and_the_mentor(form_site, browser):
    chosen = []

    def from_the_card(page, base):
        ask_from_a_card(page, base, "flush-toilet")
        chosen.append(offered_mentors(page)[0])
        page.select_option("#ask-mentor-mentor", chosen[0])

    posted = send_to_form_service(form_site, browser, from_the_card, "ask-mentor", "sbu@example.org")
    assert posted["about"] == "Share with a flush toilet" and posted["mentor"] == chosen[0]
    assert posted["subject"] == "Mentor request: Jozini (KZN272), Share with a flush toilet"
    assert posted["municipality"] == "Jozini (KZN272)" and posted["page"] == PUBLIC_URL + "municipalities/kzn272/"


# ----- a coordinator asks to join the HIV/AIDS network ------------------------------------------------
def ask_to_join(page, base: str) -> None:
    page.goto(base + "networks/")
    page.click("text=HIV/AIDS District Learning Network")
    page.click("summary:has-text('Ask to join')")
    # Its coordinator, Zodwa Cele, is a sample: the library's own coordinator answers, and says so.
    assert "Zodwa Cele" not in page.inner_text("#ask-join")
    assert "tells you how the network takes new members" in page.inner_text("#ask-join")
    page.fill("#ask-join-name", "Lindiwe Ngcobo")
    page.fill("#ask-join-role", "Local AIDS council coordinator")
    page.fill("#ask-join-municipality", "Msinga (KZN244)")
    page.fill("#ask-join-message", "We revived our ward AIDS committees last year.")


def test_a_coordinator_asks_by_e_mail_to_join_the_hiv_aids_network(email_site, browser):
    page = watched_page(browser)
    ask_to_join(page, email_site)
    page.click("#ask-join button[type=submit]")
    to, subject, body = mailto_parts(page.get_attribute("#ask-join .lk-ask__sent a", "href"))
    assert to == COORDINATOR
    assert subject == "Request to join: HIV/AIDS District Learning Network, from Msinga (KZN244)"
    assert "About: HIV/AIDS District Learning Network" in body and "Your municipality: Msinga (KZN244)" in body
    page.close()


def test_a_coordinator_asks_the_form_service_to_join_the_hiv_aids_network(form_site, browser):
    posted = send_to_form_service(form_site, browser, ask_to_join, "ask-join", "lindiwe.ngcobo@example.org")
    assert posted["request"] == "Request to join a learning network"
    assert posted["about"] == "HIV/AIDS District Learning Network" and posted["name"] == "Lindiwe Ngcobo"


# ----- a community-works manager suggests a case study -------------------------------------------------
def fill_in_words(page, base: str) -> str:
    """The suggestion form filled as a community-works manager would; returns the file it makes."""
    page.goto(base + "suggest/")
    page.fill("#f-title", "Community plumbers fix leaks in villages")
    page.fill("#f-municipality", "emalahleni")
    page.press("#f-municipality", "Tab")
    page.click("label:has-text('Emalahleni (MP312), Mpumalanga')")  # two municipalities share the name
    assert page.inner_text("#f-municipality-match") == "Found: Emalahleni (MP312), Mpumalanga"
    page.select_option("#f-service_area", "led")
    page.check("input[name=indicators][value='LED1.1']")
    page.fill("#f-year", "5 March 2021")
    assert page.inner_text("#f-year-read") == "Read as 2021"
    page.fill("#f-summary", "Emalahleni trained young people from each ward as community plumbers who fix leaks "
                            "in villages, paid through the Expanded Public Works Programme.")
    page.fill("#f-tags", "Community plumbers, Youth jobs;  EPWP")
    assert page.inner_text("#f-tags-read") == "Tags in the file: community-plumbers, youth-jobs, epwp"
    page.fill("#f-section-1", "Leaks in outlying villages went unfixed for weeks.")
    page.fill("#f-section-3", "Repairs now take two days.")
    page.fill("#f-contact-name", "Sibongile Nkosi")
    page.fill("#f-contact-role", "Manager, Community Works Programme")
    page.fill("#f-contact-email", "sibongile.nkosi@example.org")
    page.check("#f-contact-consent")
    page.fill("#f-contact-consent-date", "5/3/2024")
    assert page.inner_text("#f-contact-consent-date-read") == "Read as 5 March 2024"
    page.fill("#f-source-title", "EPWP report 2022")
    page.fill("#f-source-url", "www.example.org/epwp-2022.pdf")
    assert page.inner_text("#f-source-url-read") == "Written as https://www.example.org/epwp-2022.pdf"
    page.click("button:has-text('Create the case-study file')")
    assert page.is_visible("#lk-result") and not page.is_visible("#lk-errors")
    text = page.input_value("#lk-output")
    for line in ("municipality: MP312", "year: 2021", "tags: [community-plumbers, youth-jobs, epwp]",
                 "consent: {agreed: true, date: 2024-03-05}", 'url: "https://www.example.org/epwp-2022.pdf"'):
        assert line in text
    assert page.get_attribute("a:has-text('contributing guide')", "href").endswith("contributing/")
    page.fill("#ask-send-name", "Sibongile Nkosi")
    page.fill("#ask-send-role", "Manager, Community Works Programme")
    assert page.input_value("#ask-send-municipality") == "Emalahleni (MP312)"
    return text


def check_accepts(text: str, tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    path = tmp_path / "content" / "case-studies" / "emalahleni-community-plumbers-fix-leaks-in-villages.md"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "check", str(path)], cwd=tmp_path,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, text + result.stdout + result.stderr


def test_a_community_works_manager_e_mails_a_case_study_written_in_words(email_site, browser, tmp_path):
    page = watched_page(browser)
    text = fill_in_words(page, email_site)
    check_accepts(text, tmp_path)
    assert COORDINATOR in page.inner_text("#ask-send")
    page.click("#ask-send button[type=submit]")
    to, subject, body = mailto_parts(page.get_attribute("#ask-send .lk-ask__sent a", "href"))
    assert to == COORDINATOR
    assert subject == "Suggested case study: Community plumbers fix leaks in villages, from Emalahleni (MP312)"
    assert "File name: emalahleni-community-plumbers-fix-leaks-in-villages.md" in body
    assert f"The case-study file:\n{text}" in body
    assert page.hosts == {urlsplit(email_site).netloc}
    page.close()


def test_a_community_works_manager_sends_the_case_study_to_the_form_service(form_site, browser, tmp_path):
    made = []
    posted = send_to_form_service(form_site, browser, lambda page, base: made.append(fill_in_words(page, base)),
                                  "ask-send", "sibongile.nkosi@example.org")
    text, = made
    assert posted["subject"] == "Suggested case study: Community plumbers fix leaks in villages"
    assert posted["file_name"] == "emalahleni-community-plumbers-fix-leaks-in-villages.md"
    assert posted["file"].replace("\r\n", "\n") == text
    check_accepts(posted["file"].replace("\r\n", "\n"), tmp_path)


# ----- what each channel lets pages do ---------------------------------------------------------------
def test_with_a_form_endpoint_the_pages_post_to_it_and_the_policy_allows_exactly_it(library):
    from generator.cli.build import build_site

    endpoint = "https://forms.example.org/f/lekgotla"
    config = library.config_file.read_text(encoding="utf-8").replace(
        "  - lekgotla\n", f"  - lekgotla:\n      repository: {GITHUB}\n      requests: {endpoint}?source=site\n"
                          "      search_index: false\n")
    library.config_file.write_text(config, encoding="utf-8")
    site = build_site(library.config_file, library.root / "site").site_dir
    pages = sorted(site.rglob("*.html"))
    assert {policy(p.read_text(encoding="utf-8"))["form-action"] for p in pages} == {f"'self' {endpoint}"}
    forms = {page.relative_to(site).as_posix(): re.findall(r'<form class="lk-ask__form" action="([^"]+)" method="(\w+)"',
                                                          page.read_text(encoding="utf-8")) for page in pages}
    assert forms["municipalities/eth/index.html"] == [(f"{endpoint}?source=site", "post")]
    assert forms["networks/water-services-learning-network/index.html"] == [(f"{endpoint}?source=site", "post")]
    assert all(action == (f"{endpoint}?source=site", "post") for found in forms.values() for action in found)


def test_with_github_the_requests_open_its_issue_forms_with_their_fields(fixture_site):
    for address, template in (("municipalities/eth/", "mentor-request.yml"),
                              ("networks/water-services-learning-network/", "join-a-network.yml")):
        html = (fixture_site / address / "index.html").read_text(encoding="utf-8")
        assert policy(html)["form-action"] == "'self' https://github.com"
        form = re.search(r'<form class="lk-ask__form" action="([^"]+)" method="get".*?</form>', html, re.S)
        assert form.group(1) == f"{GITHUB}/issues/new"
        names = set(re.findall(r'name="([^"]+)"', form.group(0)))
        assert re.search(rf'name="template" value="{template}"', form.group(0))
        issue_form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / template).read_text(encoding="utf-8"))
        # GitHub fills an issue form's fields from the address by their ids: each name must be one.
        assert names - {"template", "title"} <= {field.get("id") for field in issue_form["body"]}
        assert "contact" not in names  # an issue is public: no contact details on it


def test_with_github_a_request_to_be_put_in_touch_fills_its_issue_form(tmp_path):
    """The sample library sends requests by e-mail: its people's requests are made for GitHub here, from the
    same library and code, and their fields checked against the issue form GitHub fills by their ids."""
    from generator.model.library import load_library
    from generator.site.asks import Asks
    from generator.site.channel import RequestChannel

    lib, _ = load_library(REPO / "content")
    asks = Asks(RequestChannel.parse("github", GITHUB))
    issue_form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "be-put-in-touch.yml").read_text(encoding="utf-8"))
    ids = {field.get("id") for field in issue_form["body"]}
    asked = [form for person in lib.people.values()
             if (form := asks.contact(person, [lib.indicators[i] for i in person.indicators if i in lib.indicators]))]
    assert asked and all(form.action == f"{GITHUB}/issues/new" for form in asked)
    for form in asked:
        fields = {field.name: field.value for field in form.fields}
        assert fields["template"] == "be-put-in-touch.yml"
        assert set(fields) - {"template", "title"} <= ids and "contact" not in fields  # an issue is public


def test_the_e_mail_channel_lets_forms_open_the_mail_app_only(sample_site):
    for address in ("people/sipho-ndlovu", "networks/hiv-aids-district-learning-network", "suggest", ""):
        html = (sample_site / address / "index.html").read_text(encoding="utf-8")
        assert policy(html)["form-action"] == "'self' mailto:"


def test_everyone_listed_can_be_asked_for_what_they_offer_and_every_network_joined(sample_site):
    from generator.model.library import load_library

    lib, _ = load_library(REPO / "content")
    for person in lib.people.values():
        html = (sample_site / "people" / person.slug / "index.html").read_text(encoding="utf-8")
        assert ("Request this mentor" in html) == ("mentoring" in person.offers), person.slug
        assert ("Request this coach" in html) == (person.is_mentor and "mentoring" not in person.offers), person.slug
        if "Request this coach" in html:  # and what is sent says coaching, as the button does
            assert 'value="Coaching request" data-lk-label="Request"' in html and 'data-lk-label="Coach"' in html
        # Someone who offers a phone call or a site visit, not mentoring, was a dead end: no button at all.
        asked = re.search(r'<details class="lk-ask" id="ask-contact".*?</details>', html, re.S)
        assert bool(asked) == (not person.is_mentor), person.slug
        if asked:
            # Chosen by the reader, even when there is one: a hidden "Site visit" was asked for unseen.
            offered = re.findall(r"<option>([^<]+)</option>", asked.group(0))
            assert offered == person.offer_names and 'name="offer" value=' not in asked.group(0), person.slug
            assert f"the coordinator asks {person.name} and, if they agree, puts you in touch" in asked.group(0)
    for network in lib.networks.values():
        assert "Ask to join" in (sample_site / "networks" / network.id / "index.html").read_text(encoding="utf-8")
    toolkit = (sample_site / "toolkits" / "each-one-teach-one-mentoring" / "index.html").read_text(encoding="utf-8")
    assert 'id="ask-mentor"' in toolkit and "Request a mentor" in toolkit


# ----- sharing ---------------------------------------------------------------------------------------
SHARED = ("case-studies/ethekwini-pressure-management/", "municipalities/kzn272/", "people/sipho-ndlovu/",
          "networks/hiv-aids-district-learning-network/")


@pytest.mark.parametrize("address", SHARED)
def test_a_page_is_shared_on_whatsapp_with_its_title_and_public_address(address, email_site, browser):
    page = watched_page(browser, java_script_enabled=False)
    page.goto(email_site + address)
    share = page.locator(".lk-share__whatsapp")
    assert share.is_visible() and not page.locator("[data-lk-copy-link]").is_visible()  # copying needs script
    href = share.get_attribute("href")
    assert href.startswith("https://wa.me/?text=")
    title = page.locator("h1").inner_text()
    # A sample goes labelled, as in the feed: a made-up person or practice travelled without its label.
    label = "[Sample] " if page.locator(".admonition.lk-sample").count() else ""
    assert label or address.startswith("municipalities/")  # every other page shared here is a sample's
    assert unquote(href.removeprefix("https://wa.me/?text=")) == f"{label}{title} (Lekgotla) {PUBLIC_URL}{address}"
    assert page.hosts == {urlsplit(email_site).netloc}
    page.close()


def test_copy_link_copies_the_public_address(email_site, browser):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(email_site + SHARED[0])
    page.click("text=Copy link")
    expect(page.locator(".lk-share__status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == PUBLIC_URL + SHARED[0]
    context.close()


def test_without_a_public_address_the_share_link_takes_the_one_the_reader_sees(fixture_site, browser):
    with serve(fixture_site) as base:
        page = watched_page(browser, java_script_enabled=False)
        page.goto(base + "case-studies/pressure-management/")
        assert not page.locator(".lk-share__whatsapp").is_visible()  # no address to share without script
        page.close()
        page = watched_page(browser)
        page.goto(base + "case-studies/pressure-management/")
        href = page.get_attribute(".lk-share__whatsapp", "href")
        assert page.locator(".lk-share__whatsapp").is_visible()
        assert unquote(href).endswith(f"(Test library) {base}case-studies/pressure-management/")
        page.close()


# ----- accessibility of what this adds -----------------------------------------------------------------
# test_every_page runs axe on every page with its collapsed sections open (a request form opened by a
# tap is one of them) and the Nu checker on every page; here, the states only a reader's clicks and
# typing make.
OPENED = {  # a page, and what to do on it before axe looks
    "mentor request, sent": ("people/sipho-ndlovu/", "sent"),
    "a card's request, written": ("municipalities/kzn272/", "card"),
    "suggestion, file made": ("suggest/", "file"),
    "suggestion, a shared name": ("suggest/", "choice"),
}


@pytest.mark.parametrize("kind", OPENED)
def test_axe_finds_no_violations_of_any_rule_in_the_requests(kind, email_site, browser):
    address, action = OPENED[kind]
    page = watched_page(browser)
    page.goto(email_site + address)
    if action == "sent":
        ask_for_the_mentor(page)
        page.click("#ask-mentor button[type=submit]")
    elif action == "file":
        fill_in_words(page, email_site)
    elif action == "card":
        ask_from_a_card(page, email_site, "flush-toilet")
    elif action == "choice":
        page.fill("#f-municipality", "Emalahleni")
        page.press("#f-municipality", "Tab")
    start_axe(page)
    found = violations(page)
    page.close()
    assert found == []


def test_a_request_to_a_placeholder_address_says_nobody_receives_it(sample_site):
    """The sample library's coordinator is at a domain reserved for examples: an official who wrote to it heard
    nothing, and the form did not say so; it went on to promise what happens next ("The coordinator ... puts you in
    touch"), now said as what happens once the address is real. A real address reads as before."""
    from generator.site.channel import RequestChannel

    html = (sample_site / "municipalities" / "kzn272" / "index.html").read_text(encoding="utf-8")
    assert ("coordinator@lekgotla.example.org (a placeholder address: nobody receives it yet). Once the library has a "
            "real address, the coordinator asks the mentor you chose") in html
    # A sample's notice said such a request "goes to the people who run this library", above a form saying nobody.
    person = (sample_site / "people" / "palesa-motaung" / "index.html").read_text(encoding="utf-8")
    assert "goes to the address its form names (a placeholder address: nobody receives it yet), not to them." in person
    for setting, placeholder in [("mailto:kb@salga.org.za", False), ("https://formspree.io/f/abc", False),
                                 ("mailto:someone@example.com", True), ("https://forms.example.net/x", True),
                                 ("mailto:kb@municipality.test", True)]:
        channel = RequestChannel.parse(setting, "https://github.com/lekgotla/lekgotla")
        assert channel is not None and ("nobody receives it" in channel.recipient) == placeholder, setting
