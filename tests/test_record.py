"""`@record` compares, hashes and shows a record as `@dataclass(frozen=True)` would.

Each record class here has a dataclass twin with the same fields; hypothesis draws
values (hostile text included), and the two must agree on `==`, `hash()` and
`repr()`, and stay as frozen.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessie_tui.domain.record import record


@record
class Point:
    """Two numbers and a label that is not compared (as `method.PhaseSpec.origin`)."""

    x: int
    y: float
    label: str = field(default="", compare=False)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PointTwin:
    """`Point` as a plain frozen dataclass."""

    x: int
    y: float
    label: str = field(default="", compare=False)
    tags: tuple[str, ...] = ()


@record
class Shown:
    """A field left out of the repr, one out of the hash only, one of each kind."""

    name: str
    secret: str = field(default="", repr=False)
    loose: int = field(default=0, hash=False)


@dataclass(frozen=True)
class ShownTwin:
    """`Shown` as a plain frozen dataclass."""

    name: str
    secret: str = field(default="", repr=False)
    loose: int = field(default=0, hash=False)


@record
class Empty:
    """No fields at all."""


@record
class One:
    """A single field (attrgetter gives a bare value for one name)."""

    value: str


@dataclass(frozen=True)
class OneTwin:
    """`One` as a plain frozen dataclass."""

    value: str


@record
class Nested:
    """Records inside records, and a list (unhashable, as in a dataclass)."""

    inner: Point
    items: list[One] = field(default_factory=list)


texts = st.text(max_size=12)
points = st.builds(
    lambda x, y, label, tags: (x, y, label, tags),
    st.integers(),
    st.floats(allow_nan=False),
    texts,
    st.lists(texts, max_size=3).map(tuple),
)


def twin_repr(text: str, name: str) -> str:
    return text.replace(f"{name}Twin(", f"{name}(", 1)


@given(points, points)
def test_equality_and_hash_agree_with_a_frozen_dataclass(a: tuple, b: tuple) -> None:  # type: ignore[type-arg]
    mine_a, mine_b = Point(*a), Point(*b)
    twin_a, twin_b = PointTwin(*a), PointTwin(*b)
    assert (mine_a == mine_b) == (twin_a == twin_b)
    assert (mine_a != mine_b) == (twin_a != twin_b)
    assert hash(mine_a) == hash(twin_a)
    assert repr(mine_a) == twin_repr(repr(twin_a), "Point")
    assert Point(*a) == mine_a and hash(Point(*a)) == hash(mine_a)


@given(texts, texts, st.integers(), st.integers())
def test_field_options_are_respected(name: str, secret: str, one: int, other: int) -> None:
    mine, twin = Shown(name, secret, one), ShownTwin(name, secret, one)
    assert repr(mine) == twin_repr(repr(twin), "Shown")
    assert "secret=" not in repr(mine)
    assert hash(mine) == hash(twin) == hash(Shown(name, secret, other))
    assert (mine == Shown(name, secret, other)) == (one == other)


@given(texts)
def test_one_field_and_none(value: str) -> None:
    assert hash(One(value)) == hash(OneTwin(value))
    assert repr(One(value)) == twin_repr(repr(OneTwin(value)), "One")
    assert One(value) == One(value)
    assert Empty() == Empty() and hash(Empty()) == hash(())
    assert repr(Empty()) == "Empty()"


def test_other_classes_are_never_equal() -> None:
    assert Point(1, 2.0) != PointTwin(1, 2.0)
    assert Point(1, 2.0).__eq__(PointTwin(1, 2.0)) is NotImplemented
    assert One("x") != "x"


def test_records_stay_frozen_and_work_with_dataclass_tools() -> None:
    point = Point(1, 2.0, "a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    moved = dataclasses.replace(point, x=3)
    assert moved == Point(3, 2.0, "a") and point.x == 1
    assert dataclasses.is_dataclass(point)
    assert dataclasses.asdict(point) == {"x": 1, "y": 2.0, "label": "a", "tags": ()}
    nested = Nested(point, [One("a")])
    assert nested == Nested(Point(1, 2.0, "other label"), [One("a")])
    with pytest.raises(TypeError, match="unhashable"):
        hash(nested)
    assert (
        repr(nested)
        == "Nested(inner=Point(x=1, y=2.0, label='a', tags=()), items=[One(value='a')])"
    )


def test_what_a_class_defines_itself_stays() -> None:
    @record
    class Loose:
        """Equal to anything of its kind."""

        value: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose)

        def __hash__(self) -> int:
            return 0

    @record
    class EqOnly:
        """Defines `__eq__` alone: the hash is still made, as a dataclass would."""

        value: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, EqOnly) and self.value == other.value

    assert Loose(1) == Loose(2) and hash(Loose(5)) == 0
    assert hash(EqOnly(3)) == hash((3,))
