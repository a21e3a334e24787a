"""Textual's widgets with their keys taken in the order they were typed.

Keys come in bursts (a fast typist, SSH, tmux). Textual hands the characters
of a burst to the focused widget as they are read, but runs a widget's key
bindings (an arrow in a table, backspace in a field) only after the key has
travelled back up to the app, by which time the keys behind it may already be
handled: a burst "↓ ↓ Enter" opened the row the cursor was on before the
arrows, and "helo⌫lo" lost the wrong letter. Here each binding is a priority
binding, run as its key is read, once the keys before it are handled (see
`SessieApp.run_action`), like the app's own commands (see `commands`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from .plain import Button


def in_order(
    bindings: Iterable[BindingType], *, except_keys: tuple[str, ...] = ()
) -> list[BindingType]:
    return [
        b if b.key in except_keys else dataclasses.replace(b, priority=True)
        for b in Binding.make_bindings(bindings)
    ]


class OrderedOptionList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = in_order(OptionList.BINDINGS, except_keys=("enter",))


class OrderedButton(Button):
    BINDINGS: ClassVar[list[BindingType]] = in_order(Button.BINDINGS)


class TypedInto:
    """Mixed into a field whose keys are text, as they are in an `Input` (see
    `screens.base`), so that asking does not need the field's module: Textual's
    TextArea is several milliseconds to import, and no screen shows one at start."""
