"""Small PHP behaviours the simulated server needs to reproduce exactly.

``php_array_json``: PHP has one array type; ``json_encode`` prints it as a JSON list when
its keys are exactly ``0..n-1`` in order, else as an object. The dashboard stores several
per-site records (ignored updates, abandoned items) as PHP arrays, so whether the client
sees a list or a map depends on the keys, not on the field.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import json
from typing import Any

__all__ = [
    "add_months",
    "is_php_list",
    "next_renewal",
    "php_array",
    "php_array_json",
    "remove_http_prefix",
]

PhpArray = dict[Any, Any]


def is_php_list(arr: PhpArray) -> bool:
    """True when ``json_encode`` would print ``arr`` as a list (keys 0..n-1, in order)."""
    return list(arr) == list(range(len(arr)))


def php_array(value: Any) -> Any:
    """JSON-ready form of a PHP value: dicts with keys ``0..n-1`` become lists."""
    if isinstance(value, dict):
        if is_php_list(value):
            return [php_array(v) for v in value.values()]
        return {str(k): php_array(v) for k, v in value.items()}
    if isinstance(value, list):
        return [php_array(v) for v in value]
    return value


def php_array_json(arr: PhpArray) -> str:
    """``wp_json_encode`` of a PHP array kept as a dict (int or str keys), ``/`` escaped."""
    text = json.dumps(php_array(arr), separators=(",", ":"), ensure_ascii=True)
    return text.replace("/", "\\/")


def remove_http_prefix(name: str) -> str:
    """``MainWP_Utility::remove_http_prefix($name, true)``: every ``http://``/``https://`` goes."""
    return name.replace("http://", "").replace("https://", "")


def add_months(ts: int, months: int) -> int:
    """``strtotime("+N month", ts)``: the day of month is kept and overflows (Jan 31 -> Mar 3)."""
    when = _dt.datetime.fromtimestamp(ts, _dt.UTC)
    month0 = when.month - 1 + months
    year, month = when.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    base = when.replace(year=year, month=month, day=min(when.day, last))
    return int(base.timestamp()) + max(0, when.day - last) * 86400


def next_renewal(previous: int, renewal_type: str, today: int) -> int:
    """The next renewal after ``previous`` that is not before ``today`` (00:00 UTC).

    Follows ``Cost_Tracker_Admin::get_next_renewal`` (modules/cost-tracker/classes/
    class-cost-tracker-admin.php): weekly/monthly/quarterly/yearly steps from the last
    renewal, repeated while the result lies before today; ``0`` when there is no last
    renewal, no renewal type, ``disabled`` or an unknown type.
    """
    if not previous or not renewal_type or renewal_type == "disabled":
        return 0
    day = _dt.datetime.fromtimestamp(today, _dt.UTC).replace(hour=0, minute=0, second=0)
    floor = int(day.timestamp())
    current = previous
    while True:
        if renewal_type == "monthly":
            current = add_months(current, 1)
        elif renewal_type == "yearly":
            current = add_months(current, 12)
        elif renewal_type == "quarterly":
            current = add_months(current, 3)
        elif renewal_type == "weekly":
            current += 7 * 86400
        else:
            return 0
        if current >= floor:
            return current
