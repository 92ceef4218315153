"""Factories shared by every suite. Offices and regions come from the shipped reference data."""

import factory
from django.contrib.auth import get_user_model

from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Office

DEFAULT_PASSWORD = "uji-coba-portal-2024"


def office(code: str) -> Office:
    return Office.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    """A counter officer of UPT BP2MI Serang unless told otherwise."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"petugas{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@bp2mi.go.id")
    password = factory.django.Password(DEFAULT_PASSWORD)
    office = factory.LazyFunction(lambda: office("upt-serang"))
    role = Role.COUNTER_OFFICER
