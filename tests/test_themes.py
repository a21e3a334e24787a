"""Theme files: they load, they are readable on a projector, and a broken one costs only itself.

The contrast check works on what Textual really uses: the variables a Textual
`App` builds from the theme (`App.get_css_variables`, which runs the theme
through `ColorSystem.generate` and applies the theme's own variables), so
derived colours such as `$text-primary` and `$text-muted` are checked too. Text
colours with an alpha ("auto 70%") are composited on their background the way
Textual renders them; a test below checks that against a running app.

Thresholds (WCAG 2.x contrast ratio):

- body text: 7:1 (AAA);
- muted text, primary-coloured titles, the warning and error clock digits,
  the overtime label, footer keys, selected rows, notifications: 4.5:1;
- borders that carry meaning (the phase rule, dialogs): 3:1 (non-text contrast).

Warning and error are told apart by more than hue: the contrast ratio between
the warning and the error colour (their relative luminances) is at least 1.5,
so the two differ in lightness for a colour-blind viewer and in greyscale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.design import ColorSystem
from textual.theme import Theme
from textual.widgets import Static

from sessie_tui import config, i18n, themes
from sessie_tui.paths import bundled, user_themes_dir
from sessie_tui.themes import (
    DEFAULT_THEME,
    ThemeError,
    choose_theme,
    install_themes,
    load_theme_file,
    load_themes,
    theme_from_data,
)

BUNDLED = bundled("themes")
STYLESHEET = Path(__file__).resolve().parent.parent / "sessie_tui" / "app.tcss"

BODY = 7.0
READABLE = 4.5
NON_TEXT = 3.0
WARNING_VS_ERROR = 1.5

# The catalog texts this module's messages use. The fixture below adds them
# when the catalogs do not carry them yet; once they do, it changes nothing.
CATALOG_TEXTS = {
    "nl": {
        "theme.invalid": "Themabestand {path} niet gebruikt: {field}: {problem}",
        "theme.unknown": "Thema '{name}' is niet beschikbaar; sessie-tui gebruikt {fallback}.",
    },
    "en": {
        "theme.invalid": "Theme file {path} not used: {field}: {problem}",
        "theme.unknown": "Theme '{name}' is not available; sessie-tui uses {fallback}.",
    },
}


@pytest.fixture(autouse=True)
def _theme_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    real = i18n.catalog

    def catalog(lang: str) -> dict[str, str]:
        return {**CATALOG_TEXTS[lang], **real(lang)}

    monkeypatch.setattr(i18n, "catalog", catalog)


# -- WCAG contrast ---------------------------------------------------------------------


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast_ratio(one: Color, other: Color) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def variables_of(theme: Theme) -> dict[str, str]:
    """The CSS variables a Textual app builds from the theme (derived ones included)."""
    app: App[None] = App()
    app.register_theme(theme)
    app.theme = theme.name
    return app.get_css_variables()


def css_color(value: str) -> tuple[Color, bool]:
    """A CSS colour value ("#123456", "auto 87%", "$x 40%" resolved) as (colour, auto).

    Mirrors Textual's `process_color`: a percentage multiplies the alpha, and
    `auto` means "black or white, whichever contrasts the background".
    """
    color: Color | None = None
    alpha: float | None = None
    auto = False
    for word in value.split():
        if word == "auto":
            auto = True
        elif word.endswith("%"):
            alpha = float(word[:-1]) / 100
        else:
            color = Color.parse(word)
    color = color or Color(255, 255, 255)
    return (color.multiply_alpha(alpha) if alpha is not None else color), auto


class Palette:
    """Resolves `$name` references against one theme's variables."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.variables = variables_of(theme)

    def value(self, reference: str) -> str:
        """`"$surface 40%"` -> `"#1C1C1C 40%"`; a plain value is returned as it is."""
        return re.sub(r"\$([a-z0-9-]+)", lambda m: self.variables[m.group(1)], reference)

    def background(self, layers: tuple[str, ...]) -> Color:
        """Layers painted over each other, bottom first; `tint:` layers tint the one below."""
        result = Color(0, 0, 0)
        for layer in layers:
            if layer.startswith("tint:"):
                tint, _ = css_color(self.value(layer.removeprefix("tint:")))
                result = result.tint(tint)
            else:
                color, _ = css_color(self.value(layer))
                result = result + color
        return result

    def text(self, reference: str, background: Color) -> Color:
        """The colour the text gets on screen: composited on its background."""
        color, auto = css_color(self.value(reference))
        if auto:
            color = background.get_contrast_text(color.a)
        return background + color


