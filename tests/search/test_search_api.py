"""``/api/v1/search``: the same permission-filtered results for other systems, by token."""

from crm.search import drain_outbox
from tests.search.conftest import contact


def test_api_search_withholds_confidential_text_from_tokens_of_other_departments(town, client, make_token):
    contact(
        "Schuldhulp", "Mevrouw heeft betalingsachterstanden bij de energieleverancier.",
        department_id=town["social"].id, party_id=town["bakker"].id,
    )
    contact("Energietoeslag", "Vraag over de energieleverancier en de toeslag.", party_id=town["bakker"].id)
    drain_outbox()

    def contact_group(headers, query):
        response = client.get("/api/v1/search", query_string={"q": query, "kind": "contact"}, headers=headers)
        assert response.status_code == 200, response.json
        return next(group for group in response.json["groups"] if group["kind"] == "contact")

    other = make_token("portaal", ("read",), [town["kcc"]])
    own = make_token("sociaal", ("read",), [town["social"]])
    assert contact_group(other, "energieleverancier")["total"] == 1
    assert contact_group(own, "energieleverancier")["total"] == 2
    assert contact_group(other, "betalingsachterstanden")["total"] == 0
    assert "betalingsachterstanden" not in client.get(
        "/api/v1/search", query_string={"q": "telefoon"}, headers=other
    ).get_data(as_text=True)


def test_api_search_refuses_bad_requests_precisely(client, make_token):
    headers = make_token("portaal", ("read",))
    missing = client.get("/api/v1/search", headers=headers)
    assert missing.status_code == 422 and missing.content_type.startswith("application/problem+json")
    assert client.get("/api/v1/search", query_string={"q": "x", "kind": "alien"}, headers=headers).status_code == 422
    assert client.get("/api/v1/search", query_string={"q": "x"}).status_code == 401
