import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from pmi_portal.access.roles import Role, role_permissions
from pmi_portal.access.services import staff_create
from pmi_portal.offices.models import Office
from tests.factories import UserFactory, office


@pytest.mark.django_db
def test_every_role_is_a_group_holding_its_permissions():
    for role in Role:
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(role_permissions()[role])


@pytest.mark.django_db
def test_a_user_holds_the_permissions_of_their_role_only():
    head = UserFactory(role=Role.OFFICE_HEAD)
    counter = UserFactory(role=Role.COUNTER_OFFICER)

    assert head.has_perm("audit.view_auditevent")
    assert not counter.has_perm("audit.view_auditevent")
    assert counter.has_perm("offices.view_office")


def _create(**overrides):
    fields = {
        "actor": None,
        "username": "baru",
        "office": office("upt-serang"),
        "role": Role.COUNTER_OFFICER,
        "password": "kata-sandi-panjang-2024",
    }
    return staff_create(**{**fields, **overrides})


@pytest.mark.django_db
def test_a_national_role_outside_headquarters_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as error:
        _create(role=Role.NATIONAL_ANALYST)

    assert "role" in error.value.message_dict


@pytest.mark.django_db
def test_an_airport_officer_at_a_service_post_is_refused():
    with pytest.raises(ValidationError):
        _create(role=Role.AIRPORT_OFFICER, office=office("pos-tangerang"))


@pytest.mark.django_db
def test_a_user_of_an_office_without_working_area_is_refused():
    empty = Office.objects.create(
        code="upt-baru",
        name="UPT Baru",
        kind=Office.Kind.REGIONAL,
        parent=office("hq"),
        timezone=Office.TimeZone.WIB,
        email="upt.baru@bp2mi.go.id",
        city_id="3673",
    )

    with pytest.raises(ValidationError) as error:
        _create(office=empty)

    assert "UPT Baru" in error.value.message_dict["office"][0]


@pytest.mark.django_db
def test_a_user_without_office_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        _create(office=None)

    assert error.value.message_dict["office"]


@pytest.mark.django_db
def test_a_request_reads_the_roles_permissions_without_a_query(django_assert_num_queries):
    head = UserFactory(role=Role.OFFICE_HEAD)
    head.refresh_from_db()

    with django_assert_num_queries(0):
        assert head.has_perm("audit.view_auditevent")
        assert head.get_all_permissions() == set(role_permissions()[Role.OFFICE_HEAD])


@pytest.mark.django_db
def test_a_permission_given_to_the_user_alone_is_not_held():
    counter = UserFactory(role=Role.COUNTER_OFFICER)
    counter.user_permissions.add(
        Permission.objects.get(content_type__app_label="audit", codename="view_auditevent")
    )
    counter = type(counter).objects.get(pk=counter.pk)

    assert not counter.has_perm("audit.view_auditevent")


@pytest.mark.django_db
def test_an_inactive_user_holds_nothing():
    head = UserFactory(role=Role.OFFICE_HEAD, is_active=False)

    assert head.get_all_permissions() == set()
    assert not head.has_perm("offices.view_office")
