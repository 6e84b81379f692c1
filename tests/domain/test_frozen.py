"""`fast_init` builds the same objects as a frozen dataclass's own `__init__`, and refuses what it cannot build."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field

import pytest

from scrutiny_desktop.domain.frozen import fast_init


def _pair(fast: bool) -> type:
    """The same class twice over: with the dataclass's own `__init__`, and with `fast_init`'s."""

    @dataclass(frozen=True)
    class Sample:
        name: str
        count: int = 3
        tags: tuple[str, ...] = field(default_factory=tuple)
        seen: list[int] = field(default_factory=list)
        note: str = field(default="", kw_only=True)

        def __post_init__(self) -> None:
            if self.count < 0:
                raise ValueError("count below zero")
            object.__setattr__(self, "derived", self.count * 2)

    return fast_init(Sample) if fast else Sample


@pytest.mark.parametrize("args, kwargs", [
    (("a",), {}),
    (("a", 5), {}),
    (("a", 5, ("x",)), {"note": "n"}),
    ((), {"name": "b", "seen": [1], "note": "k", "count": 0}),
])
def test_fields_defaults_factories_and_post_init_as_the_dataclass_sets_them(args: tuple, kwargs: dict) -> None:
    own, fast = _pair(False), _pair(True)
    expected, got = own(*args, **kwargs), fast(*args, **kwargs)
    assert got.__dict__ == expected.__dict__
    assert repr(got).split("(", 1)[1] == repr(expected).split("(", 1)[1]
    assert inspect.signature(fast) == inspect.signature(own)


def test_each_instance_gets_its_own_factory_value_and_stays_frozen() -> None:
    fast = _pair(True)
    one, two = fast("a"), fast("b")
    assert one.seen == [] and one.seen is not two.seen
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "changed"  # type: ignore[misc]
    assert fast("a") == fast("a") and fast("a") != fast("a", 4)
    assert dataclasses.replace(one, count=9).count == 9


def test_arguments_are_checked_as_the_dataclass_checks_them() -> None:
    fast = _pair(True)
    with pytest.raises(TypeError):
        fast()  # the required field
    with pytest.raises(TypeError):
        fast("a", 1, (), [], "positional note")  # a keyword-only field given by position
    with pytest.raises(ValueError, match="below zero"):
        fast("a", -1)


def test_what_it_cannot_build_is_refused_when_the_class_is_defined() -> None:
    @dataclass
    class Mutable:
        x: int

    @dataclass(frozen=True, slots=True)
    class Slotted:
        x: int

    @dataclass(frozen=True)
    class Derived:
        x: int
        y: int = field(init=False, default=0)

    for cls in (Mutable, Slotted, Derived, int):
        with pytest.raises(TypeError):
            fast_init(cls)


def test_the_domains_bulk_classes_use_it() -> None:
    # The classes a large export makes by the hundred thousand; a new field on any of them is built too.
    from scrutiny_desktop.domain.appendix import Cell
    from scrutiny_desktop.domain.disclosure import Figure, Slot, Suppression
    from scrutiny_desktop.domain.history import Origin, Record
    from scrutiny_desktop.domain.model import Rag
    from scrutiny_desktop.domain.periods import Period
    from scrutiny_desktop.domain.rating import Rating
    from scrutiny_desktop.domain.spc import Point, Rule

    for cls in (Record, Period, Point, Cell, Slot, Suppression, Figure, Rating):
        assert "__setattr__" not in cls.__init__.__code__.co_names  # no call per field
    record = Record("1", Period(2019, 10), "Title", Rag.RED, Origin.EXPORT, value=2.0)
    assert (record.ref, record.value, record.commentary, record.period.key) == ("1", 2.0, "", "2019-10")
    assert pickle.loads(pickle.dumps(record)) == record
    assert Point(1.0, Rule.COMMON, True).value == 1.0
    assert hash(Period(2019, 10)) == hash(Period(2019, 10)) and Period(2019, 10) != Period(2019, 10, 3)
    with pytest.raises(ValueError):
        Period(2019, 13)  # __post_init__ still validates