@dataclass(frozen=True)
class Pair:
    """A foreground drawn on a stack of background layers, and the ratio it needs."""

    what: str
    text: str
    layers: tuple[str, ...]
    minimum: float
    only_dark: bool | None = None  # True: dark themes only; False: light themes only


SCREEN = "$background"
DIALOG = (SCREEN, "$surface")
PAIRS = (
    # Body text: the phase rule, the speaker, the running clock, table cells.
    Pair("body text", "$foreground", (SCREEN,), BODY),
    Pair("body text in dialogs, tables, inputs", "$foreground", DIALOG, BODY),
    Pair("focused table or input", "$foreground", (*DIALOG, "tint:$foreground 5%"), BODY),
    Pair("zebra row (dark)", "$foreground", (*DIALOG, "$surface-darken-1 40%"), BODY, True),
    Pair("zebra row (light)", "$foreground", (*DIALOG, "$surface-lighten-1 50%"), BODY, False),
    Pair("header, table header", "$foreground", (SCREEN, "$panel"), BODY),
    Pair("note-kind label", "$foreground", (SCREEN, "$boost"), BODY),
    Pair("$text (report preview)", "$text", (SCREEN,), BODY),
    Pair("notification", "$foreground", (SCREEN, "$panel-lighten-1"), BODY),
    # Muted and coloured text.
    Pair("muted text", "$text-muted", (SCREEN,), READABLE),
    Pair("muted text in a dialog", "$text-muted", DIALOG, READABLE),
    Pair("muted foreground", "$foreground-muted", (SCREEN,), READABLE),
    Pair("input placeholder", "$text-disabled", DIALOG, READABLE),
    Pair("screen and phase title", "$text-primary", (SCREEN,), READABLE),
    Pair("dialog title", "$text-primary", DIALOG, READABLE),
    Pair("report headings", "$markdown-h1-color", (SCREEN,), READABLE),
    Pair("warnings", "$text-warning", (SCREEN,), READABLE),
    Pair("clock digits, warning", "$warning", (SCREEN,), READABLE),
    Pair("clock digits, overtime", "$error", (SCREEN,), READABLE),
    Pair("overtime label", "$background", (SCREEN, "$error"), READABLE),
    Pair("notification title, warning", "$text-warning", (SCREEN, "$panel-lighten-1"), READABLE),
    Pair("notification title, error", "$text-error", (SCREEN, "$panel-lighten-1"), READABLE),
    Pair("notification title, info", "$text-success", (SCREEN, "$panel-lighten-1"), READABLE),
    # Textual's own widgets.
    Pair(
        "footer key",
        "$footer-key-foreground",
        (SCREEN, "$footer-background", "$footer-item-background", "$footer-key-background"),
        READABLE,
    ),
    Pair(
        "footer description",
        "$footer-description-foreground",
        (
            SCREEN,
            "$footer-background",
            "$footer-item-background",
            "$footer-description-background",
        ),
        READABLE,
    ),
    Pair(
        "selected row",
        "$block-cursor-foreground",
        (*DIALOG, "$block-cursor-background"),
        READABLE,
    ),
    Pair(
        "selected row, unfocused",
        "$block-cursor-blurred-foreground",
        (*DIALOG, "$block-cursor-blurred-background"),
        READABLE,
    ),
    Pair("primary button", "$button-color-foreground", (*DIALOG, "$primary"), READABLE),
    Pair("button", "$button-foreground", DIALOG, READABLE),
    Pair(
        "selected text in an input",
        "$input-selection-foreground",
        (*DIALOG, "$input-selection-background"),
        READABLE,
    ),
    # Borders and lines that carry meaning.
    Pair("phase rule and dialog border", "$primary", (SCREEN,), NON_TEXT),
    Pair("dialog border on its surface", "$primary", DIALOG, NON_TEXT),
    Pair("notes panel border", "$secondary", (SCREEN,), NON_TEXT),
    Pair("focused input border", "$border", DIALOG, NON_TEXT),
)


