import datetime

import factory
from django.utils import timezone

from tests.factories import office


class ServiceStandardFactory(factory.django.DjangoModelFactory):
    """UPT BP2MI Serang's standard of CPMI registration."""

    class Meta:
        model = "service_quality.ServiceStandard"

    office = factory.LazyFunction(lambda: office("upt-serang"))
    service = "registration"
    requirements_id = "KTP asli\nKartu Keluarga\nIjazah terakhir"
    requirements_en = "Original KTP\nFamily card\nLast diploma"
    steps_id = "Ambil nomor antrean\nPemeriksaan dokumen\nPendaftaran\nTanda terima"
    steps_en = "Take a queue number\nDocument check\nRegistration\nReceipt"
    promised_minutes = 30


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    """An answer about registration at UPT BP2MI Serang, today, all elements 'good' (3)."""

    class Meta:
        model = "service_quality.SurveyAnswer"

    office = factory.LazyFunction(lambda: office("upt-serang"))
    service = "registration"
    answered_on = factory.LazyFunction(timezone.localdate)
    u1 = u2 = u3 = u4 = u5 = u6 = u7 = u8 = u9 = 3


class ServiceTimeFactory(factory.django.DjangoModelFactory):
    """A registration at UPT BP2MI Serang that took 20 minutes, finished an hour ago."""

    class Meta:
        model = "service_quality.ServiceTime"
        exclude = ["minutes"]

    minutes = 20
    office = factory.LazyFunction(lambda: office("upt-serang"))
    service = "registration"
    receipt = factory.Sequence(lambda n: f"registration:{900000 + n}")
    finished_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    started_at = factory.LazyAttribute(
        lambda row: row.finished_at - datetime.timedelta(minutes=row.minutes)
    )
    seconds = factory.LazyAttribute(lambda row: row.minutes * 60)
