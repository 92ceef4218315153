"""The demo offices' outreach, after what their own accounts tell: UPT Serang with the regional
press and in the villages of Banten; UPT Pontianak with village heads, Babinsa and
Bhabinkamtibmas officers, schools, its live online talks and a device in a village office in
Sambas. Some regencies are left unreached, so the heads' coverage has gaps to show.

Recorded through the offices' own service, so each activity is checked and audited.
"""

import datetime

from django.utils import timezone

from outreach import services
from outreach.models import Activity
from pmi_portal.access.models import User
from pmi_portal.offices.models import Regency

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
