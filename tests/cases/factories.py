import datetime

import factory
from django.utils import timezone

from tests.factories import office


class CaseFactory(factory.django.DjangoModelFactory):
    """A reported case in Kota Serang, UPT Serang's area."""

    class Meta:
        model = "cases.Case"

    reference = factory.Sequence(lambda n: f"KSS-2026-{900000 + n:06d}")
    case_type = "unlicensed_recruiter"
    source = "hotline"
    description = "Calo menjanjikan kerja di Malaysia tanpa kontrak."
    regency_id = "3673"
    office = factory.LazyFunction(lambda: office("upt-serang"))
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.CaseDocument"

    case = factory.SubFactory(CaseFactory)
    kind = "evidence"
    file = factory.django.FileField(filename="bukti.pdf", data=b"%PDF-1.4\\n%%EOF\\n")
    original_name = "bukti.pdf"
    content_type = "application/pdf"
    size = 14
    sha256 = "0" * 64


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.Referral"

    case = factory.SubFactory(CaseFactory, state="under_investigation")
    institution = "police"
    institution_name = "Polres Serang Kota"
    sent_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
