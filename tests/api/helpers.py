def assert_error(response, status: int, code: str, attr: str | None = None) -> str:
    """The API's one error shape; returns the message, for tests of its language."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] in {"validation_error", "client_error", "server_error"}
    [error] = [e for e in body["errors"] if e["code"] == code and e["attr"] == attr]
    assert error["detail"]
    return error["detail"]
