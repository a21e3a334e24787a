"""`@record`: a frozen dataclass whose `==`, `hash()` and `repr()` are shared, not compiled.

Python 3.11's `@dataclass` compiles each method it writes from source, one `exec`
per method: a frozen dataclass of five fields costs some 0.45 ms to create on the
benchmark's machine, and 0.2 ms of that goes to its `__eq__`, `__hash__` and
`__repr__`. A session's phase screen needs about sixty records before its first
paint: some 10 ms of the start, in front of the room. A record gets the same three
made from one shared definition each, over the same fields: what
`@dataclass(frozen=True)` compares, hashes and shows (a field's `compare`, `hash`
and `repr` respected), with the same results (`tests/test_record.py` holds them side
by side).

Python 3.13 writes a dataclass's methods in one `exec`; this module can go then.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import Field, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of `names` as a tuple, always (attrgetter gives a bare value for one)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _hashed(field: Field[Any]) -> bool:
    # As dataclasses decides: a field's own `hash`, else whether it is compared.
    return field.compare if field.hash is None else field.hash


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)`, with equality, hash and repr from one definition each."""
    made = dataclass(frozen=True, eq=False, repr=False)(cls)
    own = made.__dict__
    every = fields(made)  # type: ignore[arg-type]
    compared = _getter(tuple(f.name for f in every if f.compare))
    hashed = _getter(tuple(f.name for f in every if _hashed(f)))
    shown = tuple(f.name for f in every if f.repr)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    # What the class says itself stays, as with dataclasses; a `__hash__` of None is
    # Python's doing, for a class that defines `__eq__` alone.
    explicit = {name for name in ("__eq__", "__repr__", "__hash__") if name in own}
    if own.get("__hash__", False) is None and "__eq__" in own:
        explicit.discard("__hash__")
    for method in (__eq__, __hash__, __repr__):
        if method.__name__ not in explicit:
            method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
            setattr(made, method.__name__, method)
    return made
