"""The home list adds its rows as they come into view (issue 15), and still reaches all.

A store of some years holds hundreds of meetings; the window shows a few dozen. The
table must not measure and render every one before the first paint, yet every key
that moves through the list must reach every meeting, the last one included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from textual import widgets

from sessie_tui.app import SessieApp
from sessie_tui.live import LiveSession
from sessie_tui.screens.home import HomeScreen
from sessie_tui.screens.setup import SetupScreen
from sessie_tui.widgets.paged_table import PagedTable

MEETINGS = 70
"""More than the rows two 24-line windows hold: some must wait."""


def make_meetings(new_session: Callable[..., LiveSession]) -> list[str]:
    ids = [f"20261123-m{number:03d}" for number in range(MEETINGS)]
    for number, session_id in enumerate(ids):
        new_session(session_id=session_id, topic=f"Vergadering {number:03d}")
    return ids


def selected_id(app: SessieApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, HomeScreen)
    entry = screen._selected()
    return entry.id if entry else None


async def test_the_list_holds_what_can_be_seen_and_reaches_the_last_meeting(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    make_meetings(new_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", PagedTable)
        assert table.row_count < MEETINGS
        assert table.row_count + table.waiting_rows == MEETINGS
        first = selected_id(app)

        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.row_count == MEETINGS
        assert table.cursor_row == MEETINGS - 1
        last = selected_id(app)
        assert last is not None and last != first

        await pilot.press("ctrl+home")
        await pilot.pause()
        assert selected_id(app) == first


async def test_moving_down_row_by_row_reaches_every_meeting(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    ids = make_meetings(new_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = {selected_id(app)}
        for _ in range(MEETINGS - 1):
            await pilot.press("down")
            seen.add(selected_id(app))
        await pilot.pause()
        table = app.screen.query_one("#sessions", PagedTable)
        assert table.cursor_row == MEETINGS - 1
        assert seen == set(ids)


async def test_a_session_opened_at_start_has_no_home_under_it_until_it_is_left(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    ids = make_meetings(new_session)
    app = make_app(open_session=ids[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        # Opened on a session: no list composed and read under it, where nobody sees it.
        assert not any(isinstance(screen, HomeScreen) for screen in app.screen_stack)

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#sessions", PagedTable).row_count > 0
        assert selected_id(app) in ids


async def test_page_down_never_stops_short_of_the_last_meeting(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    """The rows added reach a window past the view: a page down always finds its rows."""
    make_meetings(new_session)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", PagedTable)
        rows = [table.cursor_row]
        while table.cursor_row < MEETINGS - 1 and len(rows) < MEETINGS:
            await pilot.press("pagedown")
            await pilot.pause()
            assert table.cursor_row > rows[-1], f"page down stopped at row {table.cursor_row}"
            rows.append(table.cursor_row)
        assert table.cursor_row == MEETINGS - 1


async def test_each_cell_in_view_is_drawn_once_as_the_list_opens(
    make_app: Callable[..., SessieApp],
    new_session: Callable[..., LiveSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual's table forgets every drawn cell at each resize, its first one included,
    which comes after its first frame: on a store of years every row in view was drawn
    twice as the app opened. A cell's look does not depend on the table's size; after a
    change of width the list is filled again, and drawn anew."""
    make_meetings(new_session)
    drawn: Counter[tuple[object, ...]] = Counter()
    draw = widgets.DataTable._render_cell

    def counting(table: Any, row: int, column: int, *args: Any, **kwargs: Any) -> Any:
        drawn[(row, column, *args[2:], *kwargs.values())] += 1
        return draw(table, row, column, *args, **kwargs)

    monkeypatch.setattr(widgets.DataTable, "_render_cell", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions", PagedTable)
        in_view = {(row, column) for row, column, *_ in drawn if row >= 0}
        assert len(in_view) >= 3 * 10  # three columns, the rows a 24-line window shows
        assert max(drawn.values()) == 1, [key for key, times in drawn.items() if times > 1]

        drawn.clear()
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert table.columns[table.ordered_columns[1].key].width > 40
        assert {(row, column) for row, column, *_ in drawn if row >= 0} >= in_view
