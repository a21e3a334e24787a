"""The key bar: the screen's keys on one line, kept current, a click presses a key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from sessie_tui.widgets.key_bar import KeyBar

MINUTE = Binding.Group("minute", compact=True)
FOLLOW = Binding.Group("follow", compact=False)


class Keys(App[None]):
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "press('n')", "note"),
        Binding("space", "press('space')", "clock", key_display="␣"),
        Binding("plus,equals_sign", "press('plus')", "add", key_display="+", group=MINUTE),
        Binding("minus", "press('minus')", "remove", key_display="-", group=MINUTE),
        Binding("g", "press('g')", "done", group=FOLLOW),
        Binding("o", "press('o')", "ongoing", group=FOLLOW),
        Binding("d", "press('d')", "off"),
        Binding("h", "press('h')", "hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Input(id="field")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("d",) else True

    def action_press(self, key: str) -> None:
        self.pressed.append(key)

    def bell(self) -> None:
        self.bells += 1


def shown(app: Keys) -> str:
    return app.query_one(KeyBar).render().plain


def drawn(app: Keys) -> list[str]:
    """The keys as the bar last drew them (not worked out anew)."""
    return [span.display for span in app.query_one(KeyBar).spans]


async def test_the_bar_shows_each_shown_key_once_with_its_group_and_label() -> None:
    app = Keys()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        # One key per action, a compact group together, a spaced group apart, the
        # group's label once; a hidden binding not at all.
        assert shown(app) == "n note ␣ clock +- minute g o follow d off"
        spans = app.query_one(KeyBar).spans
        assert [span.display for span in spans] == ["n", "␣", "+", "-", "g", "o", "d"]
        assert [span.enabled for span in spans] == [True] * 6 + [False]


async def test_the_bar_follows_the_bindings_of_the_focused_widget() -> None:
    app = Keys()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        before = drawn(app)
        app.set_focus(app.query_one("#field"))
        await pilot.pause()
        # A field takes the letters and the space: their keys leave the bar.
        assert drawn(app) == ["+", "-"]
        app.set_focus(None)
        await pilot.pause()
        assert drawn(app) == before


async def test_a_click_on_a_key_presses_it_and_a_dimmed_key_rings() -> None:
    app = Keys()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        spans = {span.display: span for span in app.query_one(KeyBar).spans}
        await pilot.click(KeyBar, offset=(spans["+"].start, 0))
        await pilot.click(KeyBar, offset=(spans["o"].start, 0))
        assert app.pressed == ["plus", "o"]
        await pilot.click(KeyBar, offset=(spans["d"].start, 0))
        assert app.pressed == ["plus", "o"]
        assert app.bells == 1
        # A click on a label or between keys presses nothing.
        await pilot.click(KeyBar, offset=(spans["n"].end + 1, 0))
        assert app.pressed == ["plus", "o"]


class KeysWithHelp(Keys):
    BINDINGS: ClassVar[list[BindingType]] = [
        *Keys.BINDINGS,
        Binding("f1", "press('f1')", "help"),
    ]


async def test_keys_that_do_not_fit_go_whole_and_help_stays() -> None:
    """An old projector's 80 columns: keys go whole from the right, not cut in half,
    and the help key, which lists them all, stays at the end after a `…`."""
    app = KeysWithHelp()
    async with app.run_test(size=(100, 5)) as pilot:
        await pilot.pause()
        assert shown(app) == "n note ␣ clock +- minute g o follow d off f1 help"
        for width, expected in [
            (40, "n note ␣ clock +- minute … f1 help"),
            (31, "n note ␣ clock … f1 help"),
            (12, "… f1 help"),
        ]:
            await pilot.resize_terminal(width, 5)
            await pilot.pause()
            assert shown(app) == expected
            assert len(shown(app)) <= width
            help_key = next(span for span in app.query_one(KeyBar).spans if span.key == "f1")
            await pilot.click(KeyBar, offset=(help_key.start, 0))
        assert app.pressed == ["f1", "f1", "f1"]
        await pilot.resize_terminal(100, 5)
        await pilot.pause()
        assert shown(app) == "n note ␣ clock +- minute g o follow d off f1 help"
