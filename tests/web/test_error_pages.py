import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError


@pytest.mark.django_db
def test_database_down_during_a_page_gives_readable_503_without_trace(client, monkeypatch):
    def refuse(self):
        raise OperationalError("could not connect to server: Connection refused")

    client.raise_request_exception = False
    client.cookies["sessionid"] = "a-session-key-of-an-officer"
    # The first read of the database, on either session engine (with Redis the key is not in
    # the cache, so the row is asked for).
    monkeypatch.setattr(SessionStore, "_get_session_from_db", refuse)

    response = client.get("/")

    assert response.status_code == 503
    text = response.content.decode()
    assert "Portal untuk sementara tidak dapat digunakan" in text
    assert "Traceback" not in text
    assert "Connection refused" not in text


@pytest.mark.django_db
def test_unknown_page_answers_404_in_indonesian(logged_in_client):
    response = logged_in_client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
