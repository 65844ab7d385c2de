"""Writes fired at the same moment from separate database connections, for race tests."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, connections


def race(*writes: Callable[[], Any]) -> list[Any]:
    """Run the writes at once, each in a thread with its own connection; their results."""
    barrier = threading.Barrier(len(writes))
    results: list[Any] = [None] * len(writes)

    def run(index: int, write: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            results[index] = write()
        except Exception as error:  # the caller judges every outcome
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(writes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
