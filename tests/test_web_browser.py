"""The dashboard in a real headless Chromium: pick a dyad, see its timeline, list a period, read the evidence.

The store holds the two seed articles (coded by the real pipeline, with the publication dates they carry
in the shared set) and one invented article whose text contains markup: the page must show that markup
as text and run none of it. Screenshots go to ``test-artifacts/``.

Skipped, with the reason, when Chromium and ChromeDriver (Debian ``chromium`` and ``chromium-driver``)
or the shared seeds are absent.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import KENYA

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
SEED_DATES = {"000_1212dacb96b4cb91.txt": date(2023, 6, 15), "004_246e9f00afd06c6d.txt": date(2024, 4, 23)}
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "test-artifacts"
WAIT = 20  # seconds for the page to show something

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("Chromium or ChromeDriver is not installed (Debian packages chromium and chromium-driver; "
                "scripts/ensure-chromium.sh installs them)", allow_module_level=True)
if not all((SEEDS / name).is_file() for name in SEED_DATES):
    pytest.skip(f"the shared seed articles are not at {SEEDS}", allow_module_level=True)

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ready  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

# An invented article whose text holds markup; if the page ever treated document text as HTML, these
# would set window.__pwned.
MARKUP_TEXT = ("Report <script>window.__pwned = 'script'</script> and <img src=x onerror=\"window.__pwned = 'img'\">. "
               "Tokyo praised Seoul for its help on 2023-09-12.")


def markup_extraction():
    """A hand-made extraction of MARKUP_TEXT: Tokyo (JPN) supports Seoul (KOR) on 12 September 2023."""
    from detente.records import Actor, Document, EventMention, Extraction, TimeRef

    document = Document.from_text(MARKUP_TEXT, source="invented/markup.txt", title="Markup test article",
                                  published=date(2023, 9, 14), published_from="option")
    start = MARKUP_TEXT.index("Tokyo praised")
    tokyo, seoul, praised = start, MARKUP_TEXT.index("Seoul"), MARKUP_TEXT.index("praised")
    day = date(2023, 9, 12)
    mention = EventMention(
        doc_id=document.doc_id, source=Actor("Tokyo", "JPN", "GOV", start=tokyo, end=tokyo + 5),
        target=Actor("Seoul", "KOR", "GOV", start=seoul, end=seoul + 5), event_type="SUPPORT", modality="reported",
        time=TimeRef("2023-09-12", "day", day, day, text="on 2023-09-12", rule="explicit-date"), sentence_index=1,
        sentence=MARKUP_TEXT[start:], char_start=start, char_end=len(MARKUP_TEXT), trigger="praised",
        trigger_start=praised, trigger_end=praised + 7, confidence=0.9)
    return Extraction(document=document, events=[mention], sentences=[(0, start - 1), (start, len(MARKUP_TEXT))])


@pytest.fixture(scope="module")
def store_path(store_of) -> Path:
    """A store with both seeds coded by the real pipeline, plus the markup article and the Kenyan one."""
    from detente.pipeline import extract_paths

    coded = []
    for name, published in SEED_DATES.items():
        (extraction,) = extract_paths([SEEDS / name], published=published)
        assert not isinstance(extraction, Exception), extraction
        coded.append(extraction)
    return store_of("web", *coded, markup_extraction(), KENYA).path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(store_path: Path) -> str:
    """The app served by uvicorn on a free 127.0.0.1 port, in a thread; its base URL."""
    import uvicorn

    from detente.api import create_app

    port = free_port()
    config = uvicorn.Config(create_app(store_path, token="browser-test"), host="127.0.0.1", port=port,
                            log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="detente-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", f"--user-data-dir={profile}", "--window-size=1400,1900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    except Exception as exc:  # a broken local Chromium is not a failure of detente
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"Chromium would not start: {str(exc).splitlines()[0]}")
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, condition, message: str):
    return WebDriverWait(driver, WAIT).until(condition, message)


def choose_dyad(driver, value: str) -> None:
    """Select a dyad (``A:B``) and wait until chart and list belong to it."""
    wait_for(driver, lambda d: len(Select(d.find_element(By.ID, "dyad")).options) > 0, "no dyads offered")
    Select(driver.find_element(By.ID, "dyad")).select_by_value(value)
    a, b = value.split(":")
    wait_for(driver, ready.text_to_be_present_in_element((By.ID, "chart-title"), f"{a} ⇄ {b}"),
             f"the chart title never named {a} and {b}")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#chart svg .period"), "no chart drawn")


def click_period(driver, period: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'#chart svg .period[data-period="{period}"]').click()
    wait_for(driver, ready.text_to_be_present_in_element((By.ID, "events-title"), f"Events in {period}"),
             f"the event list never switched to {period}")


def page_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def test_the_june_2023_visit_shows_in_the_chart_the_list_and_its_document(server: str, browser) -> None:
    browser.get(server + "/")
    offered = wait_for(browser, lambda d: [o.get_attribute("value") for o in Select(d.find_element(By.ID, "dyad")).options],
                       "no dyads offered")
    assert "CHN:USA" in offered  # the pair is offered once, for either direction
    choose_dyad(browser, "CHN:USA")

    june = browser.find_element(By.CSS_SELECTOR, '#chart svg .period[data-period="2023-06"]')
    assert june.find_elements(By.CSS_SELECTOR, "rect.bar.coop"), "June 2023 has no cooperation bar"
    title = june.find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert title.startswith("2023-06:") and "VC 0" not in title

    click_period(browser, "2023-06")
    visit = wait_for(browser, lambda d: [item for item in d.find_elements(By.CSS_SELECTOR, "#event-list .event")
                                         if "2023-06-18" in item.text and "CONSULT" in item.text], "no visit listed")[0]
    assert "USA → CHN" in visit.text and "visit" in visit.text and "reported" in visit.text
    assert "Blinken" in visit.find_element(By.CLASS_NAME, "event-sentence").text

    visit.click()
    evidence = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#document-text mark.evidence"),
                        "no evidence highlighted")
    highlighted = "".join(mark.get_attribute("textContent") for mark in evidence)
    assert "Blinken" in highlighted
    assert highlighted in browser.find_element(By.ID, "document-text").get_attribute("textContent")
    facts = browser.find_element(By.ID, "detail")
    assert facts.find_element(By.CSS_SELECTOR, '[data-fact="modality"]').text.startswith("reported")
    assert facts.find_element(By.CSS_SELECTOR, '[data-fact="date"]').text.startswith("2023-06-18")
    assert facts.find_element(By.CSS_SELECTOR, '[data-fact="date-rule"]').text not in ("", "—")
    assert "USA" in facts.find_element(By.CSS_SELECTOR, '[data-fact="source"]').text
    assert "CHN" in facts.find_element(By.CSS_SELECTOR, '[data-fact="target"]').text

    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-usa-chn-june-2023.png"))
    assert page_errors(browser) == []


def test_markup_in_a_document_is_shown_as_text_and_never_runs(server: str, browser) -> None:
    browser.get(server + "/")
    choose_dyad(browser, "JPN:KOR")
    click_period(browser, "2023-09")
    event = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#event-list .event"), "no event listed")[0]
    event.click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#document-text mark.evidence"),
             "no evidence highlighted")
    shown = browser.find_element(By.ID, "document-text")
    assert "<script>window.__pwned = 'script'</script>" in shown.text
    assert "<img src=x onerror=" in shown.text
    assert shown.find_elements(By.CSS_SELECTOR, "script, img") == []
    assert browser.execute_script("return window.__pwned === undefined")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-markup-as-text.png"))
    assert page_errors(browser) == []


# --- the map ---------------------------------------------------------------------------------------
# The page draws ``event.location`` as the API serves it: the place of each event's anchor report (or of
# its first located report), computed by the real pipeline for the seeds.


def test_the_map_draws_located_events_and_a_click_opens_their_evidence(server: str, browser) -> None:
    browser.get(server + "/")
    choose_dyad(browser, "CHN:USA")
    click_period(browser, "2023-06")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map svg path.country")) > 150,
             "the world map was not drawn")
    points = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map svg circle.point"),
                      "no event drawn on the map")
    titles = [p.find_element(By.TAG_NAME, "title").get_attribute("textContent") for p in points]
    in_china = [p for p, t in zip(points, titles) if t.startswith(("China", "Beijing")) and "CONSULT" in t]
    assert in_china, titles
    # China's point lies in China: east of the prime meridian, north of the equator on this projection
    box = browser.find_element(By.CSS_SELECTOR, "#map svg")
    width = float(box.get_attribute("width"))
    height = float(box.get_attribute("height"))
    cx, cy = float(in_china[0].get_attribute("cx")), float(in_china[0].get_attribute("cy"))
    assert 0.7 * width < cx < 0.85 * width and 0.2 * height < cy < 0.5 * height
    assert "have a stated place" in browser.find_element(By.ID, "map-notes").text

    in_china[0].click()
    evidence = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#document-text mark.evidence"),
                        "clicking the point opened no evidence")
    assert "".join(m.get_attribute("textContent") for m in evidence).strip()
    place = browser.find_element(By.CSS_SELECTOR, '#detail [data-fact="place"]').text
    assert "China" in place or "Beijing" in place
    chosen = in_china[0].get_attribute("data-event-id")
    listed = browser.find_element(By.CSS_SELECTOR, "#event-list .event.selected")
    assert listed.get_attribute("data-event-id") == chosen  # the list follows the map
    assert "selected" in in_china[0].get_attribute("class")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-map-usa-chn-june-2023.png"))
    assert page_errors(browser) == []


def test_the_map_draws_exactly_the_listed_events_that_the_api_locates(server: str, browser) -> None:
    """One point for each event of the period (reported, as the page lists them) that the API locates."""
    browser.get(server + "/")
    choose_dyad(browser, "CHN:USA")
    click_period(browser, "2023-06")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map svg path.country")) > 150,
             "the world map was not drawn")
    wait_for(browser, lambda d: d.find_element(By.ID, "map-notes").text, "the map says nothing about its points")
    located = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/events?dyad=CHN:USA&both_directions=true&since=2023-06-01&until=2023-06-30&within=true'
              + '&modality=reported&limit=25')
          .then((r) => r.json()).then((page) => done(page.events.filter((e) => e.location).map((e) => e.event_id)));
    """)
    def drawn(driver) -> list[str]:
        return sorted(p.get_attribute("data-event-id") for p in driver.find_elements(By.CSS_SELECTOR, "#map svg circle.point"))

    assert located
    wait_for(browser, lambda d: drawn(d) == sorted(located), "the map does not draw exactly the located events")
    assert f"{len(located)} of the" in browser.find_element(By.ID, "map-notes").text
    assert page_errors(browser) == []


