"""Property-based run of schemathesis against /api/v1/openapi.json through the WSGI app.

Generates at least 500 requests (valid and deliberately invalid) over every operation and
checks that none gets a 5xx, and that every response matches the documented status codes,
media types and schemas. Bounded: a fixed number of examples per operation and a time limit.
"""

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crm.models import Role

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 14, schemathesis.GenerationMode.NEGATIVE: 10}
TIME_LIMIT_SECONDS = 240


@pytest.fixture
def seeded(make_department, make_user, make_case_type, make_person, make_token):
    department = make_department("vergunningen")
    make_department("sociaal", confidential=True)
    make_user("anna", Role.EMPLOYEE, [department])
    make_case_type(department)
    make_person("Jansen", bsn="111222333")
    return make_token("schemathesis", ["read", "write", "admin"], [department])


def test_generated_requests_get_no_server_error_and_match_the_schema(app, seeded):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    started, sent, failures = time.monotonic(), 0, []

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def exercise(case):
                nonlocal sent
                if time.monotonic() - started > TIME_LIMIT_SECONDS:
                    return
                response = case.call(headers=seeded)
                sent += 1
                try:
                    case.validate_response(response, checks=CHECKS)
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as failure:  # a FailureGroup of failed checks: collect, report below
                    failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {failure}")

            exercise()

    assert not failures, "\n\n".join(failures[:10])
    assert sent >= 500, f"only {sent} requests in {TIME_LIMIT_SECONDS} s"
