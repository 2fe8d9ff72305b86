"""Readings as people write them (issue 16, item 8): ``{% load readings %}``.

``{{ value|reading }}`` shows a value with the precision the laboratory reported, without float
noise, in the reader's decimal separator (monitoring.numbers.readable);
``{{ value|reading:unit }}`` adds the unit; ``{{ value|reading_censored:censored }}`` adds the
"<" or ">" of a censored value; ``{{ value|rounded }}`` shows a computed value (a converted
limit) with three significant digits.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats

from tailsafe.monitoring import numbers

register = template.Library()


def _separator() -> str:
    return str(formats.get_format("DECIMAL_SEPARATOR"))


@register.filter
def reading(value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return numbers.EMPTY
    shown = numbers.readable(float(value), _separator())
    return f"{shown} {unit}" if unit else shown


@register.filter
def reading_censored(value: Any, censored: str = "") -> str:
    number = None if value is None or value == "" else float(value)
    return numbers.with_censor(number, censored or "", _separator())


@register.filter
def rounded(value: Any, digits: int = 3) -> str:
    if value is None or value == "":
        return numbers.EMPTY
    return numbers.rounded(float(value), int(digits), _separator())
