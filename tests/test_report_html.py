"""The report as a web page: no typed HTML gets through, and a real browser prints it.

The markdown already escapes what people typed; the renderer is told on top of that
to take no raw HTML. Hostile notes (every piece of `hostile.PIECES` in every kind)
must come out as text: no element, no attribute, no link of anyone's making. Then the
page is opened in headless Chromium and printed to PDF, as a facilitator would.
"""

from __future__ import annotations

import base64
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from room_browser import CHROMIUM, chromium_present, must_run, phone_browser
from test_report_properties import FIELDS, session_reports

from sessie_tui.cli import run
from sessie_tui.domain.audience import Audience
from sessie_tui.domain.clock import FakeClock
from sessie_tui.domain.notes import NoteKind
from sessie_tui.live import LiveSession, NoteDraft
from sessie_tui.report import session_report_source
from sessie_tui.report.drafts import make_drafts
from sessie_tui.report.html import markdown_to_html, report_html
from sessie_tui.storage.store import Store

from hostile import PIECES

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main",
    "h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "br", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
HOSTILE = " ".join(PIECES)
MEDIA_BOX = rb"/MediaBox\s*\[([^\]]*)\]"


class Elements(HTMLParser):
    """Every element of a page with its attributes, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def assert_only_report_elements(page: str) -> None:
    found = elements(page)
    assert {tag for tag, _ in found.tags} <= ALLOWED_TAGS
    for tag, attrs in found.tags:
        names = {name for name, _ in attrs}
        if tag in ("th", "td"):
            assert names <= {"style"}  # a table column's alignment, from the report itself
        elif tag == "meta":
            assert names <= {"charset", "name", "content"}
        elif tag == "html":
            assert names == {"lang"}
        else:
            assert names == set(), (tag, attrs)


def hostile_session(new_session: Any) -> LiveSession:
    live = new_session()
    live.update_info(topic="<script>alert('topic')</script>", place=HOSTILE)
    live.override_gate()
    live.start()
    for index, kind in enumerate(NoteKind):
        live.go_to_phase(min(index + 1, len(live.session.phases) - 1))
        live.add_note(NoteDraft(HOSTILE, kind, "p-sofie", speaker="p-an"))
    live.end()
    return live


def test_raw_html_is_never_let_through() -> None:
    rendered = markdown_to_html("<b>vet</b>\n\n<script>alert(1)</script>\n\n<img src=x onerror=y>")
    assert "<b>" not in rendered and "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_hostile_notes_come_out_as_text(new_session: Any, clock: FakeClock) -> None:
    live = hostile_session(new_session)
    source = session_report_source(live.session, clock, "nl")
    for audience in Audience:
        page = source.html(audience)
        assert_only_report_elements(page)
        assert page.count("<script") == 0 and page.count("<a ") == 0
        # The title too: what a topic says is shown, never run.
        assert "<title>&lt;script&gt;alert(&#x27;topic&#x27;)&lt;/script&gt;</title>" in page
    shown = "".join(elements(source.html(Audience.PARTICIPANTS)).text)
    assert "<script>alert(1)</script>" in shown and "[link](http://x.be)" in shown


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(FIELDS)
def test_no_text_in_any_field_makes_an_element(fields: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        reports = session_reports(fields, Path(folder))
    for markdown in reports.values():
        assert_only_report_elements(report_html(markdown, fields["topic"], "nl"))


def test_export_as_html_is_the_drafts_page(
    new_session: Any, clock: FakeClock, store: Store, tmp_path: Path
) -> None:
    live = hostile_session(new_session)
    target = tmp_path / "verslag.html"
    argv = ["--db", str(store.root), "export", live.id, "--format", "html", "-o", str(target)]
    assert run(argv) == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    (draft, _) = make_drafts(live.session, {}, clock, "nl", tmp_path)
    part = draft.message.get_body(("html",))
    assert part is not None
    # The same page, but for the time in the report ("ended at"): the store's clock is
    # the fake one in both, so even that matches.
    assert part.get_content() == page
    # The default name follows the format.
    assert run(["--db", str(store.root), "export", live.id, "--format", "html", "-o", "-"]) == 0


@pytest.mark.slow  # a real browser
@pytest.mark.skipif(not chromium_present() and not must_run(), reason="no chromium here")
def test_chromium_shows_the_page_and_prints_it_to_pdf(new_session: Any, clock: FakeClock) -> None:
    assert CHROMIUM.exists()
    live = hostile_session(new_session)
    source = session_report_source(live.session, clock, "nl")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "verslag.html"
        page.write_text(source.html(Audience.PARTICIPANTS), encoding="utf-8")
        with phone_browser() as driver:
            driver.get(page.as_uri())
            assert driver.title == "<script>alert('topic')</script>"
            assert driver.execute_script("return document.scripts.length") == 0
            assert driver.execute_script("return document.links.length") == 0
            heading = driver.execute_script("return document.querySelector('h1').textContent")
            assert heading == "Verslag intervisie"
            body = driver.execute_script("return document.body.innerText")
            assert "<script>alert(1)</script>" in body  # shown as text
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == []
            # The print style applies when printed.
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            width = driver.execute_script("return getComputedStyle(document.body).maxWidth")
            assert width == "none"
            printed = driver.execute_cdp_cmd(
                "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}
            )
    pdf = base64.b64decode(printed["data"])
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(pages) >= 2  # the participants' report of a whole meeting: more than a page
    # A4, as the print style asks: 595 x 842 points.
    boxes = {tuple(round(float(v)) for v in box.split()) for box in re.findall(MEDIA_BOX, pdf)}
    assert boxes == {(0, 0, 595, 842)}
