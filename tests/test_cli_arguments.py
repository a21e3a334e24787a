"""A wrong argument, for every command: one line on stderr in the user's language, status 2."""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sessie_tui import cli as sessie_cli
from sessie_tui.config import Config, save_config
from sessie_tui.live import LiveSession
from sessie_tui.storage.store import Store

from driving import cli

WRONG = [
    # (arguments, what the Dutch line holds, what the English line holds)
    (("vergaderen",), "'vergaderen' bestaat niet", "there is no 'vergaderen'"),
    (("list", "--onbekend"), "niet begrepen: --onbekend", "not understood: --onbekend"),
    (("list", "--all", "x"), "niet begrepen: x", "not understood: x"),
    (("demo", "--snel"), "niet begrepen: --snel", "not understood: --snel"),
    (
        ("export", "--audience", "iedereen", "x"),
        "'iedereen' bestaat niet",
        "there is no 'iedereen'",
    ),
    (("export", "x", "-o"), "-o/--output heeft een waarde nodig", "-o/--output needs a value"),
    (("archive",), "ontbreekt nog: SESSION, -o/--output", "missing: SESSION, -o/--output"),
    (("import",), "ontbreekt nog: FILE", "missing: FILE"),
    (("notes", "a", "b"), "niet begrepen: b", "not understood: b"),
    (("serve", "--port", "abc"), "'abc' is geen getal", "'abc' is not a number"),
    (("delete",), "ontbreekt nog: SESSION", "missing: SESSION"),
    (("network",), "ontbreekt nog: ACTION", "missing: ACTION"),
    (("network", "vergaderen"), "'vergaderen' bestaat niet", "there is no 'vergaderen'"),
    (("network", "list", "x"), "niet begrepen: x", "not understood: x"),
    (("network", "create"), "ontbreekt nog: NAME", "missing: NAME"),
    (("network", "roster", "x"), "ontbreekt nog: FILE.csv", "missing: FILE.csv"),
    (("network", "remove-member", "x"), "ontbreekt nog: NAME", "missing: NAME"),
    (("network", "delete"), "ontbreekt nog: NETWORK", "missing: NETWORK"),
    (("--lang", "fr", "list"), "'fr' bestaat niet; kies uit nl, en", "there is no 'fr'"),
    (("--db",), "--db heeft een waarde nodig", "--db needs a value"),
]


def one_line_status_2(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sessie-tui: "), lines
    return lines[0]


@pytest.mark.parametrize(("args", "dutch", "english"), WRONG)
def test_a_wrong_argument_is_said_in_the_interface_language(
    store: Store, args: tuple[str, ...], dutch: str, english: str
) -> None:
    assert dutch in one_line_status_2(cli("--db", str(store.root), *args))
    assert english in one_line_status_2(cli("--db", str(store.root), "--lang", "en", *args))


def test_without_lang_the_config_file_chooses_the_language(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    save_config(folder / "config.toml", Config(lang="en"))
    line = one_line_status_2(cli("--db", str(store.root), "--config", str(folder), "import"))
    assert "still missing: FILE" in line


def test_an_ambiguous_id_beginning_is_a_wrong_argument(
    new_session: Callable[..., LiveSession], store: Store
) -> None:
    new_session(session_id="20261123-aaaa")
    new_session(session_id="20261123-bbbb")
    for command in (("export", "20261123", "-o", "-"), ("archive", "20261123", "-o", "x.json")):
        line = one_line_status_2(cli("--db", str(store.root), *command))
        assert "20261123-aaaa, 20261123-bbbb" in line
        assert "meer dan één sessie" in line
    line = one_line_status_2(cli("--db", str(store.root), "--lang", "en", "delete", "2026"))
    assert "more than one session" in line


@pytest.mark.parametrize(
    "given",
    [
        [],
        ["--db", "/tmp/store"],
        ["--db=/tmp/store", "--lang", "en", "--theme", "projector-licht"],
        ["--config", "demo"],  # a value that is also a command's name
        ["--lang", "fr"],
        ["--db"],
        ["--db", "-x"],
        ["--db", "x", "list"],
        ["demo", "--db", "x"],
        ["--dbx", "y"],
    ],
)
def test_a_start_understood_without_the_full_parser_is_understood_as_with_it(
    given: list[str],
) -> None:
    """The quick path (at most the common options) gives what the full parser gives,
    and a mistake is said by the full parser in either case."""

    def outcome(parse: Callable[[list[str]], argparse.Namespace]) -> object:
        try:
            return vars(parse(list(given)))
        except sessie_cli.UsageError as error:
            return ("usage", str(error))

    full = outcome(lambda words: sessie_cli.build_parser().parse_args(words))
    assert outcome(sessie_cli._parse_arguments) == full
