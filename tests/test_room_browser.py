"""The phone page in a real browser: Debian's Chromium at 390x844, driven by selenium,
against the real share: `sessie-tui serve` in a process of its own (`room_share.ServeRoom`).

A participant opens the join link, chooses their name, writes a card, and sees the
cards once they are revealed; the page reads well at phone size, keeps to its own
host (the performance log's requests), breaks no rule of its Content-Security-Policy,
and reflows at 200% zoom without scrolling sideways. The evaluation, a refusal, the
note-taker's note, the short code and a dropped connection each go through the server
and the store as they would in the room.

One Chromium serves the whole module (`fresh_page` between tests); the dropped
connection needs one of its own (its address mapped to a relay). Skips only when
chromium is absent and `CI` is unset (`.ci/run` installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from room_browser import (
    chromium_present,
    foreign_hosts,
    fresh_page,
    must_run,
    phone_browser,
    requested_urls,
    zoom,
)
from room_share import Relay, ServeRoom

from sessie_tui.domain.notes import NoteKind
from sessie_tui.i18n import translate

pytestmark = [
    pytest.mark.skipif(
        not chromium_present() and not must_run(),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium "
        "chromium-driver)",
    ),
    pytest.mark.slow,
]

WAIT = 10
CARD = 'Wat heb je al geprobeerd? <img src=x id="injected"> & "meer"'


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeRoom]:
    room = ServeRoom(tmp_path)
    yield room
    room.stop()


@pytest.fixture
def evaluation_server(tmp_path: Path) -> Iterator[ServeRoom]:
    room = ServeRoom(tmp_path, evaluation=True)
    yield room
    room.stop()


@pytest.fixture(scope="module")
def one_browser() -> Iterator[Any]:
    with phone_browser() as driver:
        yield driver


@pytest.fixture
def browser(one_browser: Any) -> Any:
    fresh_page(one_browser)
    return one_browser


def wait_for(driver: Any, condition: Any) -> Any:
    from selenium.common.exceptions import (
        JavascriptException,
        NoSuchElementException,
        StaleElementReferenceException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    # A page being replaced by the next one (a form's 303) is no answer yet: ask again.
    passing = (StaleElementReferenceException, NoSuchElementException, JavascriptException)
    return WebDriverWait(driver, WAIT, poll_frequency=0.1, ignored_exceptions=passing).until(
        condition
    )


def by_id(driver: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def text_of(driver: Any, element_id: str) -> str:
    return str(
        driver.execute_script(
            "return document.getElementById(arguments[0]).textContent;", element_id
        )
    )


def sideways_overflow(driver: Any) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(
        driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
    )


def page_is(driver: Any, page: str) -> bool:
    return driver.execute_script("return document.body.dataset.page;") == page


def join_as(driver: Any, join_url: str, name: str) -> None:
    driver.get(join_url)
    choose(driver, name)


def choose(driver: Any, name: str) -> None:
    from selenium.webdriver.common.by import By

    wait_for(driver, lambda d: page_is(d, "choose"))
    button = driver.find_element(By.XPATH, f"//button[.//span[normalize-space()='{name}']]")
    button.click()
    wait_for(driver, lambda d: page_is(d, "room"))


def font_px(driver: Any, element_id: str) -> float:
    return float(
        driver.execute_script(
            "return parseFloat(getComputedStyle(document.getElementById(arguments[0])).fontSize);",
            element_id,
        )
    )


def test_a_participant_joins_writes_a_card_and_sees_the_reveal(
    server: ServeRoom, browser: Any
) -> None:
    join_url = server.start()
    host = urlsplit(join_url).netloc
    join_as(browser, join_url, "Dries Maes")

    # Readable at phone size: the phase, its rule and the time large, in the first screen.
    assert browser.execute_script("return document.documentElement.lang;") == "nl"
    assert by_id(browser, "phase-title").is_displayed()
    assert font_px(browser, "phase-title") >= 28
    assert font_px(browser, "phase-rule") >= 18
    assert font_px(browser, "clock-time") >= 40
    clock_bottom = browser.execute_script(
        "return document.getElementById('clock-time').getBoundingClientRect().bottom;"
    )
    assert clock_bottom <= browser.execute_script("return window.innerHeight;")
    assert sideways_overflow(browser) <= 0

    # The clock counts down by itself between messages.
    wait_for(browser, lambda d: text_of(d, "clock-time") != "")
    first = text_of(browser, "clock-time")
    wait_for(browser, lambda d: text_of(d, "clock-time") != first)

    # Write a card: saved, and the page says so.
    area = by_id(browser, "card-text")
    area.clear()
    area.send_keys(CARD)
    by_id(browser, "card-save").click()
    wait_for(browser, lambda d: text_of(d, "feedback") == "Je kaart is bewaard.")
    wait_for(browser, lambda d: text_of(d, "card-save") == "Wijzigen")
    wait_for(browser, lambda d: text_of(d, "written-count").startswith("1 van"))
    assert not by_id(browser, "cards").is_displayed()

    # "Klaar": a toggle that says whether it is pressed.
    ready = by_id(browser, "ready-button")
    assert ready.get_attribute("aria-pressed") == "false"
    ready.click()
    wait_for(browser, lambda d: by_id(d, "ready-button").get_attribute("aria-pressed") == "true")

    # The reveal: the card appears, as text (never as markup), and the form goes.
    server.reveal()
    wait_for(browser, lambda d: by_id(d, "cards").is_displayed())
    wait_for(browser, lambda d: CARD in text_of(d, "cards-list"))
    assert browser.execute_script("return document.getElementById('injected');") is None
    assert not by_id(browser, "card").is_displayed()

    # Only the page's own host was asked for anything; nothing broke the CSP.
    urls = requested_urls(browser)
    assert any(url.endswith("/static/room.js") for url in urls)
    assert any(url.startswith("ws://") for url in urls)
    assert foreign_hosts(urls, host) == set()
    violations = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]
    assert violations == []


def test_the_end_reaches_the_page(server: ServeRoom, browser: Any) -> None:
    join_url = server.start()
    join_as(browser, join_url, "Els Janssens")
    assert not by_id(browser, "ended").is_displayed()
    server.end()
    wait_for(browser, lambda d: by_id(d, "ended").is_displayed())
    assert text_of(browser, "ended-heading") == "De bijeenkomst is afgelopen"
    assert not by_id(browser, "card").is_displayed()
    assert not by_id(browser, "phase").is_displayed()


def test_at_200_percent_zoom_nothing_scrolls_sideways(server: ServeRoom, browser: Any) -> None:
    join_url = server.start()
    browser.get(join_url)
    zoom(browser, 2)
    browser.refresh()
    assert browser.execute_script("return window.innerWidth;") <= 200
    assert sideways_overflow(browser) <= 0  # the names to choose from
    choose(browser, "Sofie Claes")
    assert sideways_overflow(browser) <= 0  # the page, with the note-taker's form
    assert by_id(browser, "note").is_displayed()
    assert by_id(browser, "clock-time").is_displayed()
    area = by_id(browser, "card-text")
    long_word = "Hoofdbehandelingsverantwoordelijkheidsoverdrachtsprotocol"
    area.send_keys(f"{long_word} " * 3)
    by_id(browser, "card-save").click()
    wait_for(browser, lambda d: text_of(d, "feedback") == "Je kaart is bewaard.")
    server.reveal()
    wait_for(browser, lambda d: long_word in text_of(d, "cards-list"))
    assert sideways_overflow(browser) <= 0  # a long word on a revealed card


def test_a_dropped_connection_is_said_and_reconnected(server: ServeRoom) -> None:
    """The real connection between the browser and the server drops (a relay between
    them is cut): the page says so, connects again by itself, and follows on."""
    port = urlsplit(server.start()).port
    assert port is not None
    relay = Relay(port)
    try:
        with phone_browser(relay.resolver_rule()) as browser:
            share = server.room().share
            assert share is not None
            join_as(browser, f"http://localhost:{port}/J/{share.secret}", "Dries Maes")
            wait_for(browser, lambda d: d.execute_script(CONNECTED) == "true")
            assert relay.accepted > 0  # the page came through the relay, not around it
            # Every text the connection line shows, however briefly.
            browser.execute_script(
                "window.seen = [];"
                "const line = document.getElementById('connection');"
                "new MutationObserver(() => window.seen.push(line.hidden ? '' : line.textContent))"
                ".observe(line, {childList: true, characterData: true, subtree: true,"
                " attributes: true});"
            )
            relay.cut()
            wait_for(browser, lambda d: "Weer verbonden." in d.execute_script(SEEN))
            assert "Verbinding verbroken. Opnieuw verbinden…" in browser.execute_script(SEEN)
            assert browser.execute_script(CONNECTED) == "true"
            # Still following: the reveal after the reconnect arrives.
            by_id(browser, "card-text").send_keys("Wat weet je al?")
            by_id(browser, "card-save").click()
            wait_for(browser, lambda d: text_of(d, "feedback") == "Je kaart is bewaard.")
            server.reveal()
            wait_for(browser, lambda d: by_id(d, "cards").is_displayed())
    finally:
        relay.close()


CONNECTED = "return document.body.dataset.connected;"
SEEN = "return window.seen;"


def test_an_anonymous_evaluation_from_the_phone(evaluation_server: ServeRoom, browser: Any) -> None:
    server = evaluation_server
    join_as(browser, server.start(), "Els Janssens")
    assert by_id(browser, "evaluation-anonymous").is_displayed()
    assert text_of(browser, "evaluation-anonymous").startswith("Anoniem:")
    assert not by_id(browser, "card").is_displayed()
    browser.find_element("css selector", 'input[name="score"][value="4"]').click()
    by_id(browser, "ballot-remark").send_keys("Goed gesprek, te weinig tijd")
    by_id(browser, "ballot-send").click()
    wait_for(browser, lambda d: text_of(d, "feedback") == "Je antwoord is bewaard.")
    # Stored as sent (the score a number, the remark as typed), and under no name.
    assert [(b.score, b.remark) for b in server.ballots()] == [(4, "Goed gesprek, te weinig tijd")]
    wait_for(browser, lambda d: text_of(d, "evaluation-answered") == "1 van 5 beantwoord")
    server.close_evaluation()
    wait_for(browser, lambda d: by_id(d, "evaluation-result").is_displayed())
    assert text_of(browser, "evaluation-mean") == "Gemiddelde: 4,0"
    assert "Score 4: 1" in text_of(browser, "evaluation-distribution")
    assert not by_id(browser, "ballot-form").is_displayed()
    answers = server.live().session.anonymous_evaluations
    assert [(a.score, a.remark) for a in answers] == [(4, "Goed gesprek, te weinig tijd")]


def test_a_refusal_is_said_in_the_alert_region(server: ServeRoom, browser: Any) -> None:
    join_as(browser, server.start(), "Dries Maes")
    by_id(browser, "card-text").send_keys("   ")
    by_id(browser, "card-save").click()  # nothing but spaces: the session keeps no card
    wait_for(browser, lambda d: by_id(d, "error").is_displayed())
    said = translate("notes.empty", "nl")
    assert text_of(browser, "error") == f"Niet gelukt: {said}"
    assert by_id(browser, "error").get_attribute("role") == "alert"
    assert server.cards() == []


def test_a_note_taker_writes_a_note_and_finds_the_terminal(server: ServeRoom, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    join_as(browser, server.start(), "Sofie Claes")
    Select(by_id(browser, "note-kind")).select_by_visible_text("vraag")
    by_id(browser, "note-text").send_keys("Wat zou je anders doen?")
    by_id(browser, "note-save").click()
    wait_for(browser, lambda d: text_of(d, "feedback") == "Je notitie is bewaard.")
    # In the session, by the note-taker's name (never a name the page could send).
    notes = [(n.kind, n.text, n.author) for n in server.notes()]
    assert notes == [(NoteKind.QUESTION, "Wat zou je anders doen?", "Sofie Claes")]
    assert by_id(browser, "note-text").get_attribute("value") == ""
    link = browser.find_element("css selector", '#note a[href="/terminal"]')
    assert link.is_displayed()
    link.click()  # the note-taker's terminal, served to this device
    wait_for(browser, lambda d: urlsplit(d.current_url).path == "/terminal")
    terminal = wait_for(browser, lambda d: d.find_element("css selector", "#terminal"))
    assert terminal.get_attribute("data-session-websocket-url").endswith("/terminal/ws")


def test_joined_by_code_the_page_waits_and_goes_on_once_admitted(
    server: ServeRoom, browser: Any
) -> None:
    server.start()
    browser.get(server.code_url())
    assert page_is(browser, "waiting")
    server.admit_all()
    wait_for(browser, lambda d: page_is(d, "choose"))
