"""Colour themes: the bundled projector themes plus the user's own.

The facilitator's screen is often projected on a wall, so the bundled themes
(`themes/*.toml` at the top of the project) are made for that: body text has a
contrast ratio of at least 7:1 against its background, and the warning and
error colours differ in lightness, not only in hue. A test computes the ratios
from the files.

A user adds a theme by putting a `.toml` file in the `themes` folder of their
config directory (beside `config.toml`) and naming it in `config.toml`
(`theme = "mijn-thema"`). A user theme with the name of a bundled theme
replaces it. A broken file is reported with its name and the field at fault,
and skipped; a theme that is unknown or could not be loaded falls back to the
default theme. The file format:

    name = "mijn-thema"         # letters, digits, '-' and '_'; what config.toml names
    dark = true                 # true: light text on a dark background
    description = "..."         # optional, free text for the reader of the file
    luminosity_spread = 0.15    # optional: how far Textual's -lighten/-darken shades go

    [colors]                    # "#RRGGBB", "#RGB", "rgb(...)", "hsl(...)" or a colour name
    primary = "#66B3FF"         # required: titles, borders, the selected row
    secondary = "#4FD1C5"       # the other colours are optional;
    warning = "#FFDD33"         # Textual derives what is left out
    error = "#FF7878"
    success = "#5FD35F"
    accent = "#7EE0FF"
    foreground = "#F5F5F5"      # body text
    background = "#101010"      # the screen
    surface = "#1C1C1C"         # dialogs, tables, input fields
    panel = "#262626"           # header, footer, table headers
    boost = "#333333"           # the note-kind label

    [variables]                 # optional: any of Textual's theme variables
    "footer-key-foreground" = "#7EE0FF"
    "text-muted" = "auto 70%"   # a colour, "auto", a percentage, or text-style words

Textual derives more colours from these: `$text-primary`, `$text-warning`,
`$text-muted`, the footer and table-cursor colours, and so on (see
`textual.design.ColorSystem`); `[variables]` sets any of them directly.
`boost` is used as given: Textual itself ignores it when `panel` is also set
or the theme is light, so the loader passes it on as the `boost` variable.
Unknown keys are refused, so a typo ("bakground") is reported instead of
silently giving Textual's default colour.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.design import ColorSystem
from textual.theme import Theme

from .config import DEFAULT_THEME
from .domain.fields import FieldError, FieldReader
from .errors import UserFacingError
from .i18n import language, t

__all__ = [
    "DEFAULT_THEME",
    "LAST_RESORT_THEME",
    "ThemeError",
    "choose_theme",
    "install_themes",
    "load_theme_file",
    "load_themes",
    "theme_from_data",
]

LAST_RESORT_THEME = "textual-dark"
"""Textual's own theme, always registered: used when even the default is missing."""

COLOR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
TOP_LEVEL_FIELDS = ("name", "dark", "description", "luminosity_spread", "colors", "variables")

_PERCENT = re.compile(r"^\d+(\.\d+)?%$")


def _variable_names() -> frozenset[str]:
    """Every variable Textual's colour system defines, in a dark and a light theme."""
    return frozenset(
        name
        for dark in (True, False)
        for name in ColorSystem(primary="#808080", dark=dark).generate()
    )


THEME_VARIABLES = _variable_names()


