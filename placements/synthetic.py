"""Synthetic workers, agencies and placements in realistic proportions, for scale tests.

Proportions follow the agency's public figures: most workers come from Jawa Barat, Jawa
Tengah, Jawa Timur, NTB and Lampung; most go to Taiwan, Hong Kong and Malaysia, mostly
through P3MI agencies; most of the domestic (informal) workers are women.
"""

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from placements.stages import BEFORE_DEPARTURE, FINAL, Stage
from pmi_portal.identity.nik import build_nik
from pmi_portal.offices.models import Regency
from pmi_portal.people.models import name_key

YEARS = 10
PROVINCE_WEIGHTS = {
    "32": 20, "33": 18, "35": 22, "52": 12, "18": 6, "36": 4, "53": 3, "12": 3, "61": 2,
    "51": 2, "73": 2, "31": 1, "34": 1,
}  # fmt: skip
OTHER_PROVINCES_WEIGHT = 4
# Regencies that send far more than their neighbours.
HOT_REGENCIES = {
    "3212": 8, "3209": 5, "3213": 4, "3215": 3, "3203": 3, "3202": 3,  # Indramayu, Cirebon...
    "3301": 5, "3329": 4, "3324": 3, "3302": 3,  # Cilacap, Brebes, Kendal, Banyumas
    "3507": 5, "3505": 4, "3504": 4, "3510": 3, "3502": 3,  # Malang, Blitar, Tulungagung...
    "5203": 6, "5202": 5, "5201": 3,  # Lombok Timur, Lombok Tengah, Lombok Barat
    "1807": 4, "1802": 3,  # Lampung Timur, Lampung Tengah
}  # fmt: skip
# (country, share, sector weights (formal, informal), currency, monthly salary range, jobs)
DESTINATIONS = [
    ("TW", 30, (40, 60), "TWD", (17000, 28000), ["caregiver", "factory operator", "fisherman"]),
    ("HK", 22, (2, 98), "HKD", (4630, 5500), ["domestic worker"]),
    ("MY", 25, (55, 45), "MYR", (1200, 2200), ["plantation worker", "factory operator",
                                                 "domestic worker"]),
    ("KR", 5, (100, 0), "KRW", (2000000, 2600000), ["manufacturing operator", "fisherman"]),
    ("JP", 6, (100, 0), "JPY", (160000, 230000), ["caregiver (kaigo)", "construction worker"]),
    ("SG", 4, (10, 90), "SGD", (600, 900), ["domestic worker"]),
    ("SA", 3, (20, 80), "SAR", (1200, 2000), ["domestic worker", "driver"]),
    ("AE", 2, (40, 60), "AED", (1500, 2500), ["domestic worker", "hotel staff"]),
    ("BN", 2, (50, 50), "BND", (350, 600), ["domestic worker", "plantation worker"]),
    ("PL", 1, (100, 0), "EUR", (700, 1100), ["welder", "factory operator"]),
]  # fmt: skip
SCHEMES = {"p2p": 74, "g2g": 9, "ukps": 5, "individual": 12}
FIRST_F = (
    "Siti Nur Dewi Sri Rina Yuli Ani Wati Lestari Sari Eka Fitri Ratna Yanti Umi Tini Sumi Ida "
    "Lina Wulan Endang Susi Tuti Asih Rohmah Kartini Aminah Juju Imas Nining Euis Titin Neneng "
    "Maryam Fatimah Khotimah Rukiah Halimah Suryani Mulyani Ayu Indah Novi Evi Desi Rini Wiwin "
    "Iis Entin Oom Cucu Nani Yati Rohani Murni Sumarsih Painem Sainah Baiq Nurul Komang "
    "Kadek Putu Ketut Maria Yohana Theresia Agustina Veronika Siska Winda Eli Lilis Ika Atik"
).split()
FIRST_M = (
    "Ahmad Budi Dedi Eko Hendra Joko Rudi Agus Yusuf Iwan Slamet Bambang Wahyu Teguh Andi Rahmat "
    "Asep Ujang Dadang Cecep Lalu Made Wayan Nyoman Heru Imam Rizki Fajar Bayu Dimas Hasan Usman "
    "Sukri Rohim Jamal Saiful Zainal Arif Taufik Dodi Yayan Ade Jaja Didin Yogi Hamdan "
    "Mulyono Parjo Sugeng Suroso Tarno Yosef Paulus Kornelis Stefanus Agustinus"
).split()
MIDDLE_F = "Nur Sri Dwi Tri Eka Ayu Putri Dewi Siti Rahayu Wahyu Indah Puji Tuti".split()
MIDDLE_M = "Muhammad Abdul Nur Dwi Tri Eka Adi Budi Agus Hadi Putra Rahmat Ari".split()
LAST = (
    "Rahmawati Kurniasih Hidayat Saputra Wulandari Setiawan Permana Maulana Susanti Pratama "
    "Handayani Firmansyah Nurhayati Sulastri Suparman Sutrisno Wahyuni Purnamasari Hasanah "
    "Ramadhan Kusuma Santoso Suryadi Mulyadi Hermawan Safitri Lestari Anggraini Puspita "
    "Nugroho Gunawan Haryanto Kartika Rosita Sukaesih Sumarni Yuliani Fauzi Syahputra Sihombing "
    "Simanjuntak Nainggolan Siregar Harahap Lubis Nasution Pohan Manurung Sitorus Tanjung "
    "Daulay Rangkuti Ginting Tarigan Sembiring Hutapea Pardede Munthe Damanik Saragih Purba "
    "Wijaya Halim Gunadi Sanjaya Kurniawan Prasetyo Wibowo Susilo Hartono Budiman "
    "Iskandar Hakim Syarifuddin Abdullah Hamid Rasyid Said Mahmud Zulkarnain Fitriani Amelia"
).split()
EDUCATION = {"sd": 22, "smp": 38, "sma": 32, "diploma": 5, "bachelor": 3}
SKILLS = ["memasak", "merawat lansia", "merawat bayi", "menjahit", "mengemudi", "las", ""]
RELATIONS = ["ibu", "ayah", "suami", "istri", "kakak", "adik"]
OPEN_STAGES = [*BEFORE_DEPARTURE]


