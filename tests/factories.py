"""Factories shared by every suite."""

import factory
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "uji-coba-portal-2024"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"petugas{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@bp2mi.go.id")
    password = factory.django.Password(DEFAULT_PASSWORD)