def measure(theme: Theme) -> dict[str, tuple[float, float]]:
    """Every pair's contrast ratio in this theme and the ratio it needs."""
    palette = Palette(theme)
    ratios: dict[str, tuple[float, float]] = {}
    for pair in PAIRS:
        if pair.only_dark is not None and pair.only_dark != theme.dark:
            continue
        background = palette.background(pair.layers)
        ratio = contrast_ratio(palette.text(pair.text, background), background)
        ratios[pair.what] = (ratio, pair.minimum)
    screen = palette.background((SCREEN,))
    for warning, error in (("$warning", "$error"), ("$text-warning", "$text-error")):
        ratio = contrast_ratio(palette.text(warning, screen), palette.text(error, screen))
        ratios[f"{warning} vs {error}"] = (ratio, WARNING_VS_ERROR)
    return ratios


def contrast_failures(theme: Theme) -> list[str]:
    """What falls short in this theme, with the measured and the required ratio."""
    return [
        f"{theme.name}: {what}: {ratio:.2f} < {minimum}"
        for what, (ratio, minimum) in measure(theme).items()
        if ratio < minimum
    ]


def bundled_files() -> list[Path]:
    return sorted(BUNDLED.glob("*.toml"))


# -- the bundled themes ------------------------------------------------------------------


def test_the_bundled_folder_has_the_projector_themes() -> None:
    loaded, problems = load_themes(BUNDLED, None)
    assert problems == []
    assert {"projector-donker", "projector-licht", "hoog-contrast"} <= set(loaded)
    assert {theme.dark for theme in loaded.values()} == {True, False}
    assert not (BUNDLED / ".keep").exists()


def test_the_default_theme_is_bundled_and_agrees_with_the_config() -> None:
    assert DEFAULT_THEME == config.DEFAULT_THEME == config.Config().theme
    assert load_theme_file(BUNDLED / f"{DEFAULT_THEME}.toml").name == DEFAULT_THEME


@pytest.mark.parametrize("path", bundled_files(), ids=lambda path: path.stem)
def test_a_bundled_theme_loads_and_is_named_after_its_file(path: Path) -> None:
    theme = load_theme_file(path)
    assert theme.name == path.stem
    for name in ("primary", "warning", "error", "foreground", "background", "surface", "panel"):
        value = getattr(theme, name)
        assert value is not None, f"{path.name}: {name} is left to Textual's default"
        assert Color.parse(value).a == 1, f"{path.name}: {name} is not opaque"


@pytest.mark.parametrize("path", bundled_files(), ids=lambda path: path.stem)
def test_a_bundled_theme_is_readable_on_a_projector(path: Path) -> None:
    assert contrast_failures(load_theme_file(path)) == []


@pytest.mark.parametrize("path", bundled_files(), ids=lambda path: path.stem)
def test_warning_and_error_differ_in_lightness(path: Path) -> None:
    ratios = measure(load_theme_file(path))
    assert ratios["$warning vs $error"][0] >= WARNING_VS_ERROR
    assert ratios["$text-warning vs $text-error"][0] >= WARNING_VS_ERROR


def test_every_colour_variable_in_the_stylesheet_is_checked() -> None:
    """A new `$variable` in app.tcss must get a row in PAIRS before it ships."""
    used = set(re.findall(r"\$([a-z0-9-]+)", STYLESHEET.read_text(encoding="utf-8")))
    checked = {
        name
        for pair in PAIRS
        for part in (pair.text, *pair.layers)
        for name in re.findall(r"\$([a-z0-9-]+)", part)
    }
    assert used, "no variables found in app.tcss"
    assert sorted(used - checked) == []


