"""One catalog, two languages with the same keys; every key the code uses exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from sessie_tui import commands, i18n
from sessie_tui.domain.method import PhaseKind
from sessie_tui.domain.notes import NoteKind
from sessie_tui.domain.participants import Attendance, Role

PACKAGE = Path(__file__).resolve().parent.parent / "sessie_tui"
TRANSLATING_CALLS = {"t", "tn", "tr", "translate"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(i18n.catalog("nl")) == set(i18n.catalog("en"))


def test_both_languages_use_the_same_placeholders() -> None:
    """One test over the whole catalog; it names every key whose placeholders differ."""
    nl, en = i18n.catalog("nl"), i18n.catalog("en")
    differing = {
        key: (sorted(placeholders(nl[key])), sorted(placeholders(en.get(key, ""))))
        for key in sorted(nl)
        if placeholders(nl[key]) != placeholders(en.get(key, ""))
    }
    assert differing == {}, "placeholders differ (nl, en): " + ", ".join(
        f"{key} {pair}" for key, pair in differing.items()
    )


def test_no_text_is_left_empty() -> None:
    for lang in i18n.LANGUAGES:
        assert [key for key, text in i18n.catalog(lang).items() if not text.strip()] == []


def literal_keys() -> set[str]:
    """Keys passed as string literals (f-strings give their constant prefix) to t()/tr()."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in TRANSLATING_CALLS:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                keys.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))
    return keys | {f"{prefix}*" for prefix in prefixes}


def test_every_literal_key_in_the_code_exists() -> None:
    catalog = i18n.catalog("nl")
    missing = []
    for key in literal_keys():
        if key.endswith("*"):
            if not any(k.startswith(key[:-1]) for k in catalog):
                missing.append(key)
        elif key not in catalog and f"{key}.one" not in catalog:
            missing.append(key)
    assert missing == []


def test_errors_raised_with_a_key_name_an_existing_key() -> None:
    pattern = re.compile(r'(?:Error|Violation|Failed|Busy|NotFound)\(\s*"([a-z_]+\.[a-z_.]+)"')
    catalog = i18n.catalog("nl")
    used = {
        match
        for path in PACKAGE.rglob("*.py")
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert used, "the pattern found no error keys at all"
    assert sorted(used - set(catalog)) == []


def test_every_command_has_a_label_and_a_help_line() -> None:
    catalog = i18n.catalog("en")
    found = [value for value in vars(commands).values() if isinstance(value, commands.Command)]
    assert len(found) > 20
    for command in found:
        assert command.label_key in catalog, command.id
        assert command.help_key in catalog, command.id
        if command.group:
            assert command.group in catalog


@pytest.mark.parametrize(
    ("prefix", "enum"),
    [("role", Role), ("attendance", Attendance), ("kind", NoteKind), ("status", None)],
)
def test_every_enum_value_has_a_label(prefix: str, enum: type | None) -> None:
    values = [m.value for m in enum] if enum else ["setup", "running", "ended"]
    missing = [
        f"{prefix}.{value}" for value in values if f"{prefix}.{value}" not in i18n.catalog("nl")
    ]
    assert missing == []


def test_phase_kinds_are_plain_data_not_labels() -> None:
    # Phase titles come from the method files, in both languages; kinds need no label.
    assert {kind.value for kind in PhaseKind} >= {"introductions", "questioning", "advice"}


def test_switching_language_switches_the_text() -> None:
    i18n.set_language("en")
    assert i18n.t("cmd.next_phase") == "Phase"
    i18n.set_language("nl")
    assert i18n.t("cmd.next_phase") == "Fase"


def test_a_missing_key_shows_itself_and_an_unknown_language_is_refused() -> None:
    assert i18n.t("does.not.exist") == "does.not.exist"
    with pytest.raises(ValueError):
        i18n.set_language("fr")
