import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/"
DOCS = "/api/v1/docs/"


@pytest.fixture
def schema(client) -> dict:
    response = client.get(SCHEMA, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_generates_valid_and_without_a_single_warning(tmp_path):
    # --fail-on-warn turns any warning (an undescribed field, an enum clash) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")

    assert "/api/v1/me/" in (tmp_path / "api.yaml").read_text()


def test_the_schema_is_served_as_yaml_and_as_json_to_anyone(client, schema):
    yaml = client.get(SCHEMA)

    assert yaml.status_code == 200
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


def test_the_schema_describes_the_token_scheme(schema):
    token = schema["components"]["securitySchemes"]["tokenAuth"]

    assert token == {**token, "type": "apiKey", "in": "header", "name": "Authorization"}
    assert "Token <key>" in token["description"]
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/me/"]["get"]["security"]


def test_every_operation_and_answer_is_described(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary") or operation.get("description"), (path, method)
            for status, response in operation["responses"].items():
                assert response["description"], (path, method, status)


def _own_components(schema: dict) -> dict:
    # The error components come from drf-standardized-errors: their fields say it all.
    return {
        name: component
        for name, component in schema["components"]["schemas"].items()
        if "properties" in component
        and not re.match(r"^(Error|ParseError|.*Error\d*$|.*ErrorComponent$)", name)
    }


def test_every_field_of_the_api_is_described(schema):
    components = _own_components(schema)

    assert "Me" in components
    for name, component in components.items():
        for field, definition in component["properties"].items():
            assert definition.get("description"), f"{name}.{field} has no help_text"


def test_errors_are_documented_with_their_stable_codes(schema):
    responses = schema["paths"]["/api/v1/me/"]["get"]["responses"]
    error_401 = schema["components"]["schemas"]["ErrorCode401Enum"]["enum"]

    assert {"200", "401", "405", "429", "500", "503"} <= set(responses)
    assert set(error_401) == {
        "authentication_failed",
        "not_authenticated",
        "token_revoked",
        "token_expired",
    }


def test_the_docs_page_loads_only_the_portal_own_assets(client):
    response = client.get(DOCS)
    page = response.content.decode()

    assert response.status_code == 200
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assets = [source for source in sources if source.startswith("/static/")]
    assert len(assets) >= 4  # Swagger UI's bundle, preset and stylesheet, the page's stylesheet
    assert all(source.startswith(("/static/", DOCS)) for source in sources), sources
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_docs_page_needs_no_inline_script_nor_style_under_the_strict_csp(client):
    response = client.get(DOCS)
    page = response.content.decode()
    csp = response["Content-Security-Policy"]

    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert re.search(r"<script>|<style", page) is None
    [script_url] = re.findall(r'<script src="(/api/v1/docs/\?[^"]+)"', page)
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert SCHEMA in script.content.decode()