# -- the check itself --------------------------------------------------------------------

LOW_CONTRAST = """
name = "grijs"
dark = true
[colors]
primary = "#555555"
warning = "#8A6D3B"
error = "#8A4B3B"
foreground = "#777777"
background = "#333333"
surface = "#3A3A3A"
panel = "#404040"
"""


def test_the_check_fails_a_low_contrast_theme(tmp_path: Path) -> None:
    path = tmp_path / "grijs.toml"
    path.write_text(LOW_CONTRAST, encoding="utf-8")
    failures = contrast_failures(load_theme_file(path))
    text = "\n".join(failures)
    for what in (
        "body text",
        "screen and phase title",
        "clock digits, warning",
        "clock digits, overtime",
        "overtime label",
        "$warning vs $error",
    ):
        assert f"grijs: {what}:" in text


def test_the_luminance_formula_matches_known_values() -> None:
    black, white = Color.parse("#000000"), Color.parse("#FFFFFF")
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, white) == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
    assert contrast_ratio(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)


class Probe(App[None]):
    """Widgets styled like sessie-tui's, to read the colours Textual renders."""

    CSS = """
    Screen { background: $background; }
    #title { color: $text-primary; }
    #muted { color: $text-muted; }
    #overtime { background: $error; color: $background; }
    #dialog { background: $surface; height: auto; }
    #dialog-muted { color: $text-muted; }
    #kind { background: $boost; }
    """

    def compose(self) -> ComposeResult:
        yield Static("x", id="body")
        yield Static("x", id="title")
        yield Static("x", id="muted")
        yield Static("x", id="overtime")
        yield Static("x", id="kind")
        with Vertical(id="dialog"):
            yield Static("x", id="dialog-muted")


PROBED = {
    "body": ("$foreground", (SCREEN,)),
    "title": ("$text-primary", (SCREEN,)),
    "muted": ("$text-muted", (SCREEN,)),
    "overtime": ("$background", (SCREEN, "$error")),
    "kind": ("$foreground", (SCREEN, "$boost")),
    "dialog-muted": ("$text-muted", DIALOG),
}


@pytest.mark.parametrize("path", bundled_files(), ids=lambda path: path.stem)
async def test_the_check_sees_the_colours_textual_renders(path: Path) -> None:
    theme = load_theme_file(path)
    palette = Palette(theme)
    app = Probe()
    async with app.run_test() as pilot:
        app.register_theme(theme)
        app.theme = theme.name
        await pilot.pause()
        for widget_id, (text, layers) in PROBED.items():
            style = app.query_one(f"#{widget_id}").visual_style
            background = palette.background(layers)
            assert style.background.hex == background.hex, widget_id
            assert (style.background + style.foreground).hex == palette.text(
                text, background
            ).hex, widget_id


# -- loading, and what goes wrong ----------------------------------------------------------

GOOD = """
name = "{name}"
dark = false
[colors]
primary = "#0B4FA8"
background = "#FFFFFF"
foreground = "#111111"
"""


