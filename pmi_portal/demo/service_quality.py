"""The demo offices as public-service units: UPT Serang's and UPT Pontianak's published
standards of their three counter services, and satisfaction surveys answered over the year,
so the demo heads see their index per element and quarter.

Published, answered and measured through the same services as the pages; the answers' days
and the measured services' times are then spread over the months gone by this year (the
services date them now). Serang's counter mostly keeps its promised 30 minutes; Pontianak's
often takes longer.
"""

import datetime
import random

from django.utils import timezone

from pmi_portal.access.models import User
from service_quality import services
from service_quality.models import ServiceStandard, ServiceTime, SurveyAnswer

STANDARDS = {
    "registration": (
        "KTP elektronik asli\nKartu Keluarga\nIjazah terakhir\nSurat izin keluarga (suami, "
        "orang tua atau wali) diketahui kepala desa\nSurat keterangan sehat",
        "Original electronic KTP\nFamily card (Kartu Keluarga)\nLast diploma\nPermission of "
        "the family (husband, parents or guardian), acknowledged by the village head\nHealth "
        "certificate",
        "Ambil nomor antrean\nPetugas memeriksa identitas (NIK) dan dokumen\nPetugas mencatat "
        "data diri dan rencana penempatan\nCPMI menerima tanda terima pendaftaran",
        "Take a queue number\nThe officer checks the identity (NIK) and the papers\nThe "
        "officer records the personal data and the planned placement\nThe CPMI receives the "
        "registration receipt",
        30,
    ),
    "document_check": (
        "Dokumen yang akan diperiksa (asli)\nKTP elektronik asli",
        "The documents to check (originals)\nOriginal electronic KTP",
        "Ambil nomor antrean\nPetugas memeriksa keaslian dan kelengkapan dokumen\nHasil "
        "pemeriksaan dicatat pada tahapan penempatan",
        "Take a queue number\nThe officer checks that the papers are genuine and complete\n"
        "The result is recorded on the placement's stage",
        15,
    ),
    "complaint_intake": (
        "Identitas pelapor (boleh anonim)\nKeterangan kejadian dan bukti yang ada",
        "The reporter's identity (anonymity allowed)\nAn account of what happened and any evidence",
        "Sampaikan pengaduan di loket atau melalui /lapor/\nPetugas mencatat pengaduan dan "
        "memberi nomor kasus\nPengaduan diteruskan ke petugas penanganan kasus",
        "Make the complaint at the counter or through /lapor/\nThe officer records it and "
        "gives a case number\nThe complaint goes to a case handler",
        20,
    ),
}
# (head who publishes, counter officer whose receipts invite, answers, their usual score,
#  registrations measured, their usual minutes)
OFFICES = [
    ("head.banten", "counter.serang", 36, 3.4, 40, 24),
    ("head.kalbar", "counter.pontianak", 24, 3.0, 25, 34),
]


def demo_service_quality_load() -> int:
    """Standards and survey answers of the demo offices, once (idempotent); how many made."""
    if ServiceStandard.objects.exists() or SurveyAnswer.objects.exists():
        return 0
    rng = random.Random(2017)
    today = timezone.localdate()
    made = 0
    for head_name, counter_name, answers, usual, measured, minutes in OFFICES:
        head = User.objects.get(username=head_name)
        for service, (req_id, req_en, steps_id, steps_en, promised) in STANDARDS.items():
            services.standard_publish(
                actor=head,
                counter_service=service,
                fields={
                    "requirements_id": req_id,
                    "requirements_en": req_en,
                    "steps_id": steps_id,
                    "steps_en": steps_en,
                    "promised_minutes": promised,
                },
                expected_version=None,
            )
            made += 1
        office = User.objects.get(username=counter_name).office
        for number in range(answers):
            token = services.survey_token(
                office=office, service="registration", receipt=f"demo:{office.code}:{number}"
            )
            scores = {f"u{n}": min(4, max(1, round(rng.gauss(usual, 0.6)))) for n in range(1, 10)}
            answer = services.survey_answer(token=token, scores=scores)
            day = today - datetime.timedelta(days=rng.randrange(0, today.timetuple().tm_yday))
            SurveyAnswer.objects.filter(pk=answer.pk).update(answered_on=day)
            made += 1
        counter = User.objects.get(username=counter_name)
        for number in range(measured):
            took = datetime.timedelta(minutes=max(5, rng.gauss(minutes, 8)))
            row = services.service_time_record(
                actor=counter,
                counter_service="registration",
                receipt=f"demo:{office.code}:{number}",
                started_at=timezone.now() - took,
            )
            finished = timezone.now() - datetime.timedelta(
                days=rng.randrange(0, today.timetuple().tm_yday), hours=rng.randrange(0, 6)
            )
            ServiceTime.objects.filter(pk=row.pk).update(
                started_at=finished - took, finished_at=finished
            )
            made += 1
    return made
