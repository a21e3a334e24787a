"""The multi-line field of forms: Textual's TextArea with its keys taken in order.

A module of its own, imported with the first form that has one: Textual's
TextArea (its document model, its syntax themes) costs several milliseconds to
import, and no screen shows one when the app starts.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import TextArea

from .in_order import TypedInto, in_order


class OrderedTextArea(TypedInto, TextArea):
    BINDINGS: ClassVar[list[BindingType]] = in_order(TextArea.BINDINGS)
