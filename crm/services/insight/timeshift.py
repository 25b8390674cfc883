"""``timestamp + N hours`` as SQL that SQLite and PostgreSQL both understand.

SQLite keeps UTCDateTime columns as text (``YYYY-MM-DD HH:MM:SS.ffffff``, see
crm.models.types), so the shifted value must come back in exactly that format to compare
correctly with other stored timestamps: ``strftime`` gives the seconds, and the original
microseconds are appended unchanged (shifting whole hours never changes them).
"""

from sqlalchemy import Integer, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from crm.models import UTCDateTime


class hours_after(FunctionElement):
    """The moment ``hours`` (a whole number) after a timestamp column."""

    type = UTCDateTime()
    inherit_cache = True
    name = "hours_after"

    def __init__(self, column, hours: int):
        super().__init__(column, literal(int(hours), Integer))


@compiles(hours_after)
def _hours_after_postgresql(element, compiler, **kw):
    column, hours = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({column} + make_interval(hours => {hours}))"


@compiles(hours_after, "sqlite")
def _hours_after_sqlite(element, compiler, **kw):
    column, hours = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(strftime('%Y-%m-%d %H:%M:%S', {column}, {hours} || ' hours') || substr({column}, 20))"
