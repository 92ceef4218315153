import datetime

import factory
from django.utils import timezone

from tests.factories import PersonFactory, office


class ActivityFactory(factory.django.DjangoModelFactory):
    """A village meeting of UPT BP2MI Serang in Kota Serang, last week."""

    class Meta:
        model = "outreach.Activity"

    office = factory.LazyFunction(lambda: office("upt-serang"))
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    kind = "village_meeting"
    regency_id = "3673"
    place = "Kelurahan Kasemen"
    partner = "Kantor Kelurahan Kasemen"
    audience = "Ketua RT dan warga"
    attendance = 45
    topics = "Bahaya calo dan penempatan non-prosedural"


class ActivityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.ActivityDocument"

    activity = factory.SubFactory(ActivityFactory)
    kind = "attendance_list"
    file = factory.django.FileField(filename="daftar-hadir.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "daftar-hadir.pdf"
    content_type = "application/pdf"
    size = 15
    sha256 = "0" * 64


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """UPT BP2MI Serang's language course for placements to Japan, in Kota Serang."""

    class Meta:
        model = "outreach.Programme"

    office = factory.LazyFunction(lambda: office("upt-serang"))
    kind = "language_course"
    title = factory.Sequence(lambda n: f"Kursus bahasa Jepang angkatan {n + 1}")
    partner = "BLK Kota Serang"
    regency_id = "3673"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.Participant"

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(PersonFactory)
    relation = "returned_worker"
