"""Between the engine's ``PropertyValue`` maps and the plain snake_case values the core takes.

``pulumi.provider.experimental`` (SDK 3.272) hands the provider camelCase ``PropertyValue``
maps and wants them back; the core works on plain dicts with snake_case keys, as the dynamic
provider does. The conversion follows the package schema, so only schema property names are
renamed (the keys of a map such as ``rotationTriggers`` are the user's and stay as they are;
keys the schema does not know, such as hidden ``__`` state keys, pass unchanged) and:

- numbers: the engine sends every number as a float and ``PropertyValue`` refuses ``int``:
  integral floats become ``int`` where the schema says ``integer``; ``int`` goes out as float;
- unknowns: a preview-time unknown arrives as the string ``rpc.UNKNOWN`` and stays that string
  (the core's ``is_unknown`` knows it); ``PropertyValue.computed()`` cannot be sent, so it
  goes out as that string too;
- secrets: secret wrappers are dropped on the way in (the schema says what is secret) and
  every property the schema marks ``secret`` is wrapped on the way out.

Seen with CLI 3.274.1 (docs/native-provider-notes.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN
from pydantic.alias_generators import to_camel, to_snake

__all__ = ["Shape", "from_wire", "to_wire"]

#: A schema ``properties`` object: property name -> its spec.
Shape = Mapping[str, Mapping[str, Any]]
_TYPE_REF = "#/types/"


def _object_shape(spec: Mapping[str, Any], types: Mapping[str, Any]) -> Shape | None:
    ref = spec.get("$ref", "")
    if isinstance(ref, str) and ref.startswith(_TYPE_REF):
        shape: Shape = types[ref[len(_TYPE_REF) :]].get("properties", {})
        return shape
    return None


def _plain(value: PropertyValue, spec: Mapping[str, Any], types: Mapping[str, Any]) -> Any:
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if inner is None or isinstance(inner, (bool, str)):
        return inner
    if isinstance(inner, float):
        return int(inner) if spec.get("type") == "integer" and inner.is_integer() else inner
    if isinstance(inner, Mapping):
        shape = _object_shape(spec, types)
        if shape is not None:
            return from_wire(inner, shape, types)
        item = spec.get("additionalProperties", {})
        return {k: _plain(v, item, types) for k, v in inner.items()}
    if isinstance(inner, tuple):  # PropertyValue keeps every sequence as a tuple
        item = spec.get("items", {})
        return [_plain(v, item, types) for v in inner]
    raise TypeError(f"unsupported property value {type(inner).__name__}")


def from_wire(props: Mapping[str, PropertyValue], shape: Shape, types: Mapping[str, Any]) -> dict[str, Any]:
    """Plain values with snake_case keys from the engine's ``PropertyValue`` map.

    ``shape`` is the schema's ``properties`` (or ``inputProperties``) for ``props``;
    ``types`` is the schema's ``types`` section.
    """
    out: dict[str, Any] = {}
    for key, value in props.items():
        spec = shape.get(key)
        out[to_snake(key) if spec is not None else key] = _plain(value, spec or {}, types)
    return out


def _property(value: Any, spec: Mapping[str, Any], types: Mapping[str, Any]) -> PropertyValue:
    if value is None or isinstance(value, (bool, str, float)):
        wire = PropertyValue(value)
    elif isinstance(value, int):
        wire = PropertyValue(float(value))
    elif isinstance(value, Mapping):
        shape = _object_shape(spec, types)
        if shape is not None:
            wire = PropertyValue(to_wire(value, shape, types))
        else:
            item = spec.get("additionalProperties", {})
            wire = PropertyValue({str(k): _property(v, item, types) for k, v in value.items()})
    elif isinstance(value, Sequence):
        item = spec.get("items", {})
        wire = PropertyValue([_property(v, item, types) for v in value])
    else:
        raise TypeError(f"cannot send a {type(value).__name__} as a property value")
    return wire.with_secret(True) if spec.get("secret") else wire


def to_wire(values: Mapping[str, Any], shape: Shape, types: Mapping[str, Any]) -> dict[str, PropertyValue]:
    """The engine's camelCase ``PropertyValue`` map from plain snake_case values, with the
    schema's secret properties marked secret."""
    out: dict[str, PropertyValue] = {}
    for key, value in values.items():
        camel = to_camel(key)
        if camel in shape:
            out[camel] = _property(value, shape[camel], types)
        else:
            out[key] = _property(value, {}, types)
    return out
