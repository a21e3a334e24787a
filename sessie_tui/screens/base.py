"""What every screen of the app shares: translated key labels and the app's context."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList

from .. import commands
from ..domain.record import record
from ..domain.violation import RuleViolation
from ..errors import UserFacingError
from ..i18n import t
from ..widgets.in_order import TypedInto, in_order

if TYPE_CHECKING:
    from ..app import AppContext, SessieApp

T = TypeVar("T")


@record
class Done(Generic[T]):
    """What an intention that was carried out gave back (which may itself be None)."""

    value: T


def translated(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Bindings with their footer labels in the current language.

    Textual fixes a binding's description when the class is defined, before
    the user's language is known; the description holds a catalog key
    instead, and this is where it becomes text.
    """
    result = {}
    for key, item in active.items():
        binding = item.binding
        if binding.description.startswith("cmd."):
            binding = dataclasses.replace(binding, description=t(binding.description))
        if binding.group is not None and binding.group.description.startswith("cmd."):
            group = dataclasses.replace(binding.group, description=t(binding.group.description))
            binding = dataclasses.replace(binding, group=group)
        result[key] = item._replace(binding=binding)
    return result


# Tab and shift+tab move the focus in the order they were typed, like every other key.
FOCUS_KEYS = in_order(b for b in Binding.make_bindings(Screen.BINDINGS) if "tab" in b.key)


class _Shared:
    """Mixed into both kinds of screen."""

    @property
    def typing(self) -> bool:
        """A text field has focus: keys are text for it."""
        return isinstance(self.focused, (Input, TypedInto))  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Every command is a priority binding (see `commands`): one whose key is text
        # stands aside while a field has focus, and the key goes to the field.
        if action in commands.TYPED_ACTIONS and self.typing:
            return False
        return self.applies(action, parameters)

    def applies(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a command works here now; screens narrow it (Textual's check_action)."""
        return True

    @property
    def sessie(self) -> SessieApp:
        return self.app  # type: ignore[attr-defined, no-any-return]

    @property
    def context(self) -> AppContext:
        return self.sessie.context

    def report_error(self, error: UserFacingError) -> None:
        # A rule of the method is said gently; a problem with the files is an error.
        severity = "warning" if isinstance(error, RuleViolation) else "error"
        self.app.notify(error.message(self.context.lang), severity=severity, timeout=8)  # type: ignore[attr-defined]

    def report_store_problems(self) -> None:
        """What the store met along the way (a damaged file set aside), each said once."""
        for problem in self.context.sessions.take_problems():
            if problem.notice:
                severity = "warning" if problem.warning else "information"
                self.app.notify(problem.message(self.context.lang), severity=severity, timeout=8)  # type: ignore[attr-defined]
            else:
                self.report_error(problem)

    def action_choose(self) -> None:
        """Enter (`commands.CHOOSE`) chooses the highlighted option of the focused list."""
        focused = self.focused  # type: ignore[attr-defined]
        if isinstance(focused, OptionList):
            focused.action_select()

    def attempt(self, intention: Callable[[], object]) -> bool:
        """Carry out an intention; a refusal or a store problem is shown, not raised."""
        return self.attempt_for(intention) is not None

    def attempt_for(self, intention: Callable[[], T]) -> Done[T] | None:
        """Like `attempt`, keeping what the intention gave back; None if it was refused."""
        try:
            return Done(intention())
        except UserFacingError as error:
            self.report_error(error)
            return None


def breakpoint_classes(app: App[Any], width: int, height: int) -> dict[str, bool]:
    """The -narrow/-wide and -short/-tall classes for a window of this size."""
    classes: dict[str, bool] = {}
    for breakpoints, dimension in (
        (app.HORIZONTAL_BREAKPOINTS or [], width),
        (app.VERTICAL_BREAKPOINTS or [], height),
    ):
        reached = [name for least, name in sorted(breakpoints) if dimension >= least]
        classes.update({name: name == reached[-1] for _, name in breakpoints if reached})
    return classes


def _sized_for_the_window(screen: Screen[Any]) -> None:
    """Give a new screen the window's classes before it is styled.

    Textual sets them at the screen's first resize, after its first frame: every
    widget of the screen was styled again then (a tenth of the phase screen's start),
    and the first frame was laid out for no window in particular.
    """
    try:
        app = screen.app
    except RuntimeError:  # no app running (Textual's NoActiveAppError): a test of its parts
        return
    screen.update_classes(breakpoint_classes(app, *app.size), update=False)


class SessieScreen(_Shared, Screen[Any]):
    BINDINGS = FOCUS_KEYS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _sized_for_the_window(self)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def action_back(self) -> None:
        self.app.pop_screen()


class SessieModal(_Shared, ModalScreen[Any]):
    BINDINGS = FOCUS_KEYS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _sized_for_the_window(self)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)
