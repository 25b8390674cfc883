"""``page``/``pageSize`` pagination with ``count``, ``next`` and ``previous`` links."""

from urllib.parse import urlencode

from flask import request
from sqlalchemy import Select, func, select

from crm.extensions import db


def paginate(statement: Select, page: int, page_size: int, present=lambda row: row) -> dict:
    """One page of ``statement`` (which must have an ORDER BY) and links to its neighbours."""
    count = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db.session.scalars(statement.limit(page_size).offset((page - 1) * page_size)).unique().all()
    return {
        "count": count,
        "next": page_link(page + 1) if page * page_size < count else None,
        "previous": page_link(page - 1) if page > 1 and count else None,
        "results": [present(row) for row in rows],
    }


def page_link(page: int) -> str:
    """This request's URL with another page number."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return f"{request.base_url}?{urlencode(args, doseq=True)}"
