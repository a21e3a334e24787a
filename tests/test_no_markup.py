"""Text with square brackets shows as it is: nothing on screen is read as markup.

Textual reads a plain `str` in a Static, a Label, a table cell, a tab, a button
or a palette entry as markup, so "[keys]" vanished from F1 ("onder , met de
naam"). The screens take their text widgets from `widgets/plain.py` (tables
from `widgets/table.py`); these tests put every catalog text that holds a
bracket, and typed text, through that path, and check that no screen takes
those widgets from Textual itself.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import OptionList

from sessie_tui import i18n
from sessie_tui.app import SessieApp
from sessie_tui.i18n import catalog
from sessie_tui.live import LiveSession
from sessie_tui.screens import dialogs, home, network
from sessie_tui.screens.action_point import ActionPointDialog
from sessie_tui.screens.help import HelpScreen
from sessie_tui.screens.notes import NotesScreen

from driving import type_text

PACKAGE = Path(__file__).resolve().parent.parent / "sessie_tui"
PLAIN_WIDGETS = {"Static", "Label", "DataTable", "Button", "TabPane"}


def bracketed() -> list[tuple[str, str]]:
    texts = [(lang, key) for lang in i18n.LANGUAGES for key, text in catalog(lang).items()]
    return [(lang, key) for lang, key in texts if "[" in catalog(lang)[key]]


def test_the_catalog_has_texts_with_brackets() -> None:
    """Else the test below checks nothing."""
    assert ("nl", "help.footer") in bracketed()
    assert ("en", "help.footer") in bracketed()


class Shows(App[None]):
    """Each text through the widgets as the screens import them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield home.Static(self.text, id="static")
        yield dialogs.Label(self.text, id="label")
        yield dialogs.Button(self.text, id="button")
        with network.TabPane(self.text, id="pane"):
            yield home.DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(home.DataTable)
        table.add_column(self.text, key="c")
        table.add_row(self.text, key="r")


@pytest.mark.parametrize(("lang", "key"), bracketed())
async def test_catalog_text_with_brackets_shows_whole(lang: str, key: str) -> None:
    text = catalog(lang)[key]
    app = Shows(text)
    async with app.run_test(size=(200, 10)) as pilot:
        await pilot.pause()
        for selector in ("#static", "#label"):
            assert str(app.query_one(selector).render()) == text
        assert str(app.query_one("#button", dialogs.Button).label) == text
        assert str(app.query_one("#pane", network.TabPane)._title) == text
        table = app.query_one(home.DataTable)
        assert str(table.get_cell("r", "c")) == text
        assert [str(column.label) for column in table.columns.values()] == [text]


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_f1_says_where_keys_are_remapped(
    make_app: Callable[..., SessieApp], lang: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        hint = str(app.screen.query_one(".dialog-hint").render())
        assert "[keys]" in hint
        assert hint == catalog(lang)["help.footer"]


async def test_f1_shows_the_id_a_key_is_remapped_by(make_app: Callable[..., SessieApp]) -> None:
    """The hint says the id is under the command's name: it is."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        table = app.screen.query_one("#keys").content  # type: ignore[attr-defined]
        assert isinstance(table, Table)
        names = [Text.assemble(cell).plain for cell in table.columns[1].cells]
        assert f"{i18n.t('cmd.new_session')}\nnew_session" in names


async def test_a_typed_name_with_brackets_shows_whole(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    for person in live.session.present():
        live.acknowledge(person.id)
    live.start()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(NotesScreen(live, "Jan [vzw] Peeters"))
        await pilot.pause()
        heading = str(app.screen.query_one("#mine-heading").render())
        assert "Jan [vzw] Peeters" in heading


@pytest.mark.parametrize(
    ("lang", "placeholder", "entry"),
    [
        ("nl", "Zoek een opdracht…", "Nieuwe sessie  [n]"),
        ("en", "Search for a command…", "New session  [n]"),
    ],
)
async def test_the_palette_speaks_the_language_and_shows_each_key(
    make_app: Callable[..., SessieApp], lang: str, placeholder: str, entry: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == placeholder
        commands = app.screen.query_one(CommandList)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any(line.startswith(entry) for line in shown), shown
        await type_text(pilot, "sessie")
        await pilot.pause(0.3)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert any(line.startswith(entry) for line in shown), shown
        await type_text(pilot, "qqqqq")
        await pilot.pause(1.0)
        last = commands.get_option_at_index(commands.option_count - 1).prompt
        assert catalog(lang)["palette.no_matches"] in str(getattr(last, "renderable", last))


def imports_from_textual_widgets(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "textual.widgets":
            names.update(alias.name for alias in node.names)
    return names


def test_screens_take_their_text_widgets_from_plain() -> None:
    files = [*PACKAGE.glob("screens/*.py"), *PACKAGE.glob("widgets/*.py")]
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imports_from_textual_widgets(path) & PLAIN_WIDGETS)
        for path in files
        if path.name not in ("plain.py", "table.py")  # where they are made plain
    }
    assert {path: names for path, names in offenders.items() if names} == {}


async def test_a_name_with_brackets_shows_whole_in_the_action_point_owner(
    make_app: Callable[..., SessieApp], new_session: Callable[..., LiveSession]
) -> None:
    live = new_session()
    live.update_participant("p-bart", name="Bart [vzw] De Smet")  # the case holder
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ActionPointDialog(live.session, "p-an"))
        await pilot.pause()
        owner = app.screen.query_one("#action-owner").query_one("#label")
        assert str(owner.render()) == "Bart [vzw] De Smet"
        await pilot.click("#action-owner")
        await pilot.pause()
        shown = app.screen.query_one("#action-owner").query_one(OptionList)
        names = [str(option.prompt) for option in shown.options]
        assert "Bart [vzw] De Smet" in names
