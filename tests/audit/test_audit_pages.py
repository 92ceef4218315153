import pytest

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from tests.factories import UserFactory, office


@pytest.fixture
def trail(db):
    serang_staff = UserFactory(username="staf.serang")
    pontianak_staff = UserFactory(username="staf.pontianak", office=office("upt-pontianak"))
    audit_record(
        action=AuditAction.UPDATE, actor=serang_staff, object_repr="Data Banten", regency_id="3604"
    )
    audit_record(
        action=AuditAction.UPDATE,
        actor=pontianak_staff,
        object_repr="Data Kalbar",
        regency_id="6171",
    )


@pytest.mark.django_db
def test_a_head_sees_the_trail_of_their_office_only(client, personas, trail):
    client.force_login(personas.own)
    own = client.get("/audit/").content.decode()
    client.force_login(personas.other)
    other = client.get("/audit/").content.decode()

    assert "Data Banten" in own
    assert "Data Kalbar" not in own
    assert "Data Kalbar" in other
    assert "Data Banten" not in other


@pytest.mark.django_db
def test_a_national_analyst_sees_the_whole_trail(client, personas, trail):
    client.force_login(personas.national)

    text = client.get("/audit/").content.decode()

    assert "Data Banten" in text
    assert "Data Kalbar" in text


@pytest.mark.django_db
def test_a_counter_officer_may_not_open_the_trail(client, trail):
    client.force_login(UserFactory(role=Role.COUNTER_OFFICER))

    assert client.get("/audit/").status_code == 403


@pytest.mark.django_db
def test_the_trail_filters_by_action_and_user(client, personas, trail):
    client.force_login(personas.national)

    text = client.get("/audit/", {"actor": "staf.pontianak"}).content.decode()

    assert "Data Kalbar" in text
    assert "Data Banten" not in text


@pytest.mark.django_db
def test_a_bad_filter_value_is_explained_not_a_crash(client, personas, trail):
    client.force_login(personas.national)

    response = client.get("/audit/", {"since": "kemarin", "action": "99"})

    assert response.status_code == 200
    assert "Masukkan tanggal yang valid" in response.content.decode()