class ThemeError(UserFacingError):
    """A theme file that cannot be used; the message names the file and the field."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        super().__init__("theme.invalid", path=str(path), field=field, problem=problem)

    @property
    def path(self) -> str:
        return str(self.params["path"])

    @property
    def field(self) -> str:
        return str(self.params["field"])

    @property
    def problem(self) -> str:
        return str(self.params["problem"])


def _color(reader: FieldReader, key: str) -> str:
    text = reader.text(key)
    try:
        color = Color.parse(text.strip())
    except ColorParseError:
        raise reader.error(
            key, f'{text!r} is not a colour; write it as "#RRGGBB" or a colour name'
        ) from None
    if color.ansi is not None:
        raise reader.error(key, f'{text!r} is a terminal (ANSI) colour; use "#RRGGBB"')
    return color.hex


def _check_variable(reader: FieldReader, key: str) -> str:
    """A variable's value as Textual's CSS parser would take it, or a `FieldError`."""
    if key not in THEME_VARIABLES:
        raise reader.error(key, "is not one of Textual's theme variables")
    value = reader.text(key, max_len=100)
    words = value.split()
    if key.endswith("text-style") or key.startswith("link-style"):
        wrong = [word for word in words if word not in VALID_STYLE_FLAGS]
        if wrong:
            allowed = ", ".join(sorted(VALID_STYLE_FLAGS))
            raise reader.error(key, f"{wrong[0]!r} is not a text style; use: {allowed}")
        return value
    for word in words:
        if word in ("auto", "initial") or _PERCENT.match(word):
            continue
        try:
            Color.parse(word)
        except ColorParseError:
            raise reader.error(
                key, f"{word!r} is not a colour, 'auto' or a percentage such as '60%'"
            ) from None
    return value


def _refuse_unknown(reader: FieldReader, allowed: Collection[str], what: str) -> None:
    for key in reader.field_names():
        if key not in allowed:
            raise reader.error(key, f"is not {what}; use one of: {', '.join(allowed)}")


def theme_from_data(data: Any) -> Theme:
    """Build a Textual theme from parsed TOML, or raise `FieldError` naming the field."""
    reader = FieldReader(data)
    _refuse_unknown(reader, TOP_LEVEL_FIELDS, "a theme setting")
    name = reader.identifier("name")
    dark = reader.boolean("dark")
    reader.text("description", "", allow_empty=True)
    spread = reader.number("luminosity_spread", 0.15, positive=True)
    if spread > 1:
        raise reader.error("luminosity_spread", f"must be at most 1, got {spread}")

    colors_table = reader.table("colors")
    _refuse_unknown(colors_table, COLOR_FIELDS, "a theme colour")
    colors: dict[str, str] = {"primary": _color(colors_table, "primary")}
    for key in COLOR_FIELDS[1:]:
        if colors_table.has(key):
            colors[key] = _color(colors_table, key)

    variables: dict[str, str] = {}
    variables_table = reader.optional_table("variables")
    if variables_table is not None:
        for key in variables_table.field_names():
            variables[key] = _check_variable(variables_table, key)
    if "boost" in colors:
        variables.setdefault("boost", colors["boost"])

    # Each colour by name, so that the type checker holds them against Theme's fields.
    return Theme(
        name=name,
        dark=dark,
        luminosity_spread=spread,
        variables=variables,
        primary=colors["primary"],
        secondary=colors.get("secondary"),
        warning=colors.get("warning"),
        error=colors.get("error"),
        success=colors.get("success"),
        accent=colors.get("accent"),
        foreground=colors.get("foreground"),
        background=colors.get("background"),
        surface=colors.get("surface"),
        panel=colors.get("panel"),
        boost=colors.get("boost"),
    )


def load_theme_file(path: Path) -> Theme:
    """Read one theme file; raises `ThemeError` naming the file and the field."""
    from .json_twin import load_toml

    try:
        data = load_toml(path.read_bytes())  # parsed once: every start reads the themes
    except UnicodeDecodeError as error:
        raise ThemeError(path, "(file)", f"not UTF-8 at byte {error.start}") from None
    except OSError as error:
        raise ThemeError(path, "(file)", f"cannot be read: {error.strerror or error}") from None
    except ValueError as error:  # tomllib's TOMLDecodeError (not imported for its name)
        raise ThemeError(path, "(file)", f"not valid TOML: {error}") from None
    try:
        return theme_from_data(data)
    except FieldError as error:
        raise ThemeError(path, error.field, error.problem) from None


def _theme_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.toml") if path.is_file())


def load_themes(
    bundled_dir: Path, user_dir: Path | None = None
) -> tuple[dict[str, Theme], list[str]]:
    """The bundled themes, then the user's (which replace a bundled one of the same name).

    Returns the themes by name and the problems as messages in the current
    language. A broken file costs only itself. Two files in one folder with
    the same theme name: the first (by file name) is used, the other reported.
    """
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in (bundled_dir, user_dir):
        seen: dict[str, Path] = {}
        for path in _theme_files(folder):
            try:
                theme = load_theme_file(path)
                if theme.name in seen:
                    raise ThemeError(
                        path, "name", f"{theme.name!r} is already the name of {seen[theme.name]}"
                    )
            except ThemeError as error:
                problems.append(error.message(language()))
                continue
            seen[theme.name] = path
            themes[theme.name] = theme
    return themes, problems


def choose_theme(available: Collection[str], wanted: str) -> tuple[str, str | None]:
    """The theme to use, and a message when it is not the one asked for."""
    if wanted in available:
        return wanted, None
    fallback = DEFAULT_THEME if DEFAULT_THEME in available else LAST_RESORT_THEME
    return fallback, t("theme.unknown", name=wanted, fallback=fallback)


def install_themes(
    app: App[Any], wanted: str, user_dir: Path | None, bundled_dir: Path | None = None
) -> list[str]:
    """Register every theme with `app`, switch to `wanted` (or the fallback).

    Returns the problems to show the user: broken files, and an unknown name.
    """
    from .paths import bundled

    themes, problems = load_themes(bundled_dir or bundled("themes"), user_dir)
    for theme in themes.values():
        app.register_theme(theme)
    name, problem = choose_theme(app.available_themes, wanted)
    if problem:
        problems.append(problem)
    if not app.is_running and _fits_the_start(app, name):
        _theme_before_the_first_parse(app, name)
    else:
        app.theme = name
    return problems


def _fits_the_start(app: App[Any], name: str) -> bool:
    """Whether `name` maps ANSI colours as the theme the app was built with.

    Textual builds its ANSI-to-truecolour filter as the app is constructed, from
    that theme's darkness and its `ansi` flag; only a theme alike in both can
    take its place without the filter being rebuilt (which `App.theme` does).
    """
    chosen, built_with = app.get_theme(name), app.current_theme
    return chosen is not None and (chosen.dark, chosen.ansi) == (built_with.dark, built_with.ansi)


def _theme_before_the_first_parse(app: App[Any], name: str) -> None:
    """The theme in place before the stylesheet is first parsed.

    Setting `App.theme` queues a reparse of the whole stylesheet (every widget's
    default CSS and ours), which at start comes straight after the first parse:
    some 10-20 ms of every start, for nothing. Set before the app runs, the
    variables and the classes that Textual's theme watcher would set are set
    here, through public API, and the first parse is made with them.
    """
    app.set_reactive(App.theme, name)
    theme = app.current_theme
    for old in [cls for cls in app.classes if cls.startswith("-theme-")]:
        app.remove_class(old, update=False)
    app.add_class(f"-theme-{name}", update=False)
    app.set_class(theme.dark, "-dark-mode", update=False)
    app.set_class(not theme.dark, "-light-mode", update=False)
    app.stylesheet.set_variables(app.get_css_variables())
