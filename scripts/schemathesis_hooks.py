"""schemathesis hooks for scripts/contract-test: what JSON Schema cannot say.

GTINs and GLNs carry a GS1 check digit (the document marks them `format: gtin` and
`format: gln`); a record's `id` in a PUT body, when given, must be the one in its path; the
line numbers of an order or invoice, and the units of an item's packaging, are unique within
the request (JSON Schema's uniqueItems compares whole items, not one member of them). The
API refuses those with a problem naming the field; here they are kept out of the requests
generated as valid.
"""
import re

import schemathesis
from hypothesis import strategies as st


def _with_check_digit(body: str) -> str:
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _gs1(length: int):
    return st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1).map(_with_check_digit)


schemathesis.openapi.format("gln", _gs1(13))
schemathesis.openapi.format("gtin", st.one_of(_gs1(8), _gs1(12), _gs1(13), _gs1(14)))


_CANONICAL_ID = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")


@schemathesis.hook
def map_case(ctx, case):
    # Only a valid id is made the path's: an invalid one is a negative test and stays.
    path_id = (case.path_parameters or {}).get("id")
    body_id = case.body.get("id") if isinstance(case.body, dict) else None
    if isinstance(path_id, str) and isinstance(body_id, str) and _CANONICAL_ID.match(body_id):
        case.body["id"] = path_id
    return case


def _repeats(values) -> bool:
    seen = [value for value in values if value is not None]
    return len(seen) != len(set(map(str, seen)))


@schemathesis.hook
def filter_body(ctx, body):
    if not isinstance(body, dict):
        return True
    lines = body.get("lines")
    if isinstance(lines, list) and _repeats(line.get("line") for line in lines if isinstance(line, dict)):
        return False
    packaging = body.get("packaging")
    if isinstance(packaging, list):
        units = [level.get("unit") for level in packaging if isinstance(level, dict)] + [body.get("baseUnit")]
        if _repeats(units):
            return False
    return True
