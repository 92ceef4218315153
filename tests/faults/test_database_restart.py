"""PostgreSQL going away under the portal: its server-side connections are terminated, as on
a restart or a failover. Pages answer a readable 503 while the database cannot be reached
(tests/web/test_error_pages.py), and recover by themselves afterwards: persistent connections
are health-checked before use (CONN_HEALTH_CHECKS) and replaced when dead."""

import psycopg2
import pytest
from django.db import close_old_connections, connection

from pmi_portal.access.roles import Role
from pmi_portal.people.models import Person
from tests.factories import UserFactory
from tests.placements.test_registration import NIK, registration

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_portal_connections() -> int:
    """What a restart does to the portal: every connection of its database is cut."""
    params = connection.settings_dict
    admin = psycopg2.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [params["NAME"]],
            )
            return cursor.fetchone()[0]
    finally:
        admin.close()


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL fault: CI's PostgreSQL run")


def test_after_its_connections_are_cut_the_portal_recovers_by_itself(
    postgresql, client, reference_data, settings
):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    officer = UserFactory(username="loket.pg", role=Role.COUNTER_OFFICER)
    client.force_login(officer)
    assert client.get("/registry/").status_code == 200
    assert connection.connection is not None  # kept open between requests

    assert terminate_portal_connections() >= 1

    # The next request finds the dead connection, opens a new one, and works: a registration
    # is saved whole. (Django's WSGI handler runs close_old_connections at each request's
    # start; the test client leaves it out, so it is called here as the handler would.)
    close_old_connections()
    assert client.get("/registry/").status_code == 200
    close_old_connections()
    response = client.post("/registry/workers/new/", registration())
    assert response.status_code == 302
    worker = Person.objects.get(nik=NIK)
    assert worker.placements.count() == 1
