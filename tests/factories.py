"""Factories shared by every suite. Offices and regions come from the shipped reference data."""

import factory
from django.contrib.auth import get_user_model

from pmi_portal.access.roles import Role
from pmi_portal.identity.nik import build_nik
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


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.Agency"

    name = factory.Sequence(lambda n: f"PT Karya Mandiri Sejahtera {n}")
    licence_number = factory.Sequence(lambda n: f"KEP.{100 + n}/PPTKIS/2023")
    regency_id = "3173"  # Kota Administrasi Jakarta Pusat


def _nik_for(worker) -> str:
    return build_nik(
        district_code=f"{worker.home_regency_id}01",
        birth_date=worker.birth_date,
        sex=worker.sex,
        serial=worker.serial,
    )


class PersonFactory(factory.django.DjangoModelFactory):
    """A woman from Kota Serang (Banten, UPT Serang's area) unless told otherwise."""

    class Meta:
        model = "people.Person"
        exclude = ["serial"]

    serial = factory.Sequence(lambda n: n + 1)
    full_name = factory.Faker("name", locale="id_ID")
    sex = "F"
    birth_place = "Serang"
    birth_date = factory.Faker("date_between", start_date="-45y", end_date="-20y")
    home_regency_id = "3673"
    nik = factory.LazyAttribute(_nik_for)
    address = factory.Faker("street_address", locale="id_ID")
    phone = "+6281234567890"
    education = "sma"
    next_of_kin_name = factory.Faker("name", locale="id_ID")
    next_of_kin_relation = "ibu"
    next_of_kin_phone = "+6281298765432"
    registered_by_office = factory.LazyFunction(lambda: office("upt-serang"))


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.Placement"

    worker = factory.SubFactory(PersonFactory)
    scheme = "p2p"
    agency = factory.SubFactory(AgencyFactory)
    destination_id = "TW"
    employer_name = "Chen Family"
    sector = "informal"
    job_title = "caregiver"
    contract_months = 36
    salary_amount = "20000.00"
    salary_currency = "TWD"
    regency_id = factory.SelfAttribute("worker.home_regency_id")
    office = factory.SelfAttribute("worker.registered_by_office")
