"""The method library: the bundled method files plus the user's own.

Bundled methods are the `*.toml` files beside this module. A user adds a
method by putting a `.toml` file in the `methods` folder of their config
directory; a file with the id of a bundled method replaces it. A broken user
file is reported with its name and the field at fault, and skipped: it never
stops the app.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from importlib.resources import files
from pathlib import Path

from ..domain.fields import FieldError
from ..domain.method import DEFAULT_METHOD_ID, Method, method_from_data
from ..domain.record import record


@record
class MethodProblem:
    """A method file that could not be used, and why."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class MethodLibrary:
    """The methods that could be read, with the files that could not."""

    methods: dict[str, Method] = field(default_factory=dict)
    problems: list[MethodProblem] = field(default_factory=list)

    def get(self, method_id: str) -> Method:
        return self.methods[method_id]

    @property
    def default(self) -> Method:
        return self.methods.get(DEFAULT_METHOD_ID) or next(iter(self.methods.values()))

    def in_order(self) -> list[Method]:
        """The default method first, then the others by id."""
        return sorted(self.methods.values(), key=lambda m: (m.id != DEFAULT_METHOD_ID, m.id))


def read_method_file(path: Path | str, text: str) -> Method:
    """Parse one method file; raises `FieldError` whose message names file and field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FieldError("", f"not valid TOML: {error}", str(path)) from None
    return method_from_data(data, origin=str(path))


def _add(library: MethodLibrary, path: str, read: Callable[[], str]) -> None:
    try:
        method = read_method_file(path, read())
    except FieldError as error:
        library.problems.append(MethodProblem(path, f"{error.field}: {error.problem}"))
    except (OSError, UnicodeDecodeError) as error:
        library.problems.append(MethodProblem(path, f"cannot be read: {error}"))
    else:
        library.methods[method.id] = method


def load_methods(user_dir: Path | None = None) -> MethodLibrary:
    library = MethodLibrary()
    bundled = files(__package__)
    for entry in sorted(bundled.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _add(library, f"sessie_tui/methods/{entry.name}", entry.read_text)
    if user_dir is not None and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.toml")):
            _add(library, str(path), partial(path.read_text, encoding="utf-8"))
    return library
