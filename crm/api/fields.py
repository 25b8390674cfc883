"""Field types the API uses everywhere, so bad input is refused at the edge and never reaches the database."""

from datetime import timezone

from marshmallow import Schema, ValidationError, fields, validate

# PostgreSQL integers are 32 bits: a larger id can only be "not found", never a database error.
MAX_ID = 2**31 - 1
MAX_PAGE_SIZE = 500


class Text(fields.String):
    """A string that the database can store: no NUL characters and valid Unicode (no lone surrogates)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Tekst mag geen NUL-teken bevatten.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError("Tekst bevat ongeldige Unicode.") from None
        return text


class Moment(fields.AwareDateTime):
    """An ISO 8601 date and time with a UTC offset, returned in UTC."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment = moment.astimezone(timezone.utc)
        except OverflowError:
            raise ValidationError("Dit tijdstip valt buiten het bereik.") from None
        if not 1900 <= moment.year <= 2200:
            raise ValidationError("Kies een tijdstip tussen 1900 en 2200.")
        return moment


def Id(**kwargs) -> fields.Integer:
    """A database id: a strict, positive 32-bit integer."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def id_filter(description: str) -> fields.Integer:
    """An id in a query string (query strings are text, so not strict)."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), metadata={"description": description})


class PageArgs(Schema):
    """``page`` and ``pageSize`` on every list."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_ID))
    page_size = fields.Integer(
        data_key="pageSize",
        load_default=100,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata={"description": f"Results per page (default 100, at most {MAX_PAGE_SIZE})."},
    )


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """The envelope of a page of results: count, next, previous and results."""
    return Schema.from_dict(
        {
            "count": fields.Integer(required=True),
            "next": fields.String(required=True, allow_none=True),
            "previous": fields.String(required=True, allow_none=True),
            "results": fields.List(fields.Nested(item_schema), required=True),
        },
        name=name,
    )
