"""Fast, canonical JSON helpers (orjson) used for storage, hashing and NDJSON export."""

from typing import Any

import orjson


def dumps_str(value: Any) -> str:
    return orjson.dumps(value).decode()


def dumps_line(value: Any) -> bytes:
    """One NDJSON line, newline included."""
    return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)


def canonical_bytes(value: Any) -> bytes:
    """Key-sorted, whitespace-free JSON: equal values give equal bytes."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
