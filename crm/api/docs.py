"""``/api/v1/docs``: a readable, self-contained page of the OpenAPI document (no CDN, no scripts)."""

from flask import Blueprint, Flask, current_app, render_template

from crm import permissions

bp = Blueprint("api_docs_page", __name__)

METHODS = ("get", "post", "put", "patch", "delete")


@bp.get("/api/v1/docs")
@permissions.public
def docs():
    """Every operation with its parameters, request body and responses, rendered from the live spec."""
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    spec = api.spec.to_dict()
    schemas = spec.get("components", {}).get("schemas", {})
    operations = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "tag": (operation.get("tags") or ["api"])[0],
                        "summary": operation.get("summary") or "",
                        "description": operation.get("description") or "",
                        "parameters": item.get("parameters", []) + operation.get("parameters", []),
                        "body": _schema_name(operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")),
                        "responses": {
                            code: _schema_name(next(iter(response.get("content", {}).values()), {}).get("schema"))
                            for code, response in operation.get("responses", {}).items()
                            if isinstance(response, dict)
                        },
                    }
                )
    return render_template("api/docs.html", spec=spec, operations=operations, schemas=schemas)


def _schema_name(schema: dict | None) -> str | None:
    if not schema:
        return None
    reference = schema.get("$ref") or schema.get("items", {}).get("$ref")
    return reference.rsplit("/", 1)[-1] if reference else None


def declare_spec_public(app: Flask) -> None:
    """openapi.json is public like this page: it describes the API, never its data.

    flask-smorest registers a bound method, which cannot carry a declaration, so it is wrapped.
    """
    endpoint = "api-docs.openapi_json"
    spec_view = app.view_functions[endpoint]

    @permissions.public
    def openapi_json():
        """The OpenAPI document of the REST API."""
        return spec_view()

    app.view_functions[endpoint] = openapi_json
