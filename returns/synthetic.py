"""Synthetic arrivals at Soekarno-Hatta in realistic proportions, for scale tests.

Every placement that came home is an arrival from its destination; about one arrival in five
is a troubled return (BP2MI's complaints put deportation, illness, unpaid wages and death
first), and some returnees have no placement on record at all: people who left outside the
procedure, often deported, some known by a passport only.
"""

import datetime
import json
import random

from django.utils import timezone

from placements.stages import Stage
from pmi_portal.people.models import name_key

TROUBLED_SHARE = 0.18
# Of the arrivals, the share of people with no placement on record (non-procedural).
NON_PROCEDURAL_PER_RETURN = 0.15
TROUBLES = {
    "deported": 35, "sick": 20, "unpaid_wages": 15, "undocumented": 10, "abuse": 8,
    "trafficking": 5, "deceased": 4, "pregnant_or_children": 3,
}  # fmt: skip
FLIGHTS = {
    "MY": ["QZ7511", "AK380", "MH711", "OD351"], "TW": ["CI761", "BR237"], "HK": ["CX777"],
    "SA": ["SV816", "GA981"], "SG": ["SQ956"], "KR": ["GA879"], "JP": ["GA875"],
    "AE": ["EK356"], "BN": ["BI737"], "PL": ["QR956"],
}  # fmt: skip
ARRIVAL_COLUMNS = (
    "id", "person_id", "flight_number", "arrived_at", "terminal", "from_country_id", "category",
    "troubles", "cause_of_death", "remains_transport", "family_contacted", "notes",
    "no_placement_on_record", "regency_id", "office_id", "post_id", "handover",
    "handover_changed_at", "due_at", "transport_by", "transport_to", "transport_departs_at",
    "received_on", "receipt_note", "logged_by_id", "created_at", "version",
)  # fmt: skip
PERSON_COLUMNS = (
    "id", "nik", "full_name", "name_key", "sex", "birth_place", "birth_date", "home_regency_id",
    "address", "phone", "education", "skills", "next_of_kin_name", "next_of_kin_relation",
    "next_of_kin_phone", "passport_number", "passport_expiry", "photo", "registered_by_office_id",
    "registered_by_id", "merged_into_id", "created_at", "updated_at", "version",
)  # fmt: skip
# placements.synthetic.PLACEMENT_COLUMNS positions used here.
_P_WORKER, _P_COUNTRY, _P_STAGE, _P_STAGE_AT, _P_REGENCY, _P_OFFICE = 1, 4, 11, 12, 15, 16


def arrival_rows(
    *,
    rng: random.Random,
    placements: list[tuple],
    workers_by_id: dict[int, tuple],
    first_arrival_id: int,
    first_person_id: int,
    post_id: int,
    post_office_id: int,
) -> tuple[list[tuple], list[tuple]]:
    """(arrival rows, rows of people with no placement) for one batch of placements."""
    now = timezone.now()
    arrivals, people = [], []
    arrival_id, person_id = first_arrival_id, first_person_id
    for placement in placements:
        if placement[_P_STAGE] != Stage.RETURNED:
            continue
        arrivals.append(
            _arrival(
                rng,
                arrival_id,
                placement[_P_WORKER],
                placement[_P_COUNTRY],
                placement[_P_STAGE_AT],
                placement[_P_REGENCY],
                placement[_P_OFFICE],
                post_id,
                now,
                non_procedural=False,
            )
        )
        arrival_id += 1
        if rng.random() < NON_PROCEDURAL_PER_RETURN:
            worker = workers_by_id[placement[_P_WORKER]]
            person = _undocumented_person(rng, person_id, worker, post_office_id, now)
            people.append(person)
            arrived = placement[_P_STAGE_AT] - datetime.timedelta(days=rng.randint(0, 300))
            arrivals.append(
                _arrival(
                    rng,
                    arrival_id,
                    person_id,
                    placement[_P_COUNTRY],
                    max(arrived, now - datetime.timedelta(days=3650)),
                    worker[7],
                    placement[_P_OFFICE],
                    post_id,
                    now,
                    non_procedural=True,
                )
            )
            arrival_id += 1
            person_id += 1
    return arrivals, people


def _arrival(
    rng, arrival_id, person_id, country, arrived_at, regency, office, post, now, *, non_procedural
):
    troubled = (non_procedural and rng.random() < 0.8) or rng.random() < TROUBLED_SHARE
    troubles = []
    if troubled:
        troubles = list(
            dict.fromkeys(
                rng.choices(list(TROUBLES), list(TROUBLES.values()), k=rng.choice([1, 1, 1, 2]))
            )
        )
        if non_procedural and "undocumented" not in troubles and rng.random() < 0.5:
            troubles.append("undocumented")
    deceased = "deceased" in troubles
    due = arrived_at + datetime.timedelta(days=2)
    received = arrived_at < now - datetime.timedelta(days=7) or rng.random() < 0.5
    received_on = (arrived_at + datetime.timedelta(days=rng.randint(0, 3))).date()
    if received and received_on > now.date():
        received = False
    return (
        arrival_id,
        person_id,
        rng.choice(FLIGHTS.get(country, ["GA001"])),
        arrived_at,
        rng.choice(["2F", "3", "3U"]),
        country,
        "troubled" if troubles else "regular",
        json.dumps(troubles),
        "Sakit (menurut surat keterangan)" if deceased else "",
        "Kargo jenazah, ambulans dinas sosial" if deceased else "",
        deceased,
        "",
        non_procedural,
        regency,
        office,
        post,
        "received" if received else "awaiting",
        arrived_at,
        None if received else due,
        "",
        "",
        None,
        received_on if received else None,
        "",
        None,
        arrived_at,
        1,
    )


def _undocumented_person(rng, person_id, like, office_id, now):
    """Someone who left without a placement: a passport, often no NIK on record."""
    name = f"{like[2].split()[0]} {rng.choice(['Wati', 'Sari', 'Yanti', 'Putra', 'Hidayat'])}"
    return (
        person_id,
        None,
        name,
        name_key(name),
        like[4],
        "",
        like[6],
        like[7],
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        f"X{person_id:07d}"[-8:],
        None,
        "",
        office_id,
        None,
        None,
        now,
        now,
        1,
    )
