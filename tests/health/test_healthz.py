import json

import pytest
import redis
from django.conf import settings

from pmi_portal.health import checks


@pytest.mark.django_db
def test_healthz_answers_200_with_database_and_broker_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "ok"


@pytest.mark.django_db
def test_healthz_needs_no_login_and_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_database_refuses_new_connections(client, monkeypatch):
    _database_refused(monkeypatch)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["broker"]["status"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_broker_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.skipif(settings.REDIS_URL is None, reason="needs the real Redis of REDIS_URL")
@pytest.mark.django_db
def test_healthz_reports_how_long_ago_a_worker_beat(client):
    redis.Redis.from_url(settings.REDIS_URL).delete(checks.HEARTBEAT_KEY)
    assert json.loads(client.get("/healthz").content)["workers"]["status"] == "unknown"

    from pmi_portal.health.tasks import worker_heartbeat

    worker_heartbeat.run()

    workers = json.loads(client.get("/healthz").content)["workers"]
    assert workers["status"] == "ok"
    assert workers["last_heartbeat_seconds_ago"] < 5


def _database_refused(monkeypatch) -> None:
    real_settings = checks.database_settings

    def unreachable(alias="default"):
        params = real_settings(alias)
        if params["ENGINE"] == "django.db.backends.sqlite3":
            params["NAME"] = "/nonexistent-directory/portal.sqlite3"
        else:
            params["HOST"], params["PORT"] = "127.0.0.1", "1"
        return params

    monkeypatch.setattr(checks, "database_settings", unreachable)


@pytest.mark.django_db
def test_healthz_reuses_its_answer_for_a_few_seconds_then_probes_again(
    client, settings, monkeypatch
):
    from pmi_portal.health import views

    settings.HEALTH_REUSE_SECONDS = 5
    clock = [1000.0]
    monkeypatch.setattr(views.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(views._LastAnswer, "body", None)
    assert client.get("/healthz").status_code == 200
    _database_refused(monkeypatch)

    clock[0] += 4
    reused = client.get("/healthz")
    clock[0] += 1
    probed = client.get("/healthz")

    assert reused.status_code == 200
    assert json.loads(reused.content)["probed_seconds_ago"] == 4
    assert probed.status_code == 503
    assert json.loads(probed.content)["probed_seconds_ago"] == 0
