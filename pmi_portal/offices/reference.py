"""Reading and validating the shipped reference data (pmi_portal/offices/data/*.csv).

Everything is read and checked before anything is written: data that fails validation is not
loaded half.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from pmi_portal.offices.models import Office, Regency

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCE_COUNT = 38
REGENCY_COUNT = 514
FORMER_REGENCY_COUNT = 26


class ReferenceDataError(Exception):
    """The data files break a rule; `problems` lists every one found."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ReferenceData:
    provinces: list[dict] = field(default_factory=list)
    regencies: list[dict] = field(default_factory=list)
    countries: list[dict] = field(default_factory=list)
    offices: list[dict] = field(default_factory=list)
    former_regencies: list[dict] = field(default_factory=list)


def _read(path: Path, columns: list[str], problems: list[str]) -> list[dict]:
    if not path.exists():
        problems.append(f"{path.name}: file missing")
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            problems.append(f"{path.name}: columns {reader.fieldnames}, expected {columns}")
            return []
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


def _unique(rows: list[dict], key: str, name: str, problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for row in rows:
        if row[key] in seen:
            problems.append(f"{name}: duplicate {key} {row[key]!r}")
        seen.add(row[key])
    return seen


def read_reference_data(data_dir: Path | None = None) -> ReferenceData:
    """Read and validate every file; raise ReferenceDataError listing all problems."""
    data_dir = data_dir or DATA_DIR
    problems: list[str] = []
    data = ReferenceData(
        provinces=_read(data_dir / "provinces.csv", ["code", "name"], problems),
        regencies=_read(
            data_dir / "regencies.csv", ["code", "province_code", "name", "kind"], problems
        ),
        countries=_read(
            data_dir / "countries.csv", ["code", "code3", "name_id", "name_en"], problems
        ),
        offices=_read(
            data_dir / "offices.csv",
            [
                "code",
                "name",
                "kind",
                "parent_code",
                "timezone",
                "email",
                "phone",
                "city_regency_code",
                "provinces",
            ],
            problems,
        ),
        former_regencies=_read(
            data_dir / "former_regencies.csv", ["former_code", "current_code", "name"], problems
        ),
    )
    if problems:
        raise ReferenceDataError(problems)
    _validate_regions(data, problems)
    _validate_former_regencies(data, problems)
    _validate_countries(data, problems)
    _validate_offices(data, problems)
    if problems:
        raise ReferenceDataError(problems)
    return data


def _validate_regions(data: ReferenceData, problems: list[str]) -> None:
    if len(data.provinces) != PROVINCE_COUNT:
        problems.append(
            f"provinces.csv: {len(data.provinces)} provinces, expected {PROVINCE_COUNT}"
        )
    if len(data.regencies) != REGENCY_COUNT:
        problems.append(f"regencies.csv: {len(data.regencies)} regencies, expected {REGENCY_COUNT}")
    province_codes = _unique(data.provinces, "code", "provinces.csv", problems)
    _unique(data.regencies, "code", "regencies.csv", problems)
    kinds = set(Regency.Kind.values)
    for row in data.provinces:
        if not (len(row["code"]) == 2 and row["code"].isdigit() and row["name"]):
            problems.append(f"provinces.csv: bad row {row}")
    for row in data.regencies:
        code = row["code"]
        if not (len(code) == 4 and code.isdigit()):
            problems.append(f"regencies.csv: code {code!r} is not 4 digits")
        elif code[:2] != row["province_code"]:
            problems.append(f"regencies.csv: {code} does not start with its province code")
        if row["province_code"] not in province_codes:
            problems.append(f"regencies.csv: {code} has unknown province {row['province_code']}")
        if row["kind"] not in kinds:
            problems.append(f"regencies.csv: {code} has unknown kind {row['kind']!r}")
        if not row["name"]:
            problems.append(f"regencies.csv: {code} has no name")


def _validate_former_regencies(data: ReferenceData, problems: list[str]) -> None:
    """A former code leads to exactly one regency of today and is no regency's code today."""
    if len(data.former_regencies) != FORMER_REGENCY_COUNT:
        problems.append(
            f"former_regencies.csv: {len(data.former_regencies)} codes,"
            f" expected {FORMER_REGENCY_COUNT}"
        )
    _unique(data.former_regencies, "former_code", "former_regencies.csv", problems)
    names = {row["code"]: row["name"] for row in data.regencies}
    for row in data.former_regencies:
        code, current = row["former_code"], row["current_code"]
        where = f"former_regencies.csv: {code}"
        if not (len(code) == 4 and code.isdigit()):
            problems.append(f"{where}: code is not 4 digits")
        if code in names:
            problems.append(f"{where}: still the code of {names[code]} today")
        if current not in names:
            problems.append(f"{where}: unknown current regency {current!r}")
        elif row["name"] != names[current]:
            problems.append(f"{where}: named {row['name']!r} but {current} is {names[current]!r}")


def _validate_countries(data: ReferenceData, problems: list[str]) -> None:
    _unique(data.countries, "code", "countries.csv", problems)
    _unique(data.countries, "code3", "countries.csv", problems)
    for row in data.countries:
        if not (len(row["code"]) == 2 and len(row["code3"]) == 3 and row["name_id"]):
            problems.append(f"countries.csv: bad row {row}")


def _validate_offices(data: ReferenceData, problems: list[str]) -> None:
    codes = _unique(data.offices, "code", "offices.csv", problems)
    _unique(data.offices, "name", "offices.csv", problems)
    kinds = {row["code"]: row["kind"] for row in data.offices}
    regency_codes = {row["code"] for row in data.regencies}
    province_codes = {row["code"] for row in data.provinces}
    email = EmailValidator()
    covered: dict[str, str] = {}
    for row in data.offices:
        code, kind, parent = row["code"], row["kind"], row["parent_code"]
        where = f"offices.csv: {code}"
        if kind not in Office.Kind.values:
            problems.append(f"{where}: unknown kind {kind!r}")
        expected_parent = {
            Office.Kind.HEADQUARTERS: None,
            Office.Kind.REGIONAL: Office.Kind.HEADQUARTERS,
        }.get(kind, Office.Kind.REGIONAL)
        if expected_parent is None and parent:
            problems.append(f"{where}: headquarters has no parent")
        if expected_parent is not None and kinds.get(parent) != expected_parent:
            problems.append(f"{where}: parent {parent!r} must be a {expected_parent} office")
        if row["timezone"] not in Office.TimeZone.values:
            problems.append(f"{where}: time zone {row['timezone']!r} is not WIB, WITA or WIT")
        try:
            email(row["email"])
        except ValidationError:
            problems.append(f"{where}: e-mail {row['email']!r} is not valid")
        if row["city_regency_code"] not in regency_codes:
            problems.append(f"{where}: unknown city regency {row['city_regency_code']!r}")
        provinces = [p for p in row["provinces"].split(";") if p]
        if kind == Office.Kind.REGIONAL and not provinces:
            problems.append(f"{where}: a regional office needs a working area (provinces)")
        if kind != Office.Kind.REGIONAL and provinces:
            problems.append(f"{where}: only regional offices have a working area")
        for province in provinces:
            if province not in province_codes:
                problems.append(f"{where}: unknown province {province!r}")
            elif province in covered:
                problems.append(
                    f"{where}: province {province} already covered by {covered[province]}"
                )
            else:
                covered[province] = code
    for province in sorted(province_codes - set(covered)):
        problems.append(f"offices.csv: no regional office covers province {province}")
    if codes and "hq" not in codes:
        problems.append("offices.csv: headquarters (code hq) missing")
