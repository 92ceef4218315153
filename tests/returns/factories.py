import datetime

import factory
from django.utils import timezone

from tests.factories import PersonFactory, office


class ArrivalFactory(factory.django.DjangoModelFactory):
    """A regular return to Kota Serang, logged at Pos Kepulangan Soekarno-Hatta."""

    class Meta:
        model = "returns.Arrival"

    person = factory.SubFactory(PersonFactory)
    flight_number = "GA821"
    arrived_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    from_country_id = "MY"
    category = "regular"
    regency_id = factory.SelfAttribute("person.home_regency_id")
    office = factory.LazyFunction(lambda: office("upt-serang"))
    post = factory.LazyFunction(lambda: office("pos-soetta"))
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))


class InterceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "returns.Interception"

    person = factory.SubFactory(PersonFactory)
    destination_id = "MY"
    account = "Berangkat dengan visa kunjungan melalui calo."
    regency_id = factory.SelfAttribute("person.home_regency_id")
    office = factory.LazyFunction(lambda: office("upt-serang"))
    post = factory.LazyFunction(lambda: office("pos-soetta"))
