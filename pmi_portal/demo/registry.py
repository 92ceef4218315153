"""A small, realistic registry for the demo: agencies, CPMI and their placements.

Built through the same services the counter uses, so every record has its history and audit.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from placements import services
from placements.models import Agency
from placements.stages import DOCUMENTS_TO_LEAVE, ROAD, Stage
from pmi_portal.access.models import User
from pmi_portal.identity.nik import build_nik
from pmi_portal.people.models import Person

AGENCIES = [
    ("PT Duta Putra Bersama", "KEP.112/2019", "3173", "active", ""),
    ("PT Bina Karya Sentosa Abadi", "KEP.87/2020", "3275", "active", ""),
    ("PT Citra Mandiri Internasional", "KEP.203/2021", "3603", "active", ""),
    ("PT Sinar Jaya Migran", "KEP.44/2018", "6171", "active", ""),
    ("PT Lintas Samudra Kerja", "KEP.19/2022", "5271", "active", ""),
    ("PT Anugerah Tenaga Asia", "KEP.65/2017", "3578", "suspended", "Menahan paspor CPMI"),
    (
        "PT Mitra Global Sejahtera",
        "KEP.71/2016",
        "3671",
        "revoked",
        "Penempatan ke negara tertutup",
    ),
]

FIRST_NAMES_F = ["Siti", "Nur", "Dewi", "Sri", "Rina", "Yuli", "Ani", "Wati", "Lestari", "Sari"]
FIRST_NAMES_M = ["Ahmad", "Budi", "Dedi", "Eko", "Hendra", "Joko", "Rudi", "Agus", "Yusuf", "Iwan"]
LAST_NAMES = [
    "Rahmawati",
    "Kurniasih",
    "Hidayat",
    "Saputra",
    "Wulandari",
    "Setiawan",
    "Permana",
    "Maulana",
    "Susanti",
    "Pratama",
    "Handayani",
    "Firmansyah",
]
# (regency code, place of birth, how many): Banten for UPT Serang, Kalbar for Pontianak.
HOMES = [
    ("3603", "Tangerang", 8),
    ("3602", "Lebak", 5),
    ("3673", "Serang", 5),
    ("3604", "Serang", 4),
    ("6101", "Sambas", 6),
    ("6103", "Sanggau", 4),
    ("6171", "Pontianak", 3),
    ("3212", "Indramayu", 3),
    ("5203", "Lombok Timur", 3),
]
JOBS = [
    ("p2p", "TW", "informal", "pengasuh lansia", "TWD", 20000, "Keluarga Chen"),
    ("p2p", "HK", "informal", "penata laksana rumah tangga", "HKD", 4990, "Keluarga Wong"),
    ("p2p", "MY", "formal", "operator pabrik", "MYR", 1700, "Top Glove Sdn Bhd"),
    ("g2g", "KR", "formal", "operator manufaktur", "KRW", 2060000, "Hyundai Steel"),
    ("g2g", "JP", "formal", "perawat (kaigo)", "JPY", 190000, "Sakura Care"),
    ("p2p", "SG", "informal", "penata laksana rumah tangga", "SGD", 750, "Keluarga Tan"),
    ("individual", "SA", "informal", "juru masak", "SAR", 1500, "Keluarga Al-Qahtani"),
]
PDF = b"%PDF-1.4\n% demo document\n%%EOF\n"


@transaction.atomic
def demo_registry_load() -> int:
    """Create the demo agencies, workers and placements that are missing; return how many."""
    agencies = [
        Agency.objects.get_or_create(
            licence_number=licence,
            defaults={
                "name": name,
                "regency_id": regency,
                "status": status,
                "status_reason": reason,
            },
        )[0]
        for name, licence, regency, status, reason in AGENCIES
    ]
    active_agencies = [agency for agency in agencies if agency.may_place]
    serang = User.objects.get(username="counter.serang")
    officers = {"61": User.objects.get(username="counter.pontianak")}
    rng = random.Random(2024)
    created = 0
    serial = 0
    for regency, birth_place, count in HOMES:
        for _ in range(count):
            serial += 1
            sex = rng.choice("FFFM")  # most CPMI registered in these regions are women
            first = rng.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
            birth_date = datetime.date(
                rng.randint(1978, 2003), rng.randint(1, 12), rng.randint(1, 28)
            )
            nik = build_nik(
                district_code=f"{regency}{rng.randint(1, 9):02d}",
                birth_date=birth_date,
                sex=sex,
                serial=serial,
            )
            actor = officers.get(regency[:2], serang)
            scheme, country, sector, job, currency, salary, employer = rng.choice(JOBS)
            fields = {
                "nik": nik,
                "full_name": f"{first} {rng.choice(LAST_NAMES)}",
                "sex": sex,
                "birth_place": birth_place,
                "birth_date": birth_date,
                "home_regency_id": regency,
                "address": f"Dusun {rng.choice(['Krajan', 'Sukamaju', 'Cibodas', 'Pasir'])} "
                f"RT 0{rng.randint(1, 9)}/0{rng.randint(1, 9)}",
                "phone": f"+62812{rng.randint(10000000, 99999999)}",
                "education": rng.choice(["sd", "smp", "smp", "sma", "sma", "diploma"]),
                "skills": rng.choice(["memasak", "merawat lansia", "menjahit", "mengemudi", ""]),
                "next_of_kin_name": f"{rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)} "
                f"{rng.choice(LAST_NAMES)}",
                "next_of_kin_relation": rng.choice(["ibu", "ayah", "suami", "istri", "kakak"]),
                "next_of_kin_phone": f"+62813{rng.randint(10000000, 99999999)}",
                "passport_number": f"C{rng.randint(1000000, 9999999)}",
                "passport_expiry": timezone.localdate() + datetime.timedelta(days=1500),
            }
            placement_fields = {
                "scheme": scheme,
                "agency": rng.choice(active_agencies) if scheme == "p2p" else None,
                "destination_id": country,
                "employer_name": employer,
                "sector": sector,
                "job_title": job,
                "contract_months": 24 if country in ("KR", "JP") else 36,
                "salary_amount": salary,
                "salary_currency": currency,
            }
            steps = rng.randint(0, ROAD.index(Stage.WORKING_ABROAD))
            # Every draw is made before this check, so a re-run makes the same people.
            if Person.objects.filter(nik=nik).exists():
                continue
            worker = services.worker_register(
                actor=actor, fields=fields, placement_fields=placement_fields
            )
            _walk(worker.placements.get(), actor, steps)
            created += 1
    return created


def _walk(placement, actor, steps: int) -> None:
    """Move a new placement `steps` stages along the road, uploading what each stage needs."""
    for to_stage in ROAD[1 : steps + 1]:
        for kind in DOCUMENTS_TO_LEAVE.get(placement.stage, []):
            services.placement_document_add(
                actor=actor,
                placement=placement,
                kind=kind,
                uploaded=ContentFile(PDF, name=f"{kind}.pdf"),
            )
        placement = services.placement_transition(
            actor=actor, placement=placement, to_stage=to_stage, expected_version=placement.version
        )
