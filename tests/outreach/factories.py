import datetime

import factory
from django.utils import timezone

from tests.factories import office


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
