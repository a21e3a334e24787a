"""The phone page's templates and static files, without a browser: escaping, labels,
contrast, nothing inline, no other host, every text from the catalog in both languages.
(`test_room_browser.py` drives the page in Chromium.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sessie_tui import i18n
from sessie_tui.room.page import PAGES, STATIC_DIR, TEMPLATES_DIR, render, static_file

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
CSS = (STATIC_DIR / "room.css").read_text(encoding="utf-8")
JS = (STATIC_DIR / "room.js").read_text(encoding="utf-8")

# Text on its background: 4.5:1 (WCAG 1.4.3); frames, borders and the focus ring: 3:1 (1.4.11).
TEXT_PAIRS = [
    ("fg", "bg"),
    ("fg", "panel"),
    ("muted", "bg"),
    ("muted", "panel"),
    ("accent", "bg"),
    ("accent", "panel"),
    ("accent-fg", "accent"),
    ("pressed-fg", "pressed"),
    ("warn-fg", "warn-bg"),
    ("over-fg", "over-bg"),
    ("error-fg", "error-bg"),
    ("ok-fg", "ok-bg"),
    ("disabled-fg", "disabled-bg"),
]
NON_TEXT_PAIRS = [("border", "bg"), ("border", "panel"), ("focus", "bg"), ("focus", "panel")]


def state(**changes: Any) -> dict[str, Any]:
    """A state message as the design gives it: a written phase, a card, the evaluation."""
    base: dict[str, Any] = {
        "v": 1,
        "status": "running",
        "lang": "nl",
        "session": {"topic": HOSTILE},
        "phase": {
            "index": 3,
            "total": 9,
            "number": 4,
            "title": HOSTILE,
            "rule": HOSTILE,
            "kind": "questioning",
            "written": True,
            "silent": HOSTILE,
        },
        "clock": {"state": "warning", "seconds": 52.4, "counts": "down", "running": True},
        "speaker": {"now": HOSTILE, "next": HOSTILE},
        "me": {
            "name": HOSTILE,
            "role": "note_taker",
            "ready": True,
            "card": {"text": HOSTILE},
            "ballot": {"score": 4, "remark": HOSTILE},
        },
        "written": {"count": 7, "of": 11, "revealed": True},
        "cards": [{"text": HOSTILE, "name": HOSTILE}, {"text": "b", "name": None}],
        "ready": {"count": 5, "of": 11},
        "evaluation": {
            "open": True,
            "answered": 6,
            "of": 11,
            "closed": True,
            "mean": 4.25,
            "distribution": [0, 0, 1, 3, 2],
        },
    }
    base.update(changes)
    return base


def room_page(lang: str = "nl", **changes: Any) -> str:
    shown = state(lang=lang, **changes)
    return render("room.html", lang=lang, csrf="c5rf", me=shown["me"], state=shown)


def choose_page(lang: str = "nl", error: str = "") -> str:
    people = [
        {"id": "p1", "name": HOSTILE, "role": "case_holder", "taken": False},
        {"id": "p2", "name": "Bart", "role": "note_taker", "taken": True},
    ]
    return render("choose.html", lang=lang, csrf="c5rf", participants=people, error=error)


def every_page(lang: str) -> dict[str, str]:
    return {
        "waiting.html": render("waiting.html", lang=lang),
        "choose.html": choose_page(lang),
        "room.html": room_page(lang),
    }


class Elements(HTMLParser):
    """Each start tag with its attributes, and the text inside each <label>/<button>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open_labels = 0
        self.labelled_inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "label":
            self.open_labels += 1
        elif tag == "input" and self.open_labels:
            self.labelled_inside.append(str(attributes.get("name")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels -= 1


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_typed_text_is_escaped_everywhere(lang: str) -> None:
    for name, html in every_page(lang).items():
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name
    page = room_page(lang)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    # In the data-* attributes too: JSON with <, > and ' escaped, inside single quotes.
    assert "\\u003cscript\\u003e" in page


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_nothing_inline_and_no_other_host(lang: str) -> None:
    for name, html in every_page(lang).items():
        tags = parse(html).tags
        scripts = [attrs for tag, attrs in tags if tag == "script"]
        assert scripts == [{"src": "/static/room.js", "defer": None}], name
        assert not [tag for tag, _ in tags if tag == "style"], name
        for tag, attrs in tags:
            assert "style" not in attrs, (name, tag)
            assert not [a for a in attrs if a.startswith("on")], (name, tag)
            for link in (attrs.get("src"), attrs.get("href"), attrs.get("action")):
                if link is not None:
                    assert link.startswith("/") or link == "data:,", (name, tag, link)
                    assert not link.startswith("//"), (name, tag, link)
    for source in (CSS, JS):
        assert not re.search(r"https?://|wss?://\w|@import|url\(", source)


def test_the_script_never_writes_html() -> None:
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert unsafe not in JS
    # The socket and every request are built from the page's own location.
    assert 'location.host + "/ws"' in JS
    assert '"X-Sessie-Csrf": csrfToken()' in JS
    assert 'credentials: "same-origin"' in JS


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_control_has_a_label(lang: str) -> None:
    for name in ("choose.html", "room.html"):
        parsed = parse(every_page(lang)[name])
        labelled = {attrs.get("for") for tag, attrs in parsed.tags if tag == "label"}
        for tag, attrs in parsed.tags:
            kind = attrs.get("type")
            if tag in ("textarea", "select") or (
                tag == "input" and kind not in ("hidden", "radio")
            ):
                assert attrs.get("id") in labelled, (name, tag, attrs)
        radios = [
            attrs for tag, attrs in parsed.tags if tag == "input" and attrs.get("type") == "radio"
        ]
        assert len(radios) == parsed.labelled_inside.count("score")
    tags = parse(room_page(lang)).tags
    assert ("fieldset", {"class": "scores"}) in tags
    assert any(tag == "legend" for tag, _ in tags)
    ready = next(attrs for tag, attrs in tags if attrs.get("id") == "ready-button")
    assert ready["aria-pressed"] == "true"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_landmarks_language_and_live_regions(lang: str) -> None:
    page = room_page(lang)
    assert f'<html lang="{lang}">' in page
    tags = parse(page).tags
    names = [tag for tag, _ in tags]
    assert {"header", "main", "footer"} <= set(names)
    by_id = {attrs.get("id"): attrs for _, attrs in tags if attrs.get("id")}
    assert by_id["announce"]["aria-live"] == "polite"
    assert by_id["error"]["role"] == "alert"
    # The clock is a timer: not read out every second.
    assert by_id["clock-time"]["role"] == "timer"
    assert "aria-live" not in by_id["clock-time"]


def test_the_first_paint_shows_the_state() -> None:
    page = room_page("nl")
    assert "Fase 4 van 9" in page
    assert ">0:53<" in page  # 52.4 s left, counting down: the whole second not yet gone
    assert "⚠ bijna om · loopt" in page
    assert "7 van 11 geschreven" in page
    assert "Gemiddelde: 4,2" in page or "Gemiddelde: 4,3" in page
    assert "zonder naam" in page  # a card revealed without its writer's name
    english = room_page(
        "en", clock={"state": "overtime", "seconds": 83, "counts": "up", "running": False}
    )
    assert ">+1:23<" in english
    assert "TIME UP · paused" in english
    ended = room_page("nl", status="ended")
    assert re.search(r'<section id="ended"[^>]*aria-labelledby="ended-heading">', ended)
    assert re.search(r'<section id="card"[^>]*hidden>', ended)


def test_choosing_shows_a_taken_name_disabled_and_a_refusal() -> None:
    page = choose_page("nl", error=HOSTILE)
    assert re.search(r'value="p2" disabled\s+aria-describedby="taken-2"', page)
    assert "Bart: al in gebruik op een ander toestel" in page
    assert '<p class="message error" role="alert">&lt;script&gt;' in page
    assert 'role="alert"' not in choose_page("nl")


def catalog_keys_used() -> set[str]:
    keys = set()
    for path in TEMPLATES_DIR.glob("*.html"):
        keys.update(
            re.findall(r'\bt\("([a-z_]+\.[a-z_.]*[a-z_])"', path.read_text(encoding="utf-8"))
        )
    return keys


def test_every_text_of_the_templates_is_in_both_catalogs() -> None:
    keys = catalog_keys_used()
    assert "page.ended.heading" in keys
    for lang in i18n.LANGUAGES:
        assert sorted(keys - set(i18n.catalog(lang))) == [], lang
    # Kinds and roles are looked up by value: every value has its text.
    for lang in i18n.LANGUAGES:
        catalog = i18n.catalog(lang)
        for kind in ("note", "question", "advice", "decision", "action", "quote", "confidential"):
            assert f"kind.{kind}" in catalog
        for role in ("facilitator", "case_holder", "note_taker", "participant", "timekeeper"):
            assert f"role.{role}" in catalog


def test_every_text_the_script_shows_comes_from_the_page() -> None:
    used = set(re.findall(r'\btext\("([a-z_]+)"', JS))
    used |= set(re.findall(r'label = "([a-z_]+)"', JS))
    used |= set(re.findall(r'^\s*let label = "([a-z_]+)"', JS, re.M))
    used |= set(
        re.findall(r'[a-z]+: "([a-z_]+)"', JS.split("const DONE = ", 1)[1].split("}", 1)[0])
    )
    assert {"card_saved", "clock_over", "connection_lost", "ended"} <= used
    attribute = re.search(r"data-strings='([^']*)'", room_page("en"))
    assert attribute is not None
    given = set(re.findall(r'"([a-z_]+)": ', attribute.group(1)))
    assert sorted(used - given) == []


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_computation_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_colours_meet_wcag_aa() -> None:
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6});", CSS))
    assert len(colours) >= 15
    low = []
    for pairs, needed in ((TEXT_PAIRS, 4.5), (NON_TEXT_PAIRS, 3.0)):
        for fg, bg in pairs:
            ratio = contrast(colours[fg], colours[bg])
            if ratio < needed:
                low.append((fg, bg, round(ratio, 2)))
    assert low == []


def test_focus_is_visible_and_zoom_is_not_blocked() -> None:
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid", CSS)
    assert "outline: none" not in CSS and "outline: 0" not in CSS
    head = render("waiting.html", lang="nl")
    assert "user-scalable" not in head and "maximum-scale" not in head


def test_static_files_are_only_the_folders_own() -> None:
    assert static_file("room.css") is not None
    assert static_file("room.js") is not None
    for name in ("../page.py", "..", ".hidden", "templates/base.html", "page.py", "nope.js"):
        assert static_file(name) is None
    assert all((TEMPLATES_DIR / name).is_file() for name in PAGES)


def test_pages_refuse_a_name_they_do_not_have() -> None:
    with pytest.raises(ValueError):
        render("base.html", lang="nl")
    assert Path(TEMPLATES_DIR, "base.html").exists()
