"""Marshmallow schemas for search results, for the REST API (``/api/v1/search``)."""

from marshmallow import Schema, fields


class FragmentSchema(Schema):
    text = fields.String()
    match = fields.Boolean(metadata={"description": "Dit stuk tekst is door de zoekvraag gevonden."})


class HitSchema(Schema):
    kind = fields.String(metadata={"description": "party, contact, case of task"})
    id = fields.Integer()
    title = fields.String(metadata={"description": "Leeg als de inhoud is afgeschermd."})
    withheld = fields.Boolean(metadata={"description": "De inhoud is vertrouwelijk voor deze gebruiker."})
    occurred_at = fields.AwareDateTime(allow_none=True)
    party_id = fields.Integer(allow_none=True)
    party_name = fields.String()
    details = fields.List(fields.String())
    title_fragments = fields.List(fields.Nested(FragmentSchema))
    snippet = fields.List(fields.Nested(FragmentSchema))
    score = fields.Float()


class ResultGroupSchema(Schema):
    kind = fields.String()
    label = fields.String()
    total = fields.Integer(metadata={"description": "Alle treffers van deze soort die de gebruiker mag zien."})
    hits = fields.List(fields.Nested(HitSchema))


class SearchResultsSchema(Schema):
    query = fields.String()
    total = fields.Integer()
    groups = fields.List(fields.Nested(ResultGroupSchema))
