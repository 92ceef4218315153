"""A day's work for the case handler of UPT Pontianak (`cases.pontianak`): reports from the
public, the counter and the police, at every step, made through the cases' own services.

The demo backdates some cases (the dates of the case and its history) so that the lists show
overdue work; nothing else is written around the services.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import Case, CaseStateChange, State
from cases.selectors import cases_changed
from placements.models import Agency
from pmi_portal.access.models import User
from pmi_portal.identity.nik import build_nik
from pmi_portal.offices.models import Regency

RECRUITER_REPORT = (
    "Di Desa Sebubus, Paloh, ada calo bernama Pak Herman yang mengajak perempuan muda bekerja "
    "di kebun sawit di Sarawak. Mereka diberangkatkan lewat jalan tikus dekat Aruk tanpa paspor. "
    "Sudah tiga orang berangkat bulan ini."
)
MISSING = (
    "Ibu Maria dari Sanggau melapor anaknya, Yuliana, bekerja di rumah tangga di Kuching sejak "
    "2024 dan tidak bisa dihubungi sejak empat bulan. Nomor majikan tidak aktif."
)
TRAFFICKING = (
    "Polresta Pontianak menemukan tujuh calon pekerja di sebuah rumah penampungan di Kota "
    "Pontianak, dokumen ditahan penampung, akan diberangkatkan ke Malaysia lewat Entikong."
)
WAGES = (
    "Pekerja perkebunan pulang dari Sabah, upah enam bulan tidak dibayar. Perusahaan penempatan "
    "bersedia dimediasi."
)
REPATRIATION = (
    "Keluarga di Kapuas Hulu meminta bantuan memulangkan Agustinus yang sakit di Brunei; "
    "majikan tidak menanggung biaya."
)
DUPLICATE = (
    "Laporan warga: calo di Paloh memberangkatkan perempuan ke Sarawak tanpa dokumen (sama "
    "dengan laporan sebelumnya)."
)


def _backdate(case: Case, days: int) -> None:
    """Move a demo case and its history `days` back in time, deadlines with them."""
    shift = datetime.timedelta(days=days)
    case.refresh_from_db()
    Case.objects.filter(pk=case.pk).update(
        created_at=case.created_at - shift,
        state_changed_at=case.state_changed_at - shift,
        due_at=case.due_at - shift if case.due_at else None,
    )
    for change in CaseStateChange.objects.filter(case=case):
        CaseStateChange.objects.filter(pk=change.pk).update(
            changed_at=change.changed_at - shift,
            due_at=change.due_at - shift if change.due_at else None,
        )
    cases_changed()  # a queryset's update() sends no signal: the lists read their rows anew


def _move(actor, case: Case, to_state: str, reason: str = "", **extra) -> Case:
    case.refresh_from_db()
    return services.case_transition(
        actor=actor,
        case=case,
        to_state=to_state,
        reason=reason,
        expected_version=case.version,
        **extra,
    )


def _assign(head, case: Case, handler) -> Case:
    case.refresh_from_db()
    return services.case_assign(
        actor=head, case=case, assignee=handler, expected_version=case.version
    )


@transaction.atomic
def demo_cases_load() -> int:
    """Create the demo cases of UPT Pontianak that are missing; return how many."""
    if Case.objects.filter(description=RECRUITER_REPORT).exists():
        return 0
    handler = User.objects.get(username="cases.pontianak")
    head = User.objects.get(username="head.kalbar")
    counter = User.objects.get(username="counter.pontianak")
    today = timezone.localdate()

    recruiter_report, _receipt = services.public_report_submit(
        case_type="unlicensed_recruiter",
        description=RECRUITER_REPORT,
        regency_id="6101",
        country_id="MY",
    )
    _backdate(recruiter_report, 6)

    missing = services.case_open(
        actor=counter,
        fields={
            "case_type": "missing_contact",
            "source": "counter",
            "description": MISSING,
            "regency_id": "6103",
            "country_id": "MY",
        },
        victim={"full_name": "Yuliana Sari", "phone": "+6281352201144"},
    )
    _assign(head, missing, handler)

    trafficking = services.case_open(
        actor=handler,
        fields={
            "case_type": "trafficking",
            "source": "police",
            "description": TRAFFICKING,
            "regency_id": "6171",
            "country_id": "MY",
        },
        victim={
            "nik": build_nik(
                district_code="617101",
                birth_date=datetime.date(2003, 4, 12),
                sex="F",
                serial=771,
            ),
            "full_name": "Melati Anggraini",
            "sex": "F",
            "birth_date": datetime.date(2003, 4, 12),
            "home_regency": Regency.objects.get(code="6171"),
        },
        recruiter={"full_name": "Hendrik alias Aheng", "phone": "+6281256780011"},
    )
    _assign(head, trafficking, handler)
    _move(handler, trafficking, State.VERIFIED)
    _move(handler, trafficking, State.UNDER_INVESTIGATION)
    services.case_note_add(
        actor=handler,
        case=trafficking,
        text="Tujuh korban didampingi ke shelter Dinsos; keterangan diambil bersama penyidik.",
    )
    referral = services.referral_add(
        actor=handler,
        case=trafficking,
        institution="police",
        institution_name="Polda Kalimantan Barat (Ditreskrimum)",
        reference_number="B/112/UPT-PTK/2026",
        sent_on=today - datetime.timedelta(days=3),
    )
    services.referral_answer(
        actor=handler,
        referral=referral,
        answer="Laporan polisi diterima, penyidikan dimulai.",
        answered_on=today - datetime.timedelta(days=1),
    )
    services.legal_step_add(
        actor=handler,
        case=trafficking,
        kind="police_report",
        happened_on=today - datetime.timedelta(days=1),
        reference="LP/B/245/2026/SPKT/POLDA KALBAR",
    )
    _move(handler, trafficking, State.REFERRED)

    wages = services.case_open(
        actor=handler,
        fields={
            "case_type": "unpaid_wages",
            "source": "counter",
            "description": WAGES,
            "regency_id": "6101",
            "country_id": "MY",
        },
        victim={"full_name": "Rudi Saputra", "phone": "+6285245550192"},
        agency=Agency.objects.filter(status="active").order_by("pk").first(),
    )
    _assign(head, wages, handler)
    _move(handler, wages, State.VERIFIED)
    _move(handler, wages, State.UNDER_INVESTIGATION)
    _move(handler, wages, State.RESOLVED, "Upah dibayar penuh setelah mediasi dengan P3MI.")
    _backdate(wages, 10)

    repatriation = services.case_open(
        actor=handler,
        fields={
            "case_type": "repatriation_request",
            "source": "family",
            "description": REPATRIATION,
            "regency_id": "6106",
            "country_id": "BN",
        },
        victim={"full_name": "Agustinus Lawai"},
    )
    _move(handler, repatriation, State.VERIFIED)
    _assign(head, repatriation, handler)
    _backdate(repatriation, 8)

    duplicate, _receipt = services.public_report_submit(
        case_type="non_procedural", description=DUPLICATE, regency_id="6101"
    )
    _move(handler, duplicate, State.MERGED, "Laporan yang sama", duplicate_of=recruiter_report)
    return 6
