"""Manifests of returnees from consulates, embassies and airlines: CSV or XLSX, as they come.

Real files are messy: a byte-order mark, `;` or `,`, headers in Indonesian or English, dates
as `01/01/1975`, `1975-01-01` or `4 Februari 1977`, countries by name or ISO code. Every row is
read and checked before anything is saved (the preview); on commit each good row is saved in
its own transaction and a bad row saves nothing. The same person on the same flight on the same
day is one arrival, so importing a file again creates nothing new.
"""

import codecs
import csv
import datetime
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_portal.documents.storage import private_storage
from pmi_portal.identity import rules
from pmi_portal.offices.models import Country, Regency
from pmi_portal.people.models import Person
from returns import services
from returns.models import Arrival, Category, Trouble

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
BATCH = 1000
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# Canonical column -> header spellings seen in real manifests (compared after `_key`).
HEADERS = {
    "full_name": ["nama", "nama lengkap", "name", "full name", "nama pmi"],
    "nik": ["nik", "no nik", "nomor nik", "nomor induk kependudukan"],
    "passport_number": [
        "no paspor",
        "nomor paspor",
        "paspor",
        "passport no",
        "passport number",
        "passport",
        "no passport",
    ],
    "sex": ["jenis kelamin", "jk", "l p", "sex", "gender"],
    "birth_date": ["tanggal lahir", "tgl lahir", "date of birth", "birth date", "dob"],
    "from_country": [
        "negara asal",
        "negara",
        "negara penempatan",
        "country",
        "from",
        "country of origin",
        "departure country",
    ],
    "category": ["kategori", "category", "jenis kepulangan", "masalah"],
    "flight_number": [
        "penerbangan",
        "no penerbangan",
        "nomor penerbangan",
        "flight",
        "flight no",
        "flight number",
    ],
    "arrived_at": [
        "tanggal tiba",
        "tgl tiba",
        "tanggal kedatangan",
        "arrival date",
        "date of arrival",
        "arrival",
    ],
    "home_regency": [
        "kabupaten kota",
        "kab kota",
        "daerah asal",
        "kabupaten",
        "home regency",
        "regency",
        "kota",
    ],
}
REQUIRED = ("full_name", "from_country", "flight_number", "arrived_at")
MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "feb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
SEXES = {
    "l": "M",
    "laki laki": "M",
    "lakilaki": "M",
    "pria": "M",
    "m": "M",
    "male": "M",
    "p": "F",
    "perempuan": "F",
    "wanita": "F",
    "f": "F",
    "female": "F",
}
# Category cells: "reguler"/"regular", or the trouble(s), in Indonesian or English.
TROUBLE_WORDS = {
    "deportasi": Trouble.DEPORTED,
    "dideportasi": Trouble.DEPORTED,
    "deportan": Trouble.DEPORTED,
    "deported": Trouble.DEPORTED,
    "sakit": Trouble.SICK,
    "sick": Trouble.SICK,
    "meninggal": Trouble.DECEASED,
    "meninggal dunia": Trouble.DECEASED,
    "jenazah": Trouble.DECEASED,
    "deceased": Trouble.DECEASED,
    "tppo": Trouble.TRAFFICKING,
    "korban tppo": Trouble.TRAFFICKING,
    "trafficking": Trouble.TRAFFICKING,
    "gaji tidak dibayar": Trouble.UNPAID_WAGES,
    "unpaid wages": Trouble.UNPAID_WAGES,
    "kekerasan": Trouble.ABUSE,
    "abuse": Trouble.ABUSE,
    "tidak berdokumen": Trouble.UNDOCUMENTED,
    "undocumented": Trouble.UNDOCUMENTED,
    "hamil": Trouble.PREGNANT_OR_CHILDREN,
    "membawa anak": Trouble.PREGNANT_OR_CHILDREN,
}
REGULAR_WORDS = {"reguler", "regular", "biasa", "normal", "purna kontrak", "habis kontrak"}


class ManifestError(ValidationError):
    """The file as a whole cannot be read (not a row's problem)."""


