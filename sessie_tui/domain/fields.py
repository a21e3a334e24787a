"""Reading untrusted nested data (TOML, JSON) field by field.

Every error names the field it is about (`phases[2].minutes`), so a message
can tell a user exactly what to fix in their file. Method files, archives,
config files and theme files are all read through `FieldReader`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from enum import Enum
from typing import Any, Final, Literal, TypeVar, overload

from .localized import Localized

E = TypeVar("E", bound=Enum)
# A default given in place of a missing field comes back as it was given: its own type.
D = TypeVar("D")


class _Missing(Enum):
    """No default: the field is required (a type of its own, so the overloads can tell)."""

    MISSING = "missing"


_MISSING: Final = _Missing.MISSING


class FieldError(ValueError):
    """A value in a structured file is missing or wrong."""

    def __init__(self, field: str, problem: str, source: str = "") -> None:
        self.field = field or "(top level)"
        self.problem = problem
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{self.field}: {problem}")

    def in_source(self, source: str) -> FieldError:
        """The same error, attributed to a file."""
        return FieldError(self.field, self.problem, source)


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class FieldReader:
    """A view on one mapping inside a document, that knows its path."""

    def __init__(self, data: Any, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise FieldError(path, f"expected a table of fields, got {_describe(data)}")
        self._data = data
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def field_path(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def has(self, key: str) -> bool:
        return key in self._data

    def field_names(self) -> list[str]:
        return [str(key) for key in self._data]

    def raw(self) -> Mapping[str, Any]:
        """The mapping itself, for code that copies it after checking it."""
        return self._data

    def identifier(self, key: str) -> str:
        """A short id made of letters, digits, '-' and '_' (safe in a file name)."""
        value = self.text(key, max_len=64)
        if not all(char.isascii() and (char.isalnum() or char in "-_") for char in value):
            raise self.error(key, "may hold only letters, digits, '-' and '_'")
        return value

    def error(self, key: str, problem: str) -> FieldError:
        return FieldError(self.field_path(key), problem)

    def _get(self, key: str, default: object) -> Any:
        if key in self._data:
            return self._data[key]
        if default is _MISSING:
            raise self.error(key, "is required but missing")
        return default

    @overload
    def text(
        self,
        key: str,
        default: Literal[_Missing.MISSING] = _MISSING,
        *,
        allow_empty: bool = False,
        max_len: int = 0,
    ) -> str: ...
    @overload
    def text(
        self, key: str, default: D, *, allow_empty: bool = False, max_len: int = 0
    ) -> str | D: ...
    def text(
        self, key: str, default: object = _MISSING, *, allow_empty: bool = False, max_len: int = 0
    ) -> object:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str):
            raise self.error(key, f"must be text, got {_describe(value)}")
        if not allow_empty and not value.strip():
            raise self.error(key, "must not be empty")
        if max_len and len(value) > max_len:
            raise self.error(key, f"is {len(value)} characters long, at most {max_len} allowed")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(key, f"must be text, got {_describe(value)}")
        return value

    @overload
    def boolean(self, key: str, default: Literal[_Missing.MISSING] = _MISSING) -> bool: ...
    @overload
    def boolean(self, key: str, default: D) -> bool | D: ...
    def boolean(self, key: str, default: object = _MISSING) -> object:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false, got {_describe(value)}")
        return value

    @overload
    def integer(
        self,
        key: str,
        default: Literal[_Missing.MISSING] = _MISSING,
        *,
        minimum: int | None = None,
    ) -> int: ...
    @overload
    def integer(self, key: str, default: D, *, minimum: int | None = None) -> int | D: ...
    def integer(
        self, key: str, default: object = _MISSING, *, minimum: int | None = None
    ) -> object:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"must be a whole number, got {_describe(value)}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        return value

    @overload
    def number(
        self, key: str, default: Literal[_Missing.MISSING] = _MISSING, *, positive: bool = False
    ) -> float: ...
    @overload
    def number(self, key: str, default: D, *, positive: bool = False) -> float | D: ...
    def number(self, key: str, default: object = _MISSING, *, positive: bool = False) -> object:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"must be a number, got {_describe(value)}")
        try:
            number = float(value)  # an integer of hundreds of digits does not fit
        except OverflowError:
            raise self.error(key, "is too large a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise self.error(key, "must be a finite number")
        if positive and number <= 0:
            raise self.error(key, f"must be more than 0, got {_describe(value)}")
        return number

    @overload
    def choice(
        self, key: str, enum: type[E], default: Literal[_Missing.MISSING] = _MISSING
    ) -> E: ...
    @overload
    def choice(self, key: str, enum: type[E], default: D) -> E | D: ...
    def choice(self, key: str, enum: type[E], default: object = _MISSING) -> object:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum)
            raise self.error(key, f"{_describe(value)} is not one of: {allowed}") from None

    @overload
    def localized(
        self, key: str, default: Literal[_Missing.MISSING] = _MISSING, *, allow_empty: bool = False
    ) -> Localized: ...
    @overload
    def localized(self, key: str, default: D, *, allow_empty: bool = False) -> Localized | D: ...
    def localized(
        self, key: str, default: object = _MISSING, *, allow_empty: bool = False
    ) -> object:
        """A `{nl = "...", en = "..."}` table; English may be left out."""
        if key not in self._data and default is not _MISSING:
            return default
        table = self.table(key)
        nl = table.text("nl", allow_empty=allow_empty)
        en = table.text("en", default="", allow_empty=True)
        return Localized(nl=nl, en=en or nl)

    def table(self, key: str) -> FieldReader:
        return FieldReader(self._get(key, _MISSING), self.field_path(key))

    def optional_table(self, key: str) -> FieldReader | None:
        if self._get(key, None) is None:
            return None
        return self.table(key)

    def tables(self, key: str, default: object = _MISSING) -> Iterator[FieldReader]:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return iter(())
        if not isinstance(value, list):
            raise self.error(key, f"must be a list, got {_describe(value)}")
        path = self.field_path(key)
        return (FieldReader(item, f"{path}[{index}]") for index, item in enumerate(value))

    def texts(self, key: str, default: Iterable[str] | _Missing = _MISSING) -> list[str]:
        value = self._get(key, default)
        if value is default and not isinstance(default, _Missing):
            return list(default)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, "must be a list of text values")
        return list(value)
