import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from pmi_portal.access.roles import Role
from pmi_portal.access.scoping import get_in_scope_or_404, scope_of
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.offices.models import Office, Regency
from tests.factories import UserFactory, office


def banten_codes():
    return set(Regency.objects.filter(province_id="36").values_list("code", flat=True))


@pytest.mark.django_db
def test_an_office_user_sees_the_regencies_of_their_office_area():
    scope = scope_of(UserFactory(role=Role.COUNTER_OFFICER))

    assert not scope.national
    assert set(scope.regency_codes) == banten_codes()
    assert office("pos-soetta").pk in scope.office_ids


@pytest.mark.django_db
def test_a_post_officer_sees_the_area_of_the_parent_office():
    airport = UserFactory(role=Role.AIRPORT_OFFICER, office=office("pos-soetta"))

    assert set(scope_of(airport).regency_codes) == banten_codes()


@pytest.mark.django_db
def test_a_regional_head_sees_the_provinces_of_their_office():
    head = UserFactory(role=Role.REGIONAL_HEAD, office=office("bp3mi-papua"))

    provinces = set(
        Regency.objects.filter(code__in=scope_of(head).regency_codes).values_list(
            "province_id", flat=True
        )
    )
    assert provinces == {"91", "93", "94", "95"}


@pytest.mark.django_db
def test_national_roles_see_everything_and_anonymous_nothing():
    assert scope_of(UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))).national
    assert scope_of(AnonymousUser()).is_empty
    assert scope_of(UserFactory(is_active=False)).is_empty


def _event(regency_code=None, actor=None):
    return AuditEvent.objects.create(
        action=AuditAction.UPDATE,
        regency_id=regency_code,
        actor=actor,
        actor_office=actor.office if actor else None,
        object_repr=f"record in {regency_code}",
    )


@pytest.mark.django_db
def test_restrict_keeps_only_rows_in_scope_and_nothing_without_the_permission(personas):
    in_serang = _event("3604")
    in_pontianak = _event("6171")
    by_serang_staff = _event(None, actor=UserFactory(office=office("pos-tangerang")))

    own = set(AuditEvent.objects.restrict(personas.own))
    other = set(AuditEvent.objects.restrict(personas.other))
    national = set(AuditEvent.objects.restrict(personas.national))
    counter = AuditEvent.objects.restrict(UserFactory(role=Role.COUNTER_OFFICER))

    assert {in_serang, by_serang_staff} <= own
    assert in_pontianak not in own
    assert in_pontianak in other
    assert in_serang not in other
    assert {in_serang, in_pontianak, by_serang_staff} <= national
    assert not counter.exists()
    assert not AuditEvent.objects.restrict(AnonymousUser()).exists()


@pytest.mark.django_db
def test_out_of_scope_and_missing_rows_give_the_same_404(personas):
    in_pontianak = _event("6171")

    with pytest.raises(Http404):
        get_in_scope_or_404(AuditEvent.objects.all(), personas.own, pk=in_pontianak.pk)
    with pytest.raises(Http404):
        get_in_scope_or_404(AuditEvent.objects.all(), personas.own, pk=in_pontianak.pk + 999)
    assert get_in_scope_or_404(AuditEvent.objects.all(), personas.other, pk=in_pontianak.pk)


@pytest.mark.django_db
def test_moving_a_regency_to_another_office_moves_its_records_with_no_resave(personas):
    event = _event("3604")
    Regency.objects.filter(code="3604").update(office=Office.objects.get(code="upt-pontianak"))

    assert event not in AuditEvent.objects.restrict(UserFactory(role=Role.OFFICE_HEAD))
    assert event in AuditEvent.objects.restrict(
        UserFactory(role=Role.OFFICE_HEAD, office=office("upt-pontianak"))
    )