@dataclass
class RowProblem:
    row: int  # data rows from 1, the first row after the header
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ManifestRow:
    row: int
    person: dict
    arrival: dict


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [problem.as_dict() for problem in self.errors],
            "committed": self.committed,
        }


def _key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _file_refused(message: str, code: str) -> ManifestError:
    return ManifestError(message, code=code)


def read_table(uploaded) -> Iterator[list]:
    """The rows of an uploaded CSV or XLSX as lists of cells, the header first."""
    if uploaded.size > MAX_BYTES:
        raise _file_refused(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // 1048576},
            "too_big",
        )
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _xlsx_rows(uploaded)
    return _csv_rows(uploaded)


def _xlsx_rows(uploaded) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _file_refused(_("This is not a readable XLSX file."), "unreadable") from None
    sheet = workbook.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield ["" if value is None else value for value in values]
    workbook.close()


def _csv_rows(uploaded) -> Iterator[list]:
    sample = uploaded.read(64 * 1024)
    uploaded.seek(0)
    if b"\x00" in sample:
        raise _file_refused(_("This is not a CSV or XLSX file."), "unreadable")
    encoding = "utf-8-sig"
    try:
        sample.decode(encoding)
    except UnicodeDecodeError as error:
        # A cut in the middle of a character at the sample's end is fine; anything else is not.
        if error.start < len(sample) - 4:
            encoding = "cp1252"
    first_line = sample.decode(encoding, errors="replace").splitlines()[0] if sample else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    text = codecs.getreader(encoding)(uploaded, errors="replace")
    try:
        yield from csv.reader(text, delimiter=delimiter)
    except csv.Error:
        raise _file_refused(_("This is not a CSV or XLSX file."), "unreadable") from None


