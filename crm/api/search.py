"""``/api/v1/search``: the full-text search of the workspace, for other systems."""

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from crm.search.documents import KINDS
from crm.search.schemas import SearchResultsSchema
from crm.search.service import MAX_QUERY_LENGTH, search

blp = Blueprint("search", __name__, url_prefix="/api/v1", description="Dutch full-text search over everything.")


class SearchArgs(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=MAX_QUERY_LENGTH))
    kind = fields.List(fields.String(validate=validate.OneOf(KINDS)), metadata={"description": "Limit to these kinds."})
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50), metadata={"description": "Hits per kind."})


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, SearchResultsSchema)
    def get(self, args):
        """Search parties, contacts, cases and requests; confidential text only for the token's departments.

        Totals per kind count only what the token may see, so they never reveal withheld text.
        """
        return search(args["q"], g.principal, kinds=tuple(args["kind"]) if args.get("kind") else None, limit=args["limit"])
