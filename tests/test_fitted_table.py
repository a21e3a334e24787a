"""Long free text is cut to fit, so the columns after it stay in sight."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from sessie_tui.widgets.fitted_table import FittedTable, Row

LONG = "Bel eerst de ouders op en spreek af wanneer jullie samen rond de tafel gaan zitten. " * 3


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield FittedTable(
            [("from", "Van"), ("advice", "Advies"), ("taken", "Mee")],
            flexible={"advice": 1},
            id="advice",
        )


def cells(table: FittedTable, row: int) -> list[str]:
    return [cell.plain if isinstance(cell, Text) else cell for cell in table.get_row_at(row)]


async def test_the_column_after_a_long_text_stays_in_sight() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FittedTable)
        table.fill([Row(["Els Janssens", LONG, "✓ mee"], key="a"), Row(["An", "Kort", "—"])])
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width
        first = cells(table, 0)
        assert first[2] == "✓ mee" and first[1].endswith("…") and len(first[1]) < len(LONG)
        assert cells(table, 1) == ["An", "Kort", "—"]  # short text is left whole

        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        wider = cells(table, 0)[1]
        assert len(wider) > len(first[1])  # cut again for the new width
        assert table.virtual_size.width <= table.size.width


async def test_the_cursor_stays_on_its_row_when_the_rows_change() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FittedTable)
        rows = [Row([f"P{n}", "tekst", "—"], key=f"k{n}") for n in range(5)]
        table.fill(rows)
        table.move_cursor(row=3)
        table.fill([*rows[:3], Row(["P3", "nieuw", "✓ mee"], key="k3"), rows[4]])
        await pilot.pause()
        assert table.cursor_row == 3
        assert table.coordinate_to_cell_key((3, 0)).row_key.value == "k3"


async def test_a_short_flexible_column_gives_its_share_to_a_long_one() -> None:
    class TwoFlexible(App[None]):
        def compose(self) -> ComposeResult:
            yield FittedTable(
                [("status", "Stand"), ("action", "Actiepunt"), ("remark", "Opmerking")],
                flexible={"action": 3, "remark": 2},
            )

    app = TwoFlexible()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(FittedTable)
        table.fill([Row(["open", LONG, "kort"])])
        await pilot.pause()
        _, action, remark = cells(table, 0)
        assert remark == "kort"  # it needs no more than its label's width
        # Everything else goes to the long text: 60 wide, 6 of padding, 2 for a scrollbar.
        assert len(action) == 60 - 6 - 2 - len("Stand") - len("Opmerking")
        assert table.virtual_size.width <= table.size.width
