"""No class of ours overrides a private method of a Textual class.

A private method can change or vanish in any Textual release; overriding one is
what would keep Textual pinned. Every class in `sessie_tui` that subclasses a
Textual class is inspected: a method or property whose name starts with "_"
(not a dunder) that a Textual base class also defines is an override of
Textual's internals. The few that have no public way in Textual are named
below, each with the reason; the list cannot go stale.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import sessie_tui

# (module, class, name) -> why Textual offers no public way to do this.
NO_PUBLIC_WAY = {
    ("sessie_tui.app", "SessieApp", "_handle_exception"): (
        "Textual has no public hook for an unhandled exception (textual#2818): every "
        "pump, timer and worker calls this; the default prints locals on the projector"
    ),
    ("sessie_tui.palette", "SessiePalette", "_start_no_matches_countdown"): (
        'the palette writes "No matches found" in English; Textual has no public '
        "setting for that text"
    ),
}


def textual_classes_of_ours() -> list[type[Any]]:
    found: dict[str, type[Any]] = {}
    for module_info in pkgutil.walk_packages(sessie_tui.__path__, "sessie_tui."):
        if module_info.name.endswith("__main__"):  # importing it runs the app
            continue
        module = importlib.import_module(module_info.name)
        for cls in vars(module).values():
            ours = inspect.isclass(cls) and cls.__module__ == module.__name__
            if ours and any(is_textual(base) for base in cls.__mro__):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def is_textual(cls: type[Any]) -> bool:
    return cls.__module__.split(".")[0] == "textual"


def private_overrides(cls: type[Any]) -> set[str]:
    """The private methods and properties `cls` itself defines that a Textual base
    defines too (class data Textual sets on every subclass is not ours: skipped)."""
    textual_bases = [base for base in cls.__mro__ if is_textual(base)]
    names = set()
    for name, value in vars(cls).items():
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
            continue
        is_code = inspect.isfunction(value) or isinstance(
            value, (property, classmethod, staticmethod)
        )
        if is_code and any(name in vars(base) for base in textual_bases):
            names.add(name)
    return names


def test_no_private_textual_method_is_overridden() -> None:
    classes = textual_classes_of_ours()
    assert len(classes) > 20, "the walk found too few Textual classes: it is broken"
    found = {
        (cls.__module__, cls.__qualname__, name)
        for cls in classes
        for name in private_overrides(cls)
    }
    unexplained = sorted(found - NO_PUBLIC_WAY.keys())
    assert not unexplained, f"overrides of Textual's private methods: {unexplained}"
    stale = sorted(NO_PUBLIC_WAY.keys() - found)
    assert not stale, f"listed as overrides but no longer are: {stale}"


def test_the_check_would_catch_an_override() -> None:
    from textual.widgets import Input

    class Sneaky(Input):
        def _on_paste(self, event: Any) -> None: ...

        @property
        def _value(self) -> Any: ...

        def _own_helper(self) -> None: ...

    assert private_overrides(Sneaky) == {"_on_paste", "_value"}
