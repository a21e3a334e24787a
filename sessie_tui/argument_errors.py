"""argparse's own complaints about the command line, said in the user's language.

argparse writes its errors in English ("the following arguments are required:
SESSION"). The ones a user meets are recognised here and said through the
catalog; an unknown one stays as argparse wrote it. The language is chosen
before the arguments are understood: `--lang` as typed, else the config file's,
else Dutch.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

from . import i18n
from .config import load_config
from .i18n import t
from .paths import config_dir, config_file


def _quoted(text: str) -> str:
    """'x' as argparse printed it (Python's repr), back to x."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _choices(text: str) -> str:
    """ "'a', 'b'" as argparse printed the choices, as "a, b"."""
    try:
        values = ast.literal_eval(f"({text},)")
    except (ValueError, SyntaxError):
        return text
    return ", ".join(str(value) for value in values)


def _invalid_value(found: dict[str, str]) -> str | None:
    if found["kind"] != "int":
        return None
    return t("cli.arg.not_a_number", argument=found["argument"], value=_quoted(found["value"]))


_Say = Callable[[dict[str, str]], "str | None"]

_KNOWN: list[tuple[re.Pattern[str], _Say]] = [
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        lambda found: t("cli.arg.required", names=found["names"]),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<words>.+)"),
        lambda found: t("cli.arg.unrecognized", words=found["words"]),
    ),
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) "
            r"\(choose from (?P<choices>.+)\)"
        ),
        lambda found: t(
            "cli.arg.invalid_choice",
            argument=found["argument"],
            value=_quoted(found["value"]),
            choices=_choices(found["choices"]),
        ),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): expected one argument"),
        lambda found: t("cli.arg.needs_value", argument=found["argument"]),
    ),
    (
        re.compile(r"argument (?P<argument>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)"),
        _invalid_value,
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
        lambda found: t(
            "cli.arg.ambiguous_option", option=found["option"], matches=found["matches"]
        ),
    ),
]


def translated(message: str) -> str:
    """argparse's `message` in the current language, or as it is if it is not known."""
    for pattern, say in _KNOWN:
        found = pattern.fullmatch(message.strip())
        if found and (said := say(found.groupdict())):
            return said
    return message


def _option_value(argv: Sequence[str], name: str) -> str | None:
    for index, word in enumerate(argv):
        if word == name and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith(f"{name}="):
            return word.split("=", 1)[1]
    return None


def language_before_parsing(argv: Sequence[str]) -> str:
    """The language to complain about `argv` in, before it is understood."""
    typed = _option_value(argv, "--lang")
    if typed is not None and typed in i18n.LANGUAGES:
        return typed
    try:
        return load_config(config_file(config_dir(_option_value(argv, "--config")))).config.lang
    except OSError:  # an unreadable config is said later, when the arguments are right
        return i18n.DEFAULT_LANGUAGE
