"""Textual's text widgets with markup parsing off: the ones every screen imports.

Textual reads a plain `str` given to `Static`, `Label`, a `DataTable` cell or
column, a tab or a button as markup, so any `[word]` in it vanishes: the
catalog's "onder [keys]" showed as "onder ,", and a name typed as "Jan [VZW]"
would lose its brackets. Nothing sessie-tui shows is meant as markup (styling
comes from the stylesheet and from `rich.text.Text`), so the screens take these
widgets from here and a `str` always shows exactly as it is, less what a
terminal would obey: control characters show as their stand-ins (`make_visible`).
The table is in `table`: only some screens show one.
"""

from __future__ import annotations

from typing import Any, overload

from rich.text import Text
from textual import widgets
from textual.content import Content, ContentText, ContentType
from textual.visual import VisualType

from ..textsafety import make_visible


def literal(value: Any) -> Any:
    """A `str` as text that is never parsed, its control characters made visible;
    anything else as it is."""
    return (
        Text(make_visible(value, keep_newlines=True), end="") if isinstance(value, str) else value
    )


@overload
def literal_content(value: ContentType) -> Content: ...
@overload
def literal_content(value: Text) -> Text: ...
def literal_content(value: ContentText) -> Content | Text:
    return Content(make_visible(value, keep_newlines=True)) if isinstance(value, str) else value


def visible(content: VisualType) -> VisualType:
    """A `str` with its control characters made visible; anything else as it is."""
    return make_visible(content, keep_newlines=True) if isinstance(content, str) else content


class Static(widgets.Static):
    def __init__(self, content: VisualType = "", *, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(visible(content), markup=markup, **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(visible(content), layout=layout)


class Label(widgets.Label):
    def __init__(self, content: VisualType = "", *, markup: bool = False, **kwargs: Any) -> None:
        super().__init__(visible(content), markup=markup, **kwargs)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(visible(content), layout=layout)


class Button(widgets.Button):
    def __init__(self, label: ContentText | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(literal_content(label) if label is not None else None, *args, **kwargs)


def _tab_pane() -> type[widgets.TabPane]:
    class TabPane(widgets.TabPane):
        # Textual's tab titles are `str` or `Content`, never a Rich `Text`.
        def __init__(self, title: ContentType, *children: Any, **kwargs: Any) -> None:
            super().__init__(literal_content(title), *children, **kwargs)

    TabPane.__qualname__ = "TabPane"
    return TabPane


def __getattr__(name: str) -> Any:
    # Made when a screen first asks for it: Textual's tabs are a tenth of the home
    # screen's start-up, and only the network overview has any.
    if name == "TabPane":
        globals()["TabPane"] = pane = _tab_pane()
        return pane
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