def write(folder: Path, file_name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        (GOOD.format(name="x").replace("#0B4FA8", "#0B4FZZ"), "colors.primary", "not a colour"),
        (GOOD.format(name="x").replace('primary = "#0B4FA8"', ""), "colors.primary", "missing"),
        (GOOD.format(name="x").replace("dark = false\n", ""), "dark", "missing"),
        (GOOD.format(name="x").replace("background", "bakground"), "colors.bakground", "not a"),
        (GOOD.format(name="x").replace('"x"', '"x y"'), "name", "letters, digits"),
        (GOOD.format(name="x").replace('"#FFFFFF"', '"ansi_white"'), "colors.background", "ANSI"),
        (
            GOOD.format(name="x") + '[variables]\n"text-muted" = "auto 7O%"\n',
            "variables.text-muted",
            "'7O%'",
        ),
        (
            GOOD.format(name="x") + '[variables]\n"footer-key-colour" = "red"\n',
            "variables.footer-key-colour",
            "not one of Textual's",
        ),
        (
            GOOD.format(name="x") + '[variables]\n"block-cursor-text-style" = "fat"\n',
            "variables.block-cursor-text-style",
            "not a text style",
        ),
        ('name = "x"\ndark = tru\n', "(file)", "not valid TOML"),
    ],
    ids=[
        "bad colour",
        "missing colour",
        "missing dark",
        "misspelt colour",
        "bad name",
        "ansi colour",
        "bad variable value",
        "unknown variable",
        "bad text style",
        "invalid toml",
    ],
)
def test_a_broken_theme_file_names_the_file_and_the_field(
    tmp_path: Path, text: str, field: str, problem: str
) -> None:
    path = write(tmp_path, "kapot.toml", text)
    with pytest.raises(ThemeError) as caught:
        load_theme_file(path)
    error = caught.value
    assert (error.path, error.field) == (str(path), field)
    assert problem in error.problem
    assert str(error) == f"Theme file {path} not used: {field}: {error.problem}"
    assert error.message("nl").startswith(f"Themabestand {path} niet gebruikt: {field}: ")


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ThemeError) as caught:
        load_theme_file(path)
    assert (caught.value.field, caught.value.problem) == ("(file)", "not UTF-8 at byte 11")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (GOOD.format(name="kapot").replace("#0B4FA8", "blauwig"), "colors.primary"),
        (GOOD.format(name="kapot").replace('primary = "#0B4FA8"', ""), "colors.primary"),
        ("name = 'kapot'\n[colors\n", "(file)"),
    ],
    ids=["bad colour", "missing field", "invalid toml"],
)
def test_a_broken_user_theme_is_reported_and_the_bundled_ones_still_load(
    tmp_path: Path, text: str, field: str
) -> None:
    user_dir = user_themes_dir(tmp_path / "config")
    path = write(user_dir, "kapot.toml", text)
    write(user_dir, "eigen.toml", GOOD.format(name="eigen"))
    i18n.set_language("en")
    loaded, problems = load_themes(BUNDLED, user_dir)
    assert len(problems) == 1
    assert str(path) in problems[0]
    assert f": {field}: " in problems[0]
    assert {"projector-donker", "projector-licht", "hoog-contrast", "eigen"} <= set(loaded)
    assert "kapot" not in loaded


def test_problems_are_in_the_current_language(tmp_path: Path) -> None:
    path = write(tmp_path, "kapot.toml", GOOD.format(name="kapot").replace("#0B4FA8", "?"))
    i18n.set_language("nl")
    _, problems = load_themes(BUNDLED, tmp_path)
    problem = "'?' is not a colour; write it as \"#RRGGBB\" or a colour name"
    assert problems == [f"Themabestand {path} niet gebruikt: colors.primary: {problem}"]


def test_a_user_theme_with_a_bundled_name_replaces_it(tmp_path: Path) -> None:
    write(tmp_path, "mijn-projector.toml", GOOD.format(name="projector-donker"))
    loaded, problems = load_themes(BUNDLED, tmp_path)
    assert problems == []
    assert loaded["projector-donker"].background == "#FFFFFF"
    assert loaded["projector-donker"].dark is False
    assert loaded["projector-licht"] == load_theme_file(BUNDLED / "projector-licht.toml")


def test_two_user_files_with_one_name_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", GOOD.format(name="eigen"))
    second = write(tmp_path, "b.toml", GOOD.format(name="eigen").replace("#111111", "#222222"))
    i18n.set_language("en")
    loaded, problems = load_themes(BUNDLED, tmp_path)
    assert loaded["eigen"].foreground == "#111111"
    assert len(problems) == 1
    assert f"{second} not used: name: 'eigen' is already the name of" in problems[0]


def test_a_missing_user_folder_is_no_problem(tmp_path: Path) -> None:
    loaded, problems = load_themes(BUNDLED, tmp_path / "nothing-here")
    assert problems == []
    assert DEFAULT_THEME in loaded


