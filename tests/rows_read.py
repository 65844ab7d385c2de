"""How many rows PostgreSQL reads to answer a request: the measure for "linear, not quadratic".

Every SELECT a block of code runs is explained with ANALYZE; the rows each plan node produced,
times its loops, are summed. A query that joins histories or repeats a subquery per row shows up
as rows read growing with the data, whatever the machine's speed.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


class RowsRead:
    total = 0


@contextmanager
def rows_read() -> Iterator[RowsRead]:
    result = RowsRead()
    with CaptureQueriesContext(connection) as captured:
        yield result
    selects = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")
    ]
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            result.total += _rows(plan[0]["Plan"])


def _rows(node: dict) -> int:
    own = int(node.get("Actual Rows", 0) * node.get("Actual Loops", 1))
    return own + sum(_rows(child) for child in node.get("Plans", []))
