"""Full-text search: Dutch analysis, Whoosh or PostgreSQL, fed through the outbox.

Public entry points: :func:`search` (what the search box, the results page and the API
call), :func:`drain_outbox` and :func:`rebuild_index` (what the indexer and the CLI run).
"""

import logging

from flask import Flask, Response, current_app, request

from crm.search import cli, views
from crm.search.indexer import drain_outbox, rebuild_index
from crm.search.service import Hit, ResultGroup, SearchResults, search

__all__ = ["Hit", "ResultGroup", "SearchResults", "drain_outbox", "init_app", "rebuild_index", "search"]

log = logging.getLogger(__name__)

# A web request waits this long at most for another process's index writer; that
# process's drainer (or the worker) then indexes the rows instead.
WEB_DRAIN_WAIT = 0.5


def init_app(app: Flask) -> None:
    """Register the results page, the ``index`` and ``reindex`` commands and the after-request drain."""
    app.register_blueprint(views.bp)
    cli.register(app)
    app.after_request(_drain_after_writes)


def _drain_after_writes(response: Response) -> Response:
    """After a request that may have written, index its outbox rows once the response is sent."""
    if request.method in {"GET", "HEAD", "OPTIONS"} or not current_app.config["SEARCH_INDEX_AFTER_REQUEST"]:
        return response
    app = current_app._get_current_object()
    response.call_on_close(lambda: _drain_quietly(app))
    return response


def _drain_quietly(app: Flask) -> None:
    """Indexing must never break a request: a failure is logged and the rows stay pending."""
    try:
        with app.app_context():
            drain_outbox(wait=WEB_DRAIN_WAIT, max_batches=5)
    except Exception:
        log.exception("indexing after the request failed; the worker or the next request retries")
