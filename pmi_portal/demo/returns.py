"""A day at the Soekarno-Hatta return post for the demo: arrivals of workers of the registry
and of people with no placement, troubled returns, one repatriation of remains, handovers
waiting in Serang's and Pontianak's queues, one overdue, and a departure stopped.

Made through the post's own services, so every record has its person, routing and audit.
"""

import datetime

from django.utils import timezone

from pmi_portal.access.models import User
from pmi_portal.offices.models import Country, Regency
from pmi_portal.people.models import Person
from returns import services
from returns.models import Arrival, Interception

# (who: a registry worker's home regency or a new person, flight, hours ago, country,
#  category, troubles, notes)
ARRIVALS = [
    ("worker:3603", "QZ7511", 3, "MY", "regular", [], ""),
    ("worker:6101", "CI761", 5, "TW", "troubled", ["unpaid_wages"],
     "Gaji 4 bulan belum dibayar majikan."),
    ("worker:3602", "CX777", 20, "HK", "troubled", ["sick"], "Dirujuk ke RS Polri Kramat Jati."),
    ("new:Rina Wulandari:X4481207:F:1993-03-14:6101", "AK380", 2, "MY", "troubled",
     ["deported", "undocumented"], "Dideportasi dari Tawau; berangkat tanpa dokumen."),
    ("new:Yuli Andriani:X5512098:F:1989-11-02:", "OD351", 1, "MY", "troubled",
     ["deported"], "Tidak ingat alamat kabupaten; NIK belum diketahui."),
    ("worker:6171", "SV816", 60, "SA", "troubled", ["deceased"], ""),
]  # fmt: skip
INTERCEPTIONS = [
    ("new:Siti Komariah:X6620915:F:2001-06-21:3604", "MY", "Dijanjikan kerja di kebun sawit oleh "
     "sponsor desa, berangkat dengan visa kunjungan.", "Pak Darto (sponsor)"),
]  # fmt: skip


def _person_fields(who: str, used: set[int]) -> dict:
    kind, *rest = who.split(":")
    if kind == "worker":
        worker = (
            Person.objects.filter(home_regency_id=rest[0], nik__isnull=False)
            .exclude(pk__in=used)
            .order_by("pk")
            .first()
        )
        if worker is None:
            return {}
        used.add(worker.pk)
        return {"nik": worker.nik}
    name, passport, sex, born, regency = rest
    fields = {
        "full_name": name,
        "passport_number": passport,
        "sex": sex,
        "birth_date": datetime.date.fromisoformat(born),
    }
    if regency:
        fields["home_regency"] = Regency.objects.get(code=regency)
    return fields


def demo_returns_load() -> int:
    """The demo's arrivals and interceptions, once (idempotent); how many were made."""
    if Arrival.objects.exists() or Interception.objects.exists():
        return 0
    post_officer = User.objects.get(username="airport.soetta")
    now = timezone.now()
    used: set[int] = set()
    made = 0
    for who, flight, hours_ago, country, category, troubles, notes in ARRIVALS:
        person = _person_fields(who, used)
        if not person:
            continue
        arrival_fields = {
            "flight_number": flight,
            "arrived_at": now - datetime.timedelta(hours=hours_ago),
            "from_country": Country.objects.get(code=country),
            "category": category,
            "troubles": troubles,
            "notes": notes,
        }
        if "deceased" in troubles:
            arrival_fields |= {
                "cause_of_death": "Serangan jantung (menurut surat kematian KBRI Riyadh)",
                "remains_transport": "Kargo Garuda, ambulans Dinas Sosial Kota Pontianak",
                "family_contacted": True,
            }
        arrival = services.arrival_log(
            actor=post_officer, person_fields=person, arrival_fields=arrival_fields
        )
        if hours_ago > 48:
            # Landed days ago and never confirmed: overdue in the home office's queue.
            Arrival.objects.filter(pk=arrival.pk).update(
                due_at=arrival.arrived_at + datetime.timedelta(days=2)
            )
        made += 1
    for who, country, account, recruiter in INTERCEPTIONS:
        services.interception_record(
            actor=post_officer,
            person_fields=_person_fields(who, used),
            fields={
                "intercepted_at": now - datetime.timedelta(hours=4),
                "flight_number": "QZ7521",
                "destination": Country.objects.get(code=country),
                "account": account,
                "recruiter": recruiter,
            },
        )
        made += 1
    return made
