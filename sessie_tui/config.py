"""The user's settings: `config.toml` in the config folder.

    lang = "nl"                 # or "en"
    theme = "projector-donker"
    bell = true                 # ring the terminal bell when a phase's time is up
    timezone = "Europe/Brussels"
    author = "Sofie"            # the name a note-taker writes under
    retention_days = 30         # case content is removed this long after a meeting
                                # (a network's own setting goes first; unset: kept)

    [keys]                      # remap any key by its command id (see F1)
    next_phase = "right,n"

A broken file never stops the app: what can be read is used, and the problem
is reported with the file and the field.
"""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path
from typing import Any

from .domain.fields import FieldError, FieldReader
from .domain.record import record
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .storage.atomic import ensure_private_dir, write_atomic

DEFAULT_THEME = "projector-donker"


@record
class Config:
    """The user's settings (`config.toml`): language, theme, bell, time zone and the rest."""

    lang: str = DEFAULT_LANGUAGE
    theme: str = DEFAULT_THEME
    bell: bool = True
    timezone: str = ""
    author: str = ""
    retention_days: int | None = None
    """Default for networks that set none, and for meetings outside a network."""
    keys: dict[str, str] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> Config:
        return replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"lang": self.lang, "theme": self.theme, "bell": self.bell}
        if self.timezone:
            data["timezone"] = self.timezone
        if self.author:
            data["author"] = self.author
        if self.retention_days is not None:
            data["retention_days"] = self.retention_days
        if self.keys:
            data["keys"] = dict(self.keys)
        return data


@record
class LoadedConfig:
    """The settings as read, with what was wrong in the file (each problem said at start)."""

    config: Config
    problems: tuple[str, ...] = ()


def _read(reader: FieldReader, problems: list[str], path: Path) -> Config:
    """Each field on its own: one bad field does not cost the others."""
    defaults = Config()
    values: dict[str, Any] = {}

    def take(name: str, read: Any) -> None:
        try:
            values[name] = read()
        except FieldError as error:
            problems.append(str(error.in_source(str(path))))

    take("lang", lambda: reader.text("lang", defaults.lang))
    if values.get("lang") not in LANGUAGES:
        if "lang" in values:
            problems.append(f"{path}: lang: {values['lang']!r} is not one of: nl, en")
        values["lang"] = defaults.lang
    take("theme", lambda: reader.text("theme", defaults.theme))
    take("bell", lambda: reader.boolean("bell", defaults.bell))
    take("timezone", lambda: reader.text("timezone", "", allow_empty=True))
    take("author", lambda: reader.text("author", "", allow_empty=True, max_len=200))
    take("retention_days", lambda: reader.integer("retention_days", None, minimum=1))
    keys: dict[str, str] = {}
    if reader.has("keys"):
        try:
            table = reader.table("keys")
            for name in table.field_names():
                keys[name] = table.text(name)
        except FieldError as error:
            problems.append(str(error.in_source(str(path))))
    values["keys"] = keys
    return Config(**values)


def load_config(path: Path) -> LoadedConfig:
    if not path.exists():
        return LoadedConfig(Config())
    import tomllib  # only when there is a file: the parser is itself a few ms to import

    problems: list[str] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return LoadedConfig(Config(), (f"{path}: {error}",))
    try:
        config = _read(FieldReader(data), problems, path)
    except FieldError as error:
        return LoadedConfig(Config(), (str(error.in_source(str(path))),))
    return LoadedConfig(config, tuple(problems))


def save_config(path: Path, config: Config) -> None:
    ensure_private_dir(path.parent)
    import tomli_w  # when the settings change, not at every start

    write_atomic(path, tomli_w.dumps(config.to_data()).encode("utf-8"))
