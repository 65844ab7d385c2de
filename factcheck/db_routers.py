"""Database routing: every write to the primary; exports and agreement reads to a replica.

With DATABASE_REPLICA_URL set (a PostgreSQL streaming replica of DATABASE_URL), the heavy
read-only work of data users runs there and leaves the primary to the reviewers' writes.
Without it, the alias ``replica`` does not exist and those reads use the primary.
A replica may lag the primary by moments: exports and agreement figures can miss the last
seconds of work, which is why only they, and never a page a reviewer edits from, are sent there.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def reads_alias() -> str:
    """The alias for exports and agreement reads: the replica when configured."""
    return REPLICA if REPLICA in settings.DATABASES else PRIMARY


@contextmanager
def replica_reads() -> Iterator[None]:
    """ORM reads inside this block go to the replica (when configured); writes never do."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        return reads_alias() if _replica_reads.get() else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the primary's rows: objects from either may relate.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # A replica is read-only and follows the primary's schema by streaming.
        return db == PRIMARY