# --- one country alone, and the scope ---------------------------------------------------------------


def choose_scope(driver, scope: str) -> list[str]:
    """Pick all/domestic/international; the values the country-or-dyad select then offers."""
    wait_for(driver, lambda d: len(Select(d.find_element(By.ID, "dyad")).options) > 0, "nothing offered")
    Select(driver.find_element(By.ID, "scope")).select_by_value(scope)
    return [o.get_attribute("value") for o in Select(driver.find_element(By.ID, "dyad")).options]


def test_a_country_alone_shows_its_internal_timeline_events_and_places(server: str, browser) -> None:
    browser.get(server + "/")
    international = choose_scope(browser, "international")
    assert "CHN:USA" in international and all(":" in value for value in international)
    domestic = choose_scope(browser, "domestic")
    assert "KEN" in domestic and all(":" not in value for value in domestic)
    everything = choose_scope(browser, "all")
    assert {"KEN", "CHN:USA"} <= set(everything)

    Select(browser.find_element(By.ID, "dyad")).select_by_value("KEN")
    wait_for(browser, ready.text_to_be_present_in_element((By.ID, "chart-title"), "KEN (internal events)"),
             "the chart title never named Kenya's internal events")
    assert not browser.find_element(By.ID, "direction").is_enabled()  # no direction within one country
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, '#chart svg .period[data-period="2024-06"]'),
             "no June 2024 in Kenya's timeline")
    click_period(browser, "2024-06")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#event-list .event")) >= 4, "no event listed")
    listed = browser.find_elements(By.CSS_SELECTOR, "#event-list .event")
    assert len(listed) == 4  # both sides Kenyan, one-sided, and of an unknown source (each listed once)
    sides = sorted(item.find_element(By.CLASS_NAME, "event-dyad").text for item in listed)
    assert sides == ["? → KEN", "KEN → ?", "KEN → KEN", "KEN → KEN"]
    points = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map svg circle.point"),
                      "no Kenyan event drawn on the map")
    titles = [p.find_element(By.TAG_NAME, "title").get_attribute("textContent") for p in points]
    assert any(t.startswith("Nairobi") for t in titles) and any(t.startswith("Mombasa") for t in titles), titles
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-kenya-internal.png"))

    # domestic: only the events with Kenya on both sides
    Select(browser.find_element(By.ID, "scope")).select_by_value("domestic")
    wait_for(browser, ready.text_to_be_present_in_element((By.ID, "chart-title"), "both sides known"),
             "the chart never narrowed to two-sided events")
    click_period(browser, "2024-06")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#event-list .event")) == 2,
             "domestic did not keep the two two-sided events")
    assert page_errors(browser) == []
