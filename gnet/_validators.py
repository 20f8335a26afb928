"""Node's ``internal/validators`` for Python values: one check, one Node error.

JavaScript's types map as: ``bool`` is a boolean (never a number), ``int``
and ``float`` are numbers, ``str`` a string, ``dict`` an object, a callable
a function. Each function raises exactly the error (code and message) the
Node 20 validator of the same name raises, and returns nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from gnet import errors

__all__ = ['is_number', 'validate_string', 'validate_number', 'validate_int32',
           'validate_uint32', 'validate_boolean', 'validate_function', 'validate_object',
           'validate_one_of']

_INT32_MIN, _INT32_MAX = -2 ** 31, 2 ** 31 - 1
_UINT32_MAX = 2 ** 32 - 1


def is_number(value: object) -> bool:
    """``typeof value === 'number'``."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_string(value: object, name: str) -> None:
    if not isinstance(value, str):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'string', value)


def validate_number(value: Any, name: str, minimum: float | None = None,
                    maximum: float | None = None) -> None:
    if not is_number(value):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'number', value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum) \
            or ((minimum is not None or maximum is not None) and math.isnan(value)):
        bounds = ' && '.join(part for part in (
            '>= %s' % minimum if minimum is not None else '',
            '<= %s' % maximum if maximum is not None else '') if part)
        raise errors.ERR_OUT_OF_RANGE(name, bounds, value)


def _validate_integer(value: Any, name: str, minimum: int, maximum: int) -> None:
    if not is_number(value):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'number', value)
    if isinstance(value, float) and not value.is_integer():
        raise errors.ERR_OUT_OF_RANGE(name, 'an integer', value)
    if not minimum <= value <= maximum:
        raise errors.ERR_OUT_OF_RANGE(name, '>= %d && <= %d' % (minimum, maximum), value)


def validate_int32(value: Any, name: str, minimum: int = _INT32_MIN,
                   maximum: int = _INT32_MAX) -> None:
    _validate_integer(value, name, minimum, maximum)


def validate_uint32(value: Any, name: str, positive: bool = False) -> None:
    _validate_integer(value, name, 1 if positive else 0, _UINT32_MAX)


def validate_boolean(value: object, name: str) -> None:
    if not isinstance(value, bool):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'boolean', value)


def validate_function(value: object, name: str) -> None:
    if not callable(value):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'function', value)


def validate_object(value: object, name: str) -> None:
    if not isinstance(value, dict):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'object', value)


def validate_one_of(value: object, name: str, choices: Sequence[object]) -> None:
    if value not in choices or isinstance(value, bool):
        shown = ', '.join(errors.js_inspect(choice) for choice in choices)
        raise errors.ERR_INVALID_ARG_VALUE(name, value, 'must be one of: %s' % shown)
