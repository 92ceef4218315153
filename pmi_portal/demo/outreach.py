"""The demo offices' outreach, after what their own accounts tell: UPT Serang with the regional
press and in the villages of Banten; UPT Pontianak with village heads, Babinsa and
Bhabinkamtibmas officers, schools, its live online talks and a device in a village office in
Sambas. Some regencies are left unreached, so the heads' coverage has gaps to show.

And their empowerment programmes for returned workers (PMI purna): Serang's programme for
returnees and its Japanese course with a vocational training centre, Pontianak's business
training in Sambas, each with returnees of the area, troubled ones among them.

Recorded through the offices' own services, so each record is checked and audited.
"""

import datetime

from django.utils import timezone

from outreach import services
from outreach.models import Activity, Programme
from pmi_portal.access.models import User
from pmi_portal.offices.models import Regency
from pmi_portal.people.models import Person

# (recorded by, days ago, kind, regency or "", place, partner, audience, attendance, topics)
ACTIVITIES = [
    ("counter.serang", 70, "media", "3673", "Graha Pena, Kota Serang", "Radar Banten",
     "Redaksi dan wartawan", 14, "Penempatan non-prosedural dari Banten; cara kerja ke luar "
     "negeri secara prosedural"),
    ("counter.serang", 45, "village_meeting", "3602", "Desa Malingping Utara",
     "Pemerintah Desa Malingping Utara", "Kepala desa, perangkat desa dan warga", 63,
     "Bahaya calo dan sponsor; layanan gratis di UPT BP2MI Serang"),
    ("counter.serang", 20, "school", "3603", "Kecamatan Balaraja", "SMKN 1 Balaraja",
     "Siswa kelas XII", 120, "Peluang kerja G to G ke Korea dan Jepang; syarat dan tahapannya"),
    ("counter.pontianak", 90, "security_liaison", "6101", "Kecamatan Sajingan Besar",
     "Polres Sambas dan Kodim 1208/Sambas", "Babinsa dan Bhabinkamtibmas perbatasan", 38,
     "Jalur tikus ke Malaysia; mengenali korban TPPO"),
    ("counter.pontianak", 60, "village_meeting", "6101", "Desa Temajuk",
     "Kantor Desa Temajuk", "Kepala desa se-Kecamatan Paloh", 27,
     "Penempatan perangkat sosialisasi di kantor desa; cara melapor"),
    ("counter.pontianak", 33, "online_live", "", "", "Instagram Live \"Kamek Talks\"",
     "Penonton siaran langsung", 640, "Episode: bekerja ke Malaysia secara prosedural"),
    ("counter.pontianak", 12, "media", "6171", "Aula UPT BP2MI Pontianak",
     "Media cetak, elektronik dan daring Kalimantan Barat", "Wartawan", 22,
     "Kinerja pelindungan PMI dan sosialisasi cara bekerja ke luar negeri"),
    ("counter.pontianak", 5, "school", "6171", "Kecamatan Pontianak Kota", "SMAN 1 Pontianak",
     "Siswa kelas XII", 150, "Bahaya penempatan ilegal dan TPPO"),
]  # fmt: skip


def demo_outreach_load() -> int:
    """The demo's outreach activities, once (idempotent); how many were recorded."""
    if Activity.objects.exists():
        return 0
    today = timezone.localdate()
    made = 0
    for (
        username,
        days_ago,
        kind,
        regency,
        place,
        partner,
        audience,
        attendance,
        topics,
    ) in ACTIVITIES:
        services.activity_record(
            actor=User.objects.get(username=username),
            fields={
                "held_on": today - datetime.timedelta(days=days_ago),
                "kind": kind,
                "online": not regency,
                "regency": Regency.objects.get(code=regency) if regency else None,
                "place": place,
                "partner": partner,
                "audience": audience,
                "attendance": attendance,
                "topics": topics,
            },
        )
        made += 1
    return made


# (recorded by, days ago it started, length in days, kind, title, partner, regency, province
#  of its participants, how many)
PROGRAMMES = [
    ("counter.serang", 40, 30, "business_support", "Pemberdayaan PMI Purna: usaha rumahan",
     "Dinas Koperasi dan UKM Provinsi Banten", "3673", "36", 3),
    ("counter.serang", 15, 90, "language_course", "Kursus bahasa Jepang untuk skema G to G",
     "Balai Latihan Kerja Kota Serang", "3673", "36", 2),
    ("counter.pontianak", 25, 14, "training", "Pelatihan kewirausahaan PMI purna Sambas",
     "Pemerintah Kabupaten Sambas", "6101", "61", 2),
]  # fmt: skip


def _returnees(province: str, count: int) -> list[Person]:
    """Returnees of the province with a NIK, troubled ones first."""
    people = (
        Person.objects.current()
        .filter(home_regency__province=province, nik__isnull=False, arrivals__isnull=False)
        .distinct()
        .order_by("-arrivals__category", "pk")
    )
    return list(dict.fromkeys(people))[:count]


def demo_programmes_load() -> int:
    """The demo's empowerment programmes and their participants, once; how many programmes."""
    if Programme.objects.exists():
        return 0
    today = timezone.localdate()
    made = 0
    for username, days_ago, days, kind, title, partner, regency, province, count in PROGRAMMES:
        officer = User.objects.get(username=username)
        programme = services.programme_record(
            actor=officer,
            fields={
                "kind": kind,
                "title": title,
                "partner": partner,
                "regency": Regency.objects.get(code=regency),
                "starts_on": today - datetime.timedelta(days=days_ago),
                "ends_on": today - datetime.timedelta(days=days_ago - days),
            },
        )
        for person in _returnees(province, count):
            services.participant_add(
                actor=officer, programme=programme, nik=person.nik, relation="returned_worker"
            )
        made += 1
    return made
