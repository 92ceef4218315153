"""Synthetic cases in realistic proportions, for scale tests: about one case for ten workers.

Types follow BP2MI's complaint figures (a worker who wants to be brought home most often,
then unpaid wages, deportation, death), with the illegal-placement and trafficking (TPPO)
reports the agency treats as an emergency. Troubled returns open some of them; the rest come
from families, the hotline, the counter, the public and the police. Old cases are mostly
closed, recent ones still being verified or investigated, and some are forgotten past their
deadline. Recruiters (calo) are people of the registry and recur across cases of a province,
a few of them often; agencies recur through their workers. Each regional office gets one
case with a long story (200 timeline entries), the benchmark's case page.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone

from cases import states
from cases.deadlines import add_working_days, working_days_for
from cases.models import FINISHED_STATES, CaseType, Institution, LegalStepKind, Source, State
from cases.services import case_type_of_arrival
from placements.synthetic import FIRST_M, LAST
from pmi_portal.people.models import name_key

CASES_PER_WORKER = 0.1
# Of a batch's cases, at most this share is opened from its troubled arrivals.
FROM_ARRIVALS_MAX = 0.3
TYPES = {
    CaseType.REPATRIATION_REQUEST: 26, CaseType.UNPAID_WAGES: 18, CaseType.NON_PROCEDURAL: 10,
    CaseType.TRAFFICKING: 8, CaseType.UNLICENSED_RECRUITER: 8, CaseType.MISSING_CONTACT: 8,
    CaseType.OTHER: 7, CaseType.ABUSE: 6, CaseType.OVERCHARGING: 5, CaseType.DOCUMENT_FRAUD: 4,
}  # fmt: skip
SOURCES = {
    Source.FAMILY: 32, Source.HOTLINE: 27, Source.COUNTER: 21, Source.PUBLIC_REPORT: 12,
    Source.POLICE: 8,
}  # fmt: skip
# A recruiter is always named for these types, sometimes for the others.
RECRUITER_TYPES = {
    CaseType.NON_PROCEDURAL, CaseType.TRAFFICKING, CaseType.UNLICENSED_RECRUITER,
    CaseType.OVERCHARGING, CaseType.DOCUMENT_FRAUD,
}  # fmt: skip
RECRUITER_OTHERWISE = 0.15
# A named recruiter is one already known in the province this often (the prolific more so).
RECRUITER_KNOWN = 0.45
AGENCY_TYPES = {
    CaseType.UNPAID_WAGES, CaseType.OVERCHARGING, CaseType.DOCUMENT_FRAUD, CaseType.ABUSE,
    CaseType.REPATRIATION_REQUEST,
}  # fmt: skip
# States by the case's age: (younger than, in days) -> weights.
STATES_BY_AGE = [
    (14, {State.REPORTED: 45, State.VERIFIED: 25, State.UNDER_INVESTIGATION: 20,
          State.REJECTED: 5, State.MERGED: 5}),
    (90, {State.REPORTED: 8, State.VERIFIED: 12, State.UNDER_INVESTIGATION: 35,
          State.REFERRED: 20, State.RESOLVED: 10, State.CLOSED: 5, State.REJECTED: 7,
          State.MERGED: 3}),
    (None, {State.REPORTED: 2, State.VERIFIED: 3, State.UNDER_INVESTIGATION: 8,
            State.REFERRED: 10, State.RESOLVED: 7, State.CLOSED: 55, State.REJECTED: 12,
            State.MERGED: 3}),
]  # fmt: skip
# The moves that lead to each state: (kind, to_state); resolved and closed may skip the referral.
PATHS = {
    State.REPORTED: [],
    State.VERIFIED: [(states.VERIFY, State.VERIFIED)],
    State.REJECTED: [(states.REJECT, State.REJECTED)],
    State.MERGED: [(states.MERGE, State.MERGED)],
    State.UNDER_INVESTIGATION: [
        (states.VERIFY, State.VERIFIED),
        (states.INVESTIGATE, State.UNDER_INVESTIGATION),
    ],
}
PATHS[State.REFERRED] = [*PATHS[State.UNDER_INVESTIGATION], (states.REFER, State.REFERRED)]
PATHS[State.RESOLVED] = [*PATHS[State.REFERRED], (states.RESOLVE, State.RESOLVED)]
PATHS[State.CLOSED] = [*PATHS[State.RESOLVED], (states.CLOSE, State.CLOSED)]
LONG_TIMELINE_NOTES = 189  # with 4 moves, 4 referrals and 3 legal steps: 200 entries
COUNTRY_NAMES = {
    "MY": "Malaysia", "TW": "Taiwan", "HK": "Hong Kong", "SA": "Arab Saudi", "SG": "Singapura",
    "KR": "Korea Selatan", "JP": "Jepang", "AE": "Uni Emirat Arab", "BN": "Brunei",
    "PL": "Polandia",
}  # fmt: skip
MISSIONS = {
    "MY": "KBRI Kuala Lumpur", "TW": "KDEI Taipei", "HK": "KJRI Hong Kong", "SA": "KJRI Jeddah",
    "SG": "KBRI Singapura", "KR": "KBRI Seoul", "JP": "KBRI Tokyo", "AE": "KJRI Dubai",
    "BN": "KBRI Bandar Seri Begawan", "PL": "KBRI Warsawa",
}  # fmt: skip
STORIES = {
    CaseType.REPATRIATION_REQUEST: "Keluarga di {place} meminta {name} dipulangkan dari {country}: "
    "sakit dan majikan tidak mengizinkan pulang.",
    CaseType.UNPAID_WAGES: "{name} dari {place} tidak menerima gaji selama {months} bulan di "
    "{country}; majikan menahan paspor.",
    CaseType.NON_PROCEDURAL: "{name} dari {place} berangkat ke {country} tanpa prosedur resmi, "
    "lewat calo, dan kini dideportasi.",
    CaseType.TRAFFICKING: "{name} dari {place} direkrut calo dengan janji kerja di {country}, "
    "ditampung, dokumen ditahan, dipekerjakan tanpa upah.",
    CaseType.UNLICENSED_RECRUITER: "Calo di {place} merekrut warga untuk bekerja di {country} "
    "tanpa izin; {name} sudah menyetor uang.",
    CaseType.MISSING_CONTACT: "Keluarga {name} di {place} hilang kontak sejak {months} bulan; "
    "terakhir bekerja di {country}.",
    CaseType.OTHER: "{name} dari {place} meninggal dunia di {country}; keluarga meminta "
    "pemulangan jenazah dan hak-haknya.",
    CaseType.ABUSE: "{name} dari {place} mengalami kekerasan oleh majikan di {country} dan "
    "meminta perlindungan.",
    CaseType.OVERCHARGING: "{name} dari {place} dibebani biaya penempatan berlebih sebelum "
    "berangkat ke {country}.",
    CaseType.DOCUMENT_FRAUD: "Dokumen {name} dari {place} dipalsukan (umur dan alamat) untuk "
    "berangkat ke {country}.",
}
NOTES = [
    "Keluarga dihubungi, data korban dilengkapi.",
    "Koordinasi dengan perwakilan RI di negara penempatan.",
    "Korban dihubungi lewat telepon, dalam keadaan sehat.",
    "Menunggu jawaban surat dari perusahaan penempatan.",
    "Salinan paspor dan kontrak kerja diterima dari keluarga.",
    "Mediasi dengan perusahaan penempatan dijadwalkan.",
]
NICKNAMES = ["Aheng", "Pak De", "Bang Jek", "Haji Ucup", "Koh Ahong", "Mas Bro", "Wak Dul"]
OUTCOMES = [
    "Korban sudah dipulangkan dan diterima keluarga.",
    "Gaji dibayarkan setelah mediasi.",
    "Perkara dilimpahkan ke kepolisian; korban didampingi.",
    "Jenazah dipulangkan, santunan diterima ahli waris.",
]
CASE_COLUMNS = (
    "id", "reference", "case_type", "source", "description", "regency_id", "country_id",
    "office_id", "assigned_to_id", "state", "state_changed_at", "due_at", "merged_into_id",
    "outcome", "arrival_id", "interception_id", "created_by_id", "created_at", "version",
)  # fmt: skip
CHANGE_COLUMNS = (
    "id", "case_id", "from_state", "to_state", "kind", "reason", "actor_id", "office_id",
    "changed_at", "due_at",
)  # fmt: skip
PARTY_COLUMNS = ("id", "case_id", "person_id", "role", "note", "added_by_id", "added_at")
AGENCY_COLUMNS = ("id", "case_id", "agency_id", "note", "added_by_id", "added_at")
NOTE_COLUMNS = ("id", "case_id", "text", "author_id", "from_reporter", "created_at")
REFERRAL_COLUMNS = (
    "id", "case_id", "institution", "institution_name", "reference_number", "sent_on", "answer",
    "answered_on", "created_by_id", "created_at",
)  # fmt: skip
LEGAL_STEP_COLUMNS = (
    "id", "case_id", "kind", "happened_on", "reference", "detail", "verdict", "recorded_by_id",
    "recorded_at",
)  # fmt: skip
# The tables written, in the order of their foreign keys, with their columns.
TABLES = {
    "cases_case": CASE_COLUMNS,
    "cases_casestatechange": CHANGE_COLUMNS,
    "cases_caseparty": PARTY_COLUMNS,
    "cases_caseagency": AGENCY_COLUMNS,
    "cases_casenote": NOTE_COLUMNS,
    "cases_referral": REFERRAL_COLUMNS,
    "cases_legalstep": LEGAL_STEP_COLUMNS,
}
# placements.synthetic row positions used here.
_W_ID, _W_NAME, _W_SEX, _W_REGENCY = 0, 2, 4, 7
_P_WORKER, _P_AGENCY, _P_COUNTRY = 1, 3, 4
# returns.synthetic.ARRIVAL_COLUMNS positions used here.
_A_ID, _A_PERSON, _A_AT, _A_COUNTRY, _A_TROUBLES, _A_NO_PLACEMENT, _A_REGENCY, _A_OFFICE = (
    0, 1, 3, 5, 7, 12, 13, 14,
)  # fmt: skip


@dataclass
class Batch:
    """The rows of one batch: people (recruiters) and one list per table of TABLES."""

    people: list = field(default_factory=list)
    rows: dict = field(default_factory=lambda: {table: [] for table in TABLES})


class CaseGenerator:
    """Makes the cases of each batch of workers; keeps the ids, the recruiters known in each
    province and the offices that already have their long case, across batches."""

    def __init__(self, *, rng, reference, first_ids: dict, handlers: dict):
        self.rng = rng
        self.reference = reference
        self.ids = dict(first_ids)  # table -> next id
        self.next_person_id = 0
        self.handlers = handlers  # office id -> ids of its active case handlers
        self.recruiters = defaultdict(list)  # province -> person ids, a prolific one often
        self.long_done: set[int] = set()
        self.last_case_of_office: dict[int, int] = {}
        self.now = timezone.now()

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def batch(self, *, workers: list, placements: list, arrivals: list, first_person_id: int):
        """The batch's cases; new recruiters get person ids from `first_person_id` on."""
        rng = self.rng
        self.next_person_id = first_person_id
        out = Batch()
        quota = round(len(workers) * CASES_PER_WORKER)
        troubled = [a for a in arrivals if json.loads(a[_A_TROUBLES])]
        from_arrivals = rng.sample(troubled, min(len(troubled), int(quota * FROM_ARRIVALS_MAX)))
        for arrival in from_arrivals:
            troubles = json.loads(arrival[_A_TROUBLES])
            case_type = case_type_of_arrival(
                SimpleNamespace(troubles=troubles, no_placement_on_record=arrival[_A_NO_PLACEMENT])
            )
            opened = min(arrival[_A_AT] + datetime.timedelta(days=rng.randint(0, 3)), self.now)
            self._case(
                out,
                case_type=case_type,
                source=Source.TROUBLED_RETURN,
                victim=arrival[_A_PERSON],
                victim_name="",
                regency=arrival[_A_REGENCY],
                country=arrival[_A_COUNTRY],
                agency=None,
                opened=opened,
                arrival=arrival[_A_ID],
            )
        placement_of = {p[_P_WORKER]: p for p in placements}
        types, type_weights = list(TYPES), list(TYPES.values())
        sources, source_weights = list(SOURCES), list(SOURCES.values())
        for worker in rng.sample(workers, min(len(workers), quota - len(from_arrivals))):
            placement = placement_of.get(worker[_W_ID])
            age = min(int(rng.expovariate(1 / 300)), 1095)
            opened = self.now - datetime.timedelta(days=age, minutes=rng.randint(0, 1440))
            self._case(
                out,
                case_type=rng.choices(types, type_weights)[0],
                source=rng.choices(sources, source_weights)[0],
                victim=worker[_W_ID],
                victim_name=worker[_W_NAME],
                regency=worker[_W_REGENCY],
                country=placement[_P_COUNTRY] if placement else rng.choice(list(COUNTRY_NAMES)),
                agency=placement[_P_AGENCY] if placement else None,
                opened=opened,
                arrival=None,
            )
        return out

    def _case(self, out, *, case_type, source, victim, victim_name, regency, country, agency,
              opened, arrival) -> None:  # fmt: skip
        rng = self.rng
        office = self.reference.regency_office[regency]
        case_id = self._id("cases_case")
        long_story = office not in self.long_done and arrival is None
        if long_story:
            # A trafficking case followed for over a year, to the trial.
            self.long_done.add(office)
            opened = self.now - datetime.timedelta(days=400)
            state = State.REFERRED
            case_type = CaseType.TRAFFICKING
        else:
            age = (self.now - opened).days
            weights = next(w for limit, w in STATES_BY_AGE if limit is None or age < limit)
            state = rng.choices(list(weights), list(weights.values()))[0]
        merged_into = None
        if state == State.MERGED:
            merged_into = self.last_case_of_office.get(office)
            if merged_into is None:
                state = State.REJECTED
        handler = rng.choice(self.handlers[office]) if self.handlers.get(office) else None
        assigned = handler if state not in (State.REPORTED, *FINISHED_STATES) else None
        place = self.reference.regency_place.get(regency, regency)
        story = STORIES[case_type].format(
            name=victim_name or "Korban",
            place=place,
            country=COUNTRY_NAMES.get(country, country),
            months=rng.randint(2, 14),
        )
        # The moves, spread over part of the case's life so far.
        moves = list(PATHS[state])
        if state in (State.RESOLVED, State.CLOSED) and rng.random() < 0.5:
            moves = [move for move in moves if move[0] != states.REFER]
        span = (self.now - opened) * (0.95 if long_story else rng.uniform(0.2, 0.9))
        times = sorted(opened + span * rng.random() for _ in moves)
        changed_at = times[-1] if times else opened
        days = working_days_for(case_type, state)
        due_at = add_working_days(changed_at, days) if days is not None else None
        outcome = rng.choice(OUTCOMES) if state in (State.RESOLVED, State.CLOSED) else ""
        out.rows["cases_case"].append((
            case_id, f"KSS-{timezone.localtime(opened).year}-{case_id:06d}", case_type, source,
            story, regency, country, office, assigned, state, changed_at, due_at, merged_into,
            outcome, arrival, None, None, opened, 1 + len(moves),
        ))  # fmt: skip
        self.last_case_of_office[office] = case_id
        changes = out.rows["cases_casestatechange"]
        changes.append(
            (self._id("cases_casestatechange"), case_id, "", State.REPORTED, "opened", "",
             None, office, opened, None)
        )  # fmt: skip
        here = State.REPORTED
        for (kind, target), at in zip(moves, times, strict=True):
            reason = ""
            if kind in (states.REJECT, states.MERGE):
                reason = "Laporan tidak berdasar" if kind == states.REJECT else "Laporan sama"
            elif kind == states.RESOLVE:
                reason = outcome
            changes.append(
                (self._id("cases_casestatechange"), case_id, here, target, kind, reason,
                 handler, office, at, due_at if target == state else None)
            )  # fmt: skip
            here = target
        self._parties(out, case_id, case_type, victim, regency, opened, agency)
        referred_at = next(
            (at for (kind, _), at in zip(moves, times, strict=True) if kind == states.REFER), None
        )
        if referred_at is not None:
            for _ in range(4 if long_story else 1):
                self._referral(out, case_id, case_type, country, place, referred_at, handler)
        if long_story:
            self._legal_steps(out, case_id, referred_at, handler)
        notes = LONG_TIMELINE_NOTES if long_story else rng.choice([0, 0, 1, 1, 2, 3])
        for number in range(notes):
            at = opened + (changed_at - opened) * ((number + 1) / (notes + 1))
            out.rows["cases_casenote"].append(
                (self._id("cases_casenote"), case_id, rng.choice(NOTES), handler, False, at)
            )

    def _parties(self, out, case_id, case_type, victim, regency, opened, agency) -> None:
        rng = self.rng
        parties = out.rows["cases_caseparty"]
        parties.append((self._id("cases_caseparty"), case_id, victim, "victim", "", None, opened))
        if case_type in RECRUITER_TYPES or rng.random() < RECRUITER_OTHERWISE:
            known = self.recruiters[regency[:2]]
            if known and rng.random() < RECRUITER_KNOWN:
                recruiter = rng.choice(known)
            else:
                recruiter = self._recruiter(out, regency, opened)
            known.append(recruiter)
            parties.append(
                (self._id("cases_caseparty"), case_id, recruiter, "recruiter", "", None, opened)
            )
        if agency is not None and case_type in AGENCY_TYPES and rng.random() < 0.6:
            out.rows["cases_caseagency"].append(
                (self._id("cases_caseagency"), case_id, agency, "", None, opened)
            )

    def _recruiter(self, out, regency: str, opened) -> int:
        """A calo of the registry: a name and an alias, a phone, no NIK on record."""
        rng = self.rng
        person_id = self.next_person_id
        self.next_person_id += 1
        name = f"{rng.choice(FIRST_M)} {rng.choice(LAST)} alias {rng.choice(NICKNAMES)}"
        phone = f"+62812{rng.randrange(10**7, 10**8)}"
        office = self.reference.regency_office[regency]
        out.people.append((
            person_id, None, name, name_key(name), "M", "", None, regency, "", phone, "", "", "",
            "", "", "", None, "", office, None, None, opened, opened, 1,
        ))  # fmt: skip
        return person_id

    def _referral(self, out, case_id, case_type, country, place, at, handler) -> None:
        rng = self.rng
        if case_type in (CaseType.TRAFFICKING, CaseType.NON_PROCEDURAL):
            institution, name = Institution.POLICE, f"Polres {place}"
        elif case_type == CaseType.UNPAID_WAGES:
            institution, name = Institution.MANPOWER, f"Disnaker {place}"
        else:
            institution, name = Institution.CONSULATE, MISSIONS.get(country, "KBRI")
        sent_on = timezone.localtime(at).date()
        answered = rng.random() < 0.5 and sent_on + datetime.timedelta(days=14) < self.now.date()
        out.rows["cases_referral"].append((
            self._id("cases_referral"), case_id, institution, name,
            f"B-{rng.randint(100, 999)}/KP.04/{sent_on.year}", sent_on,
            "Ditindaklanjuti." if answered else "",
            sent_on + datetime.timedelta(days=14) if answered else None, handler, at,
        ))  # fmt: skip

    def _legal_steps(self, out, case_id, referred_at, handler) -> None:
        day = timezone.localtime(referred_at).date()
        for offset, kind in enumerate(
            [LegalStepKind.POLICE_REPORT, LegalStepKind.SUSPECTS_NAMED, LegalStepKind.TRIAL]
        ):
            out.rows["cases_legalstep"].append((
                self._id("cases_legalstep"), case_id, kind,
                min(day + datetime.timedelta(days=30 * offset), self.now.date()),
                f"LP/B/{self.rng.randint(100, 999)}", "", "", handler, referred_at,
            ))  # fmt: skip
