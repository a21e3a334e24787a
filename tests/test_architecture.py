"""The layers stay apart: domain, storage and the room's server never import Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sessie_tui"
UI_FREE = ("domain", "storage", "room")


def python_files(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module an `import` in the file names, also inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", UI_FREE)
def test_no_textual_import_in_the_source(folder: str) -> None:
    files = python_files(folder)
    assert files, f"no Python files found under {folder}"
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "textual"
        )
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_importing_domain_and_storage_loads_no_textual() -> None:
    """Also through what they import in turn (i18n, errors, ...)."""
    modules = [
        f"sessie_tui.{folder}.{path.stem}" if path.stem != "__init__" else f"sessie_tui.{folder}"
        for folder in UI_FREE
        for path in python_files(folder)
    ]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_check_would_catch_a_textual_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.widgets import Static\n")
    assert "textual.widgets" in imported_modules(sample)


def test_one_screen_per_module() -> None:
    """Each module in screens/ defines at most one main screen (dialogs live together)."""
    for path in python_files("screens"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        screens = [
            node.name
            for node in tree.body
            if isinstance(node, ast.ClassDef)
            and any(getattr(base, "id", "") == "SessieScreen" for base in node.bases)
        ]
        assert len(screens) <= 1, f"{path.name} defines {screens}"


def absolute_imports(path: Path, text: str | None = None) -> set[str]:
    """Every module the file (or `text`, as if it were that file) imports, relative
    imports resolved (`..storage` in a screen is sessie_tui.storage)."""
    package = ["sessie_tui", *path.relative_to(PACKAGE).parent.parts]
    names: set[str] = set()
    source = path.read_text(encoding="utf-8") if text is None else text
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            if not node.module:  # `from .. import storage`
                names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_screens_reach_the_store_only_through_the_services() -> None:
    """Screens and widgets talk to `LiveSession`, `LiveNetwork` and the catalog, never to
    the store: no import of `storage` or TinyDB, no `.store` attribute used."""
    offenders: dict[str, list[str]] = {}
    for folder in ("screens", "widgets"):
        for path in python_files(folder):
            found = sorted(
                name
                for name in absolute_imports(path)
                if within(name, "sessie_tui.storage") or within(name, "tinydb")
            )
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [
                f"line {node.lineno}: .store"
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and node.attr == "store"
            ]
            if found:
                offenders[str(path.relative_to(PACKAGE))] = found
    assert offenders == {}


def test_tinydb_is_used_only_inside_storage() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name for name in absolute_imports(path) if within(name, "tinydb")
        )
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "storage"
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_store_check_resolves_relative_imports() -> None:
    text = "from ..storage.store import Store\nfrom .. import storage\nimport tinydb\n"
    names = absolute_imports(PACKAGE / "screens" / "home.py", text)
    assert {"sessie_tui.storage.store", "sessie_tui.storage", "tinydb"} <= names


# What a widget may ask of the live session: reads of what it holds in memory.
LIVE_READS = frozenset({"now", "timer"})


def live_writes() -> frozenset[str]:
    """Every public method of `LiveSession` but the reads: a new one counts as a write."""
    from sessie_tui.live import LiveSession

    methods = {
        name
        for name in dir(LiveSession)
        if not name.startswith("_") and callable(getattr(LiveSession, name))
    }
    return frozenset(methods - LIVE_READS)


def runtime_imports(path: Path, text: str) -> set[str]:
    """The modules imported outside `if TYPE_CHECKING:` (a type is no way to the disk)."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = [ast.Pass()]
    return absolute_imports(path, ast.unparse(tree))


def store_reaches(path: Path, text: str | None = None) -> list[str]:
    """How a widget module would change what is stored: a call of a `LiveSession`
    write on anything but the widget itself (`self.live.add_note(...)`), the outbox or
    the storage imported to use."""
    source = path.read_text(encoding="utf-8") if text is None else text
    writes = live_writes()
    found = [
        f"line {node.lineno}: .{node.func.attr}()"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in writes
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "self")
    ]
    found += sorted(
        f"import {name}"
        for name in runtime_imports(path, source)
        if within(name, "sessie_tui.storage") or within(name, "sessie_tui.outbox")
    )
    return found


def test_widgets_post_messages_and_never_change_what_is_stored() -> None:
    """Widgets show state and post what the user asked; their screens act, through the
    live session (issue 15): no widget saves a note, moves the clock or fills the outbox."""
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in python_files("widgets")
        if (found := store_reaches(path))
    }
    assert offenders == {}


def test_the_widget_check_would_catch_a_save() -> None:
    path = PACKAGE / "widgets" / "note_composer.py"
    text = (
        "from typing import TYPE_CHECKING\n"
        "from ..outbox import outbox_of\n"
        "if TYPE_CHECKING:\n    from ..outbox import Waiting\n"
        "def save(self, draft):\n    live = self.live\n    live.add_note(draft)\n"
        "    self.live.toggle_clock()\n    self.refresh()\n    self.live.timer()\n"
    )
    assert store_reaches(path, text) == [
        "line 7: .add_note()",
        "line 8: .toggle_clock()",
        "import sessie_tui.outbox",
    ]


def undocumented_dataclasses(source: str) -> list[str]:
    """The dataclasses in `source` without a docstring of their own."""
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and any(
            word in ast.unparse(decorator)
            for decorator in node.decorator_list
            for word in ("dataclass", "record")
        )
        and ast.get_docstring(node) is None
    ]


def test_every_dataclass_says_what_it_holds() -> None:
    """A docstring per dataclass: for the reader, and for every start, since Python
    builds a text signature with `inspect` for a dataclass without one (some 0.15 ms
    each, about a hundred of them imported as a session opens)."""
    missing = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in undocumented_dataclasses(path.read_text(encoding="utf-8"))
    ]
    assert missing == []


def test_the_docstring_check_would_catch_a_bare_dataclass() -> None:
    source = "@dataclass(frozen=True)\nclass Bare:\n    x: int\n"
    assert undocumented_dataclasses(source) == ["Bare"]
    assert undocumented_dataclasses(source.replace("    x", '    """Said."""\n    x')) == []
    assert undocumented_dataclasses("@record\nclass Bare:\n    x: int\n") == ["Bare"]
