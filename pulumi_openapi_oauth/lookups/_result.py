"""The base of every lookup result: an immutable ``@pulumi.output_type`` class.

Results follow the generated Pulumi SDKs: each class is decorated with
``@pulumi.output_type`` and declares its fields as ``name: T = pulumi.property("wireName")``.
The decorator turns the fields into read-only properties and adds a keyword-only
``__init__``, so ``pulumi.export`` (``pulumi.runtime.stack.massage``) turns a result into a
dict keyed by the camelCase wire names, leaving out fields that are ``None``, exactly as it
does for the invoke results of generated providers. Sequences are tuples and mappings are
:class:`FrozenDict` (a ``dict`` that refuses changes), so a result can be neither changed nor
shared by mistake, and both export as plain JSON lists and objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, TypeVar

import pulumi
from typing_extensions import dataclass_transform

__all__ = ["FrozenDict", "Result", "freeze", "strings", "to_float", "to_int"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A ``dict`` that cannot be changed after it is built; hashable when its values are."""

    def _immutable(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is immutable")

    __setitem__ = _immutable
    __delitem__ = _immutable
    __ior__ = _immutable
    clear = _immutable
    pop = _immutable
    popitem = _immutable
    setdefault = _immutable
    update = _immutable

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(pulumi.property,))
class Result:
    """Base of the lookup results: read-only, compared by value, readable in a repr.

    Subclasses are ``@pulumi.output_type`` classes; ``pulumi.export`` serialises them by their
    ``pulumi.property`` names (camelCase), omitting ``None`` fields.
    """

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable; cannot delete {name!r}")

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.__dict__.items()))))

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"


R = TypeVar("R", bound=Result)


def freeze(value: Any) -> Any:
    """A deep immutable copy of a JSON value: dicts become FrozenDict, lists become tuples."""
    if isinstance(value, Mapping):
        return FrozenDict({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def to_int(value: Any) -> int | None:
    """An integer from a number or a decimal string (the spec sends some counts as strings)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            number = float(text)
    else:
        number = float(value)
    if not number.is_integer():
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(number)


def to_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def strings(values: Iterable[Any] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())
