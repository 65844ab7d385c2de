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

# Plans that read whole tables (or whole indexes) at once.
PLANS_FOR_BIG_TABLES = ("seqscan", "bitmapscan", "hashjoin", "mergejoin")


class RowsRead:
    def __init__(self) -> None:
        self.total = 0
        self.by_query: list[tuple[int, str]] = []


@contextmanager
def rows_read() -> Iterator[RowsRead]:
    result = RowsRead()
    with CaptureQueriesContext(connection) as captured:
        yield result
    selects = [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("SELECT")
    ]
    with connection.cursor() as cursor:
        # Test tables are small enough that reading them whole is the cheapest plan; with those
        # plans discouraged, the planner picks the index walks a big production database uses.
        cursor.execute("ANALYZE")
        for method in PLANS_FOR_BIG_TABLES:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        for sql in selects:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            rows = _rows(plan[0]["Plan"])
            result.total += rows
            result.by_query.append((rows, sql))
        for method in PLANS_FOR_BIG_TABLES:
            cursor.execute(f"SET LOCAL enable_{method} = on")


def _rows(node: dict) -> int:
    own = int(node.get("Actual Rows", 0) * node.get("Actual Loops", 1))
    return own + sum(_rows(child) for child in node.get("Plans", []))