def test_boost_and_variables_reach_textual() -> None:
    theme = theme_from_data(
        {
            "name": "x",
            "dark": True,
            "luminosity_spread": 0.2,
            "colors": {"primary": "#336699", "panel": "#222222", "boost": "#2E2E2E"},
            "variables": {"text-muted": "auto 70%", "block-cursor-text-style": "bold underline"},
        }
    )
    assert theme.luminosity_spread == 0.2
    variables = variables_of(theme)
    assert variables["boost"] == "#2E2E2E"  # Textual alone would make it transparent here
    assert variables["text-muted"] == "auto 70%"
    assert variables["block-cursor-text-style"] == "bold underline"


@pytest.mark.parametrize("dark", [True, False])
def test_every_value_textual_generates_is_accepted_as_a_variable(dark: bool) -> None:
    """A user may copy any of Textual's own variables into a theme file."""
    generated = ColorSystem(primary="#808080", dark=dark).generate()
    theme = theme_from_data(
        {"name": "kopie", "dark": dark, "colors": {"primary": "#808080"}, "variables": generated}
    )
    assert theme.variables == generated


def test_an_unknown_theme_falls_back_to_the_default_with_a_message() -> None:
    i18n.set_language("nl")
    assert choose_theme({"projector-donker", "projector-licht"}, "projector-licht") == (
        "projector-licht",
        None,
    )
    name, message = choose_theme({"projector-donker", "textual-dark"}, "paars")
    assert name == DEFAULT_THEME
    assert message == "Thema 'paars' is niet beschikbaar; sessie-tui gebruikt projector-donker."
    assert choose_theme({"textual-dark"}, "paars")[0] == themes.LAST_RESORT_THEME


async def test_install_themes_registers_them_and_falls_back_on_a_broken_one(
    tmp_path: Path,
) -> None:
    write(tmp_path, "paars.toml", GOOD.format(name="paars").replace("#FFFFFF", "paarsig"))
    i18n.set_language("en")
    app: App[None] = App()
    async with app.run_test():
        problems = install_themes(app, "paars", tmp_path)
        assert app.theme == DEFAULT_THEME
        assert {"projector-donker", "projector-licht", "hoog-contrast"} <= set(app.available_themes)
    assert len(problems) == 2
    assert str(tmp_path / "paars.toml") in problems[0]
    assert "colors.background" in problems[0]
    assert problems[1] == "Theme 'paars' is not available; sessie-tui uses projector-donker."


async def test_install_themes_uses_the_chosen_theme(tmp_path: Path) -> None:
    app: App[None] = App()
    async with app.run_test():
        assert install_themes(app, "projector-licht", None) == []
        assert app.theme == "projector-licht"
        assert app.current_theme.dark is False


@pytest.mark.parametrize("path", bundled_files(), ids=lambda path: path.stem)
async def test_a_theme_chosen_before_the_start_is_the_theme_shown(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app installs its theme as it is made (before Textual parses the stylesheet):
    the colours are those of the theme set on a running app, and a theme as dark as
    Textual's default is in place without the stylesheet being parsed a second time."""
    from textual.css.stylesheet import Stylesheet

    reparses: list[Stylesheet] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(self)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    theme = load_theme_file(path)

    def colours(app: App[None]) -> dict[str, tuple[str, str]]:
        styles = {name: app.query_one(f"#{name}").visual_style for name in PROBED}
        return {
            name: (style.background.hex, (style.background + style.foreground).hex)
            for name, style in styles.items()
        }

    before = Probe()
    assert install_themes(before, theme.name, None) == []
    async with before.run_test() as pilot:
        await pilot.pause()
        seen_before, classes = colours(before), set(before.classes)
    parses_at_start = len(reparses)

    after = Probe()
    async with after.run_test() as pilot:
        install_themes(after, theme.name, None)
        await pilot.pause()
        seen_after = colours(after)

    assert seen_before == seen_after
    assert f"-theme-{theme.name}" in classes
    assert ("-dark-mode" in classes) is theme.dark
    if theme.dark:  # Textual's default is dark: nothing to parse again
        assert parses_at_start == 0