def map_header(header: list) -> dict[str, int]:
    """Canonical column -> index; raises when a required column is missing."""
    known = {_key(spelling): name for name, spellings in HEADERS.items() for spelling in spellings}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = known.get(_key(cell))
        if name is not None and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if "nik" not in columns and "passport_number" not in columns:
        missing.append("nik/passport_number")
    if missing:
        raise _file_refused(
            _("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
            "missing_columns",
        )
    return columns


def parse_date(value) -> datetime.date:
    """`01/01/1975`, `1975-01-01`, `4 Februari 1977`, `4 Feb 1977`, or an Excel date cell."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text)
    if match:
        year, month, day = map(int, match.groups())
        return datetime.date(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: .*)?", text)
    if match:
        day, month, year = map(int, match.groups())
        return datetime.date(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})", text)
    if match and _key(match.group(2)) in MONTHS:
        return datetime.date(int(match.group(3)), MONTHS[_key(match.group(2))], int(match.group(1)))
    raise ValueError(text)


class _Lookups:
    """Countries and regencies by every name a manifest may use, read once."""

    def __init__(self):
        self.countries: dict[str, Country] = {}
        for country in Country.objects.all():
            for name in (country.code, country.code3, country.name_id, country.name_en):
                if name:
                    self.countries.setdefault(_key(name), country)
        self.regencies: dict[str, str] = {}
        for code, name in Regency.objects.values_list("code", "name"):
            self.regencies[code] = code
            self.regencies.setdefault(_key(name), code)
            short = _key(name.removeprefix("Kabupaten ").removeprefix("Kota "))
            if name.startswith("Kabupaten "):
                self.regencies.setdefault(short, code)
            self.regencies.setdefault(
                _key("kab " + short) if name.startswith("Kabupaten ") else _key("kota " + short),
                code,
            )


def _category(cell: str) -> tuple[str, list[str]] | None:
    key = _key(cell)
    if not key or key in REGULAR_WORDS:
        return Category.REGULAR, []
    if key in {"bermasalah", "troubled", "pmi bermasalah"}:
        return None
    troubles = []
    for part in re.split(r"\s*[,/;+]\s*|\s+dan\s+|\s+and\s+", str(cell)):
        word = _key(part)
        if word in {"bermasalah", "troubled"}:
            continue
        if word not in TROUBLE_WORDS:
            return None
        troubles.append(TROUBLE_WORDS[word])
    return (Category.TROUBLED, list(dict.fromkeys(troubles))) if troubles else None


def parse_rows(uploaded) -> tuple[list[ManifestRow], list[RowProblem]]:
    """Read and check every row; nothing is saved. Bad rows come back as problems."""
    rows = read_table(uploaded)
    try:
        header = next(rows)
    except StopIteration:
        raise _file_refused(_("The file is empty."), "empty") from None
    columns = map_header(header)
    lookups = _Lookups()
    good, problems, seen = [], [], {}
    for number, cells in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _file_refused(
                _("A manifest has at most %(limit)s rows.") % {"limit": MAX_ROWS}, "too_many_rows"
            )
        if not any(str(cell).strip() for cell in cells):
            continue
        row, row_problems = _parse_row(number, cells, columns, lookups)
        if row is not None:
            key = _identity_key(row)
            if key in seen:
                row_problems.append(
                    RowProblem(
                        number,
                        "passport_number" if row.person.get("passport_number") else "nik",
                        _("The same person on the same flight as row %(row)s.")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
        if row_problems:
            problems.extend(row_problems)
        else:
            good.append(row)
    return good, problems


def _cell(cells: list, columns: dict, name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    if isinstance(value, datetime.date):
        return value
    # A stray control character from another system's export (NUL, an escape sequence) is
    # dropped, not stored: it would cut a query or rewrite what a terminal shows.
    return CONTROL.sub(" ", str(value)).strip()


def _parse_row(number: int, cells: list, columns: dict, lookups: _Lookups):
    problems: list[RowProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(number, column, str(message)))

    person: dict = {}
    arrival: dict = {}
    name = _cell(cells, columns, "full_name")
    if not name:
        problem("full_name", _("The name is missing."))
    person["full_name"] = name[:150]
    nik = "".join(str(_cell(cells, columns, "nik")).replace(".", "").split())
    if nik.endswith(".0"):
        nik = nik[:-2]
    if nik:
        for error in rules.nik_structure_errors(nik).values():
            problem("nik", error.message)
        person["nik"] = nik
    passport = rules.normalize_passport_number(str(_cell(cells, columns, "passport_number")))
    if passport:
        for error in rules.passport_number_errors(passport).values():
            problem("passport_number", error.message)
        person["passport_number"] = passport
    if not nik and not passport:
        problem("nik", _("Give the NIK or the passport number."))
    sex = _cell(cells, columns, "sex")
    if sex:
        if _key(sex) not in SEXES:
            problem("sex", _("Sex is L or P (M or F)."))
        else:
            person["sex"] = SEXES[_key(sex)]
    for column, target in (("birth_date", person), ("arrived_at", arrival)):
        value = _cell(cells, columns, column)
        if not value:
            if column == "arrived_at":
                problem(column, _("The date of arrival is missing."))
            continue
        try:
            target[column] = parse_date(value)
        except ValueError:
            problem(
                column,
                _("Not a date: %(value)s (write 01/01/1975, 1975-01-01 or 4 Februari 1977).")
                % {"value": str(value)[:40]},
            )
    country = _cell(cells, columns, "from_country")
    if country and _key(country) in lookups.countries:
        arrival["from_country"] = lookups.countries[_key(country)]
    else:
        problem("from_country", _("Unknown country: %(value)s.") % {"value": country[:60] or "-"})
    regency = _cell(cells, columns, "home_regency")
    if regency:
        code = lookups.regencies.get(regency) or lookups.regencies.get(_key(regency))
        if code is None:
            problem(
                "home_regency", _("Unknown regency or city: %(value)s.") % {"value": regency[:60]}
            )
        else:
            person["home_regency_id"] = code
    flight = _key(_cell(cells, columns, "flight_number")).replace(" ", "").upper()
    if not flight:
        problem("flight_number", _("The flight is missing."))
    arrival["flight_number"] = flight[:10]
    category = _category(_cell(cells, columns, "category"))
    if category is None:
        problem(
            "category",
            _("Unknown category: %(value)s.") % {"value": _cell(cells, columns, "category")[:60]},
        )
    else:
        arrival["category"], arrival["troubles"] = category
    if problems:
        return None, problems
    return ManifestRow(number, person, arrival), problems


def _identity_key(row: ManifestRow) -> tuple:
    identity = row.person.get("nik") or "P:" + row.person.get("passport_number", "")
    return identity, row.arrival["flight_number"], row.arrival["arrived_at"]


def _arrival_moment(day: datetime.date) -> datetime.datetime:
    """A manifest gives the day of arrival: kept as noon of that day, office time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _existing_people(rows: list[ManifestRow]) -> tuple[dict, dict]:
    """One query per batch for the NIKs, one for the passports (never one per row)."""
    niks = {row.person["nik"] for row in rows if row.person.get("nik")}
    passports = {row.person["passport_number"] for row in rows if row.person.get("passport_number")}
    by_nik, by_passport = {}, {}
    for start in range(0, max(len(niks), len(passports)), BATCH):
        nik_batch = sorted(niks)[start : start + BATCH]
        passport_batch = sorted(passports)[start : start + BATCH]
        if nik_batch:
            for person in Person.objects.filter(nik__in=nik_batch):
                by_nik[person.nik] = person
        if passport_batch:
            for person in Person.objects.filter(passport_number__in=passport_batch):
                by_passport[person.passport_number] = person
    return by_nik, by_passport


def _existing_arrivals(people: list[Person]) -> dict[tuple, Arrival]:
    """The arrivals of these people, by (person, flight, day): one query per batch."""
    found = {}
    ids = sorted({person.pk for person in people})
    for start in range(0, len(ids), BATCH):
        for arrival in Arrival.objects.filter(person_id__in=ids[start : start + BATCH]):
            day = timezone.localtime(arrival.arrived_at).date()
            found[(arrival.person_id, arrival.flight_number, day)] = arrival
    return found


def manifest_import(*, actor, uploaded, commit: bool) -> ImportResult:
    """Check a manifest; on `commit`, save each good row (its person matched or recorded)."""
    good, problems = parse_rows(uploaded)
    result = ImportResult(errors=problems, committed=commit)
    by_nik, by_passport = _existing_people(good)
    matched = [
        by_nik.get(row.person.get("nik")) or by_passport.get(row.person.get("passport_number"))
        for row in good
    ]
    arrivals = _existing_arrivals([person for person in matched if person is not None])
    for row, person in zip(good, matched, strict=True):
        arrived_at = _arrival_moment(row.arrival["arrived_at"])
        existing = None
        if person is not None:
            existing = arrivals.get(
                (person.pk, row.arrival["flight_number"], row.arrival["arrived_at"])
            )
        if existing is not None:
            if (existing.category, existing.troubles) == (
                row.arrival["category"],
                row.arrival["troubles"],
            ):
                result.unchanged += 1
            else:
                result.updated += 1
                if commit:
                    Arrival.objects.filter(pk=existing.pk).update(
                        category=row.arrival["category"], troubles=row.arrival["troubles"]
                    )
            continue
        if not commit:
            result.created += 1
            continue
        person_fields = dict(row.person)
        if "home_regency_id" in person_fields:
            person_fields["home_regency"] = Regency.objects.get(
                code=person_fields.pop("home_regency_id")
            )
        if person is not None:
            person_fields = {
                name: value
                for name, value in person_fields.items()
                if name in ("nik", "passport_number")
            }
        try:
            services.arrival_log(
                actor=actor,
                person_fields=person_fields,
                arrival_fields={**row.arrival, "arrived_at": arrived_at},
            )
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                for message in messages:
                    result.errors.append(RowProblem(row.row, column, message))
            continue
        result.created += 1
    result.errors.sort(key=lambda problem: (problem.row, problem.column))
    return result


def manifest_keep(uploaded) -> str:
    """Keep a previewed manifest in the private store until it is saved; its name there."""
    uploaded.seek(0)
    return private_storage().save(
        f"returns/manifests/{uuid.uuid4().hex}", ContentFile(uploaded.read())
    )


def manifest_recall(name: str | None):
    if not name or not private_storage().exists(name):
        return None
    file = private_storage().open(name, "rb")
    file.size = private_storage().size(name)
    return file


def manifest_forget(name: str | None) -> None:
    if name and private_storage().exists(name):
        private_storage().delete(name)
