"""Synthetic outreach for scale tests (`generate_synthetic`): about one activity for every 200
workers, over ten years, held by the office responsible for the regency, which is drawn as
workers are (where more people leave, more outreach); one in ten held online. A share of each
area's quieter regencies is never visited, so the heads' coverage has gaps to show.

Rows for PostgreSQL COPY (`pmi_portal.synthetic.loader.copy_rows`), deterministic for a seed.
"""

import datetime
import random

from django.utils import timezone

from placements.synthetic import YEARS, Reference

WORKERS_PER_ACTIVITY = 200
ONLINE_SHARE = 0.1
COLUMNS = (
    "id", "office_id", "held_on", "kind", "online", "regency_id", "place", "partner", "audience",
    "attendance", "topics", "recorded_by_id", "created_at", "version",
)  # fmt: skip
TABLES = {"outreach_activity": COLUMNS}
_KINDS = [
    ("village_meeting", 0.35, "Pemerintah desa", "Kepala desa, perangkat desa dan warga", 60),
    ("school", 0.2, "SMK negeri setempat", "Siswa kelas XII", 120),
    ("security_liaison", 0.2, "Polres dan Kodim setempat", "Babinsa dan Bhabinkamtibmas", 35),
    ("media", 0.15, "Media lokal", "Wartawan", 15),
    ("other", 0.1, "Balai latihan kerja", "Calon pekerja migran", 40),
]
_TOPICS = [
    "Bahaya calo dan penempatan non-prosedural",
    "Cara bekerja ke luar negeri secara prosedural",
    "Mengenali korban TPPO dan cara melapor",
    "Program G to G ke Korea dan Jepang",
]


def activity_rows(*, rng: random.Random, workers: int, reference: Reference, first_id: int):
    """The activities for `workers` synthetic workers, with ids from `first_id`."""
    count = max(1, workers // WORKERS_PER_ACTIVITY)
    now = timezone.now()
    today = timezone.localdate()
    # A regency whose weight is in the lowest fifth of its area is never visited.
    quiet = sorted(reference.regency_weights)[len(reference.regency_weights) // 5]
    visited = [
        (code, weight)
        for code, weight in zip(reference.regencies, reference.regency_weights, strict=True)
        if weight > quiet and reference.regency_office.get(code)
    ]
    codes = [code for code, _weight in visited]
    weights = [weight for _code, weight in visited]
    kinds = [kind for kind, *_rest in _KINDS]
    kind_weights = [share for _kind, share, *_rest in _KINDS]
    details = {kind: rest for kind, _share, *rest in _KINDS}
    for number in range(count):
        regency = rng.choices(codes, weights)[0]
        held_on = today - datetime.timedelta(days=rng.randrange(365 * YEARS))
        online = rng.random() < ONLINE_SHARE
        kind = "online_live" if online else rng.choices(kinds, kind_weights)[0]
        partner, audience, typical = details.get(kind, ("Instagram Live", "Penonton", 0))
        yield (
            first_id + number,
            reference.regency_office[regency],
            held_on,
            kind,
            online,
            None if online else regency,
            "" if online else f"Kecamatan {reference.regency_place[regency]}",
            partner,
            audience,
            max(1, round(rng.gauss(typical or 400, (typical or 400) / 3))),
            rng.choice(_TOPICS),
            None,
            now,
            1,
        )
