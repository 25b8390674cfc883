"""Bulk writing of generated rows: many rows per statement on SQLite, COPY on PostgreSQL.

Rows are buffered per table and written in foreign-key order, so a flush never writes a row
before the row it points to. Each flush is one transaction.
"""

from collections import Counter, defaultdict
from uuid import NAMESPACE_URL, uuid5

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from crm.extensions import db

# Parents before children: every foreign key points to a table earlier in this list.
TABLE_ORDER = (
    "department", "team", "staff_user", "staff_department", "staff_team", "case_type",
    "party", "identifier", "digital_address", "address",
    "case", "case_department", "case_event", "contact", "task", "task_event", "counter",
)


class BulkWriter:
    """Collects rows (dicts with every column given) and writes them in batches."""

    def __init__(self, connection: Connection, batch_rows: int = 20_000):
        self.connection = connection
        self.batch_rows = batch_rows
        self.written: Counter = Counter()
        self._buffers: dict[str, list[dict]] = defaultdict(list)
        self._buffered = 0
        self._copy = connection.dialect.name == "postgresql"

    def add(self, table: str, row: dict) -> None:
        self._buffers[table].append(row)
        self._buffered += 1
        if self._buffered >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write everything buffered, parents first, and commit."""
        for table in TABLE_ORDER:
            rows = self._buffers.pop(table, None)
            if not rows:
                continue
            _add_public_ids(table, rows)
            if self._copy:
                self._copy_rows(table, rows)
            else:
                self.connection.execute(insert(db.metadata.tables[table]), rows)
            self.written[table] += len(rows)
        leftover = set(self._buffers) - set(TABLE_ORDER)
        if leftover:
            raise ValueError(f"no write order for tables {sorted(leftover)}")
        self._buffered = 0
        self.connection.commit()

    def _copy_rows(self, table: str, rows: list[dict]) -> None:
        # COPY bypasses SQLAlchemy's type processing: psycopg adapts aware datetimes, dates
        # and booleans itself, which is all the generated rows contain.
        columns = list(rows[0])
        quoted = ", ".join(f'"{c}"' for c in columns)
        cursor = self.connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _add_public_ids(table: str, rows: list[dict]) -> None:
    """Give rows of tables with a public ``uuid`` one derived from their id (deterministic).

    COPY bypasses the model's Python-side ``uuid4`` default, so the generator fills it in.
    """
    if "uuid" not in db.metadata.tables[table].c or "uuid" in rows[0]:
        return
    for row in rows:
        row["uuid"] = uuid5(NAMESPACE_URL, f"klantbeeld-bench:{table}:{row['id']}")