@dataclass(frozen=True)
class Reference:
    """What the generator needs from the database, read once."""

    regencies: list[str]
    regency_weights: list[float]
    regency_office: dict[str, int]
    regency_place: dict[str, str]
    agencies: list[int]


def read_reference() -> Reference:
    rows = list(Regency.objects.values_list("code", "province_id", "office_id"))
    names = dict(Regency.objects.values_list("code", "name"))
    provinces = {province for _, province, _ in rows}
    per_province = {p: sum(1 for _, q, _ in rows if q == p) for p in provinces}
    weights = []
    for code, province, _ in rows:
        province_weight = PROVINCE_WEIGHTS.get(province, OTHER_PROVINCES_WEIGHT / len(provinces))
        weights.append(province_weight / per_province[province] * HOT_REGENCIES.get(code, 1))
    return Reference(
        regencies=[code for code, _, _ in rows],
        regency_weights=weights,
        regency_office={code: office for code, _, office in rows},
        regency_place={
            code: name.removeprefix("Kabupaten ").removeprefix("Kota ")
            for code, name in names.items()
        },
        agencies=[],
    )


AGENCY_COLUMNS = (
    "id", "name", "licence_number", "status", "status_reason", "status_changed_at", "regency_id",
    "address", "phone", "email",
)  # fmt: skip
WORKER_COLUMNS = (
    "id", "nik", "full_name", "name_key", "sex", "birth_place", "birth_date", "home_regency_id",
    "address", "phone", "education", "skills", "next_of_kin_name", "next_of_kin_relation",
    "next_of_kin_phone", "passport_number", "passport_expiry", "photo", "registered_by_office_id",
    "registered_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
PLACEMENT_COLUMNS = (
    "id", "worker_id", "scheme", "agency_id", "destination_id", "employer_name", "sector",
    "job_title", "contract_months", "salary_amount", "salary_currency", "stage",
    "stage_changed_at", "cancel_reason", "departed_on", "regency_id", "office_id",
    "created_by_id", "created_at", "version",
)  # fmt: skip
STAGE_CHANGE_COLUMNS = (
    "id", "placement_id", "from_state", "to_state", "kind", "reason", "actor_id", "office_id",
    "changed_at",
)  # fmt: skip


def agency_rows(rng: random.Random, count: int, first_id: int, reference: Reference):
    now = timezone.now()
    words = [
        "Duta",
        "Karya",
        "Mandiri",
        "Sejahtera",
        "Bina",
        "Citra",
        "Lintas",
        "Samudra",
        "Anugerah",
        "Mitra",
        "Global",
        "Jaya",
        "Abadi",
        "Sentosa",
        "Prima",
        "Utama",
    ]
    for offset in range(count):
        status = rng.choices(["active", "suspended", "revoked"], [93, 5, 2])[0]
        reason = {"active": "", "suspended": "Pemeriksaan pengaduan", "revoked": "Pelanggaran"}
        yield (
            first_id + offset,
            f"PT {rng.choice(words)} {rng.choice(words)} {rng.choice(words)} {first_id + offset}",
            f"SYN.{first_id + offset}/P3MI",
            status,
            reason[status],
            now - datetime.timedelta(days=rng.randint(0, 3000)),
            rng.choice(["3173", "3171", "3174", "3275", "3578", "3671"]),
            "",
            "",
            "",
        )


def worker_batches(
    *,
    rng: random.Random,
    count: int,
    batch_size: int,
    reference: Reference,
    first_worker_id: int,
    first_placement_id: int,
    first_change_id: int,
    taken_niks: set[str],
) -> Iterator[tuple[list, list, list]]:
    """Batches of (worker rows, placement rows, stage change rows), ids assigned in order."""
    now = timezone.now()
    today = timezone.localdate()
    ten_years_ago = now - datetime.timedelta(days=365 * YEARS)
    span_seconds = int((now - ten_years_ago).total_seconds())
    destination_weights = [d[1] for d in DESTINATIONS]
    regency_choices = rng.choices(reference.regencies, reference.regency_weights, k=count)
    worker_id, placement_id, change_id = first_worker_id, first_placement_id, first_change_id
    workers, placements, changes = [], [], []
    for index in range(count):
        regency = regency_choices[index]
        destination = rng.choices(DESTINATIONS, destination_weights)[0]
        country, _, sector_weights, currency, salary_range, jobs = destination
        sector = rng.choices(["formal", "informal"], sector_weights)[0]
        sex = "F" if sector == "informal" or rng.random() < 0.45 else "M"
        birth_date = datetime.date(today.year - rng.randint(21, 50), rng.randint(1, 12),
                                   rng.randint(1, 28))  # fmt: skip
        while True:
            nik = build_nik(
                district_code=f"{regency}{rng.randint(1, 30):02d}",
                birth_date=birth_date,
                sex=sex,
                serial=rng.randint(1, 9999),
            )
            if nik not in taken_niks:
                taken_niks.add(nik)
                break
        first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
        if rng.random() < 0.5:  # many Indonesians carry a second given name
            first = f"{first} {rng.choice(MIDDLE_F if sex == 'F' else MIDDLE_M)}"
        name = f"{first} {rng.choice(LAST)}"
        registered = ten_years_ago + datetime.timedelta(seconds=rng.randrange(span_seconds))
        office = reference.regency_office[regency]
        has_passport = rng.random() < 0.8
        workers.append(
            (
                worker_id, nik, name, name_key(name), sex, reference.regency_place[regency],
                birth_date, regency,
                f"Dusun {rng.randint(1, 20)} RT {rng.randint(1, 15):02d}/{rng.randint(1, 9):02d}",
                f"+628{rng.randint(11, 59)}{rng.randint(10000000, 99999999)}",
                rng.choices(list(EDUCATION), list(EDUCATION.values()))[0],
                rng.choice(SKILLS),
                f"{rng.choice(FIRST_F + FIRST_M)} {rng.choice(LAST)}", rng.choice(RELATIONS),
                f"+628{rng.randint(11, 59)}{rng.randint(10000000, 99999999)}",
                f"C{worker_id:07d}"[-8:] if has_passport else "",
                registered.date() + datetime.timedelta(days=1825) if has_passport else None,
                "", office, None, registered, registered, 1,
            )
        )  # fmt: skip
        journeys = rng.choices([1, 2, 3], [70, 22, 8])[0]
        started = registered
        for journey in range(journeys):
            last = journey == journeys - 1
            contract = rng.choice([24, 24, 36, 36, 36]) if country in ("TW", "HK", "MY") else 36
            stage, stage_at, departed, cancel_reason = _fate(rng, started, contract, now, last)
            scheme = rng.choices(list(SCHEMES), list(SCHEMES.values()))[0]
            if country in ("KR", "JP"):
                scheme = "g2g" if rng.random() < 0.7 else "p2p"
            agency = rng.choice(reference.agencies) if scheme == "p2p" else None
            placements.append(
                (
                    placement_id, worker_id, scheme, agency, country,
                    f"Employer {rng.randint(1, 50000)}", sector, rng.choice(jobs), contract,
                    Decimal(rng.randint(*salary_range)), currency, stage, stage_at,
                    cancel_reason, departed, regency, office, None, started, 1,
                )
            )  # fmt: skip
            changes.append(
                (change_id, placement_id, "", "registered", "forward", "", None, office, started)
            )
            changes.append(
                (change_id + 1, placement_id, "registered", stage,
                 "cancel" if stage == Stage.CANCELLED else "forward", cancel_reason, None,
                 office, stage_at)
            )  # fmt: skip
            change_id += 2
            placement_id += 1
            started = stage_at + datetime.timedelta(days=rng.randint(30, 400))
            if stage not in FINAL or started >= now:
                break  # one active placement at most, and none in the future
        worker_id += 1
        if len(workers) >= batch_size:
            yield workers, placements, changes
            workers, placements, changes = [], [], []
    if workers:
        yield workers, placements, changes


def _fate(rng, started, contract_months, now, last):
    """Where a placement begun at `started` stands now: (stage, since, departed on, reason)."""
    if rng.random() < 0.07:
        at = started + datetime.timedelta(days=rng.randint(5, 120))
        return Stage.CANCELLED, min(at, now), None, "Mengundurkan diri"
    departed = started + datetime.timedelta(days=rng.randint(45, 150))
    if departed >= now:
        elapsed = (now - started).days
        stage = OPEN_STAGES[min(len(OPEN_STAGES) - 1, elapsed * len(OPEN_STAGES) // 150)]
        return stage, started + datetime.timedelta(days=elapsed // 2), None, ""
    home = departed + datetime.timedelta(days=contract_months * 30)
    if home >= now and last:
        return Stage.WORKING_ABROAD, departed + datetime.timedelta(days=2), departed.date(), ""
    return Stage.RETURNED, min(home, now), departed.date(), ""
