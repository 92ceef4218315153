"""Reads of person records: search in the user's scope, similar people, open duplicates."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import (
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length

from pmi_portal.access.scoping import scope_key, scope_of
from pmi_portal.identity.rules import normalize_passport_number, passport_number_errors
from pmi_portal.people.models import Person, PossibleDuplicate, name_key
from pmi_portal.people.trigrams import NAME_SIMILARITY_THRESHOLD, trigrams
from pmi_portal.web.kept_sql import kept_rows

SEARCH_LIMIT = 20
# One letter matches half the register and says nothing; the counter asks for two.
SEARCH_MIN_LENGTH = 2
# Beyond this many areas (a head of several provinces) the names of the whole country are
# scored instead: each area is a scan of its own, and a few of them cost what all names do.
SEARCH_MAX_AREAS = 6


@dataclass(frozen=True)
class SimilarPerson:
    person: Person
    reason: str  # "name_and_birth_date" or "passport"
    # Whether the user who asked may see this record; if not, only its office may be told.
    visible: bool


def similar_people(
    *,
    full_name: str,
    birth_date: datetime.date | None,
    passport_number: str,
    user,
    exclude_pk=None,
) -> list[SimilarPerson]:
    """Other people who may be the same person: same name and birth date, or same passport.

    Searched nationwide (a person registered at another office is exactly the duplicate to
    catch); each match says whether `user` may see it, so nothing more than its office is ever
    shown of one outside the user's scope.
    """
    typed = {}
    if full_name and birth_date:
        typed |= {_NAME_KEY: name_key(full_name), _BIRTH_DATE: birth_date.isoformat()}
    if passport_number:
        # Passport numbers are stored normalised (people.services): an exact match uses the
        # index, where a case-insensitive one reads the whole table (bench: manifest_import).
        typed[_PASSPORT] = normalize_passport_number(passport_number)
    rows = kept_rows(
        ("people.similar", _NAME_KEY in typed, _PASSPORT in typed),
        lambda: _similar_rows(by_name=_NAME_KEY in typed, by_passport=_PASSPORT in typed),
        typed,
    )
    # One more than shown, so that the one left out still leaves ten.
    matches = [person for person in _people_of(rows) if person.pk != exclude_pk][:10]
    visible = visible_person_ids(user, [person.pk for person in matches])
    found = []
    for person in matches:
        same_passport = (
            passport_number and person.passport_number.upper() == passport_number.upper()
        )
        reason = "passport" if same_passport else "name_and_birth_date"
        found.append(SimilarPerson(person, reason, person.pk in visible))
    return found


# What a person is read with (every column) and the office that registered them, the columns
# kept_rows reads for similar_people and person_by_identity. Their SQL is compiled once a
# process: building and compiling the queryset cost 1 to 1.5 ms of each registration's CPU.
_PERSON_COLUMNS = tuple(field.attname for field in Person._meta.concrete_fields)
_OFFICE_COLUMNS = tuple(
    field.attname
    for field in Person._meta.get_field("registered_by_office").related_model._meta.concrete_fields
)
# Stand-ins for what the officer typed (kept_rows), with a NUL no real value holds.
_NAME_KEY, _BIRTH_DATE, _PASSPORT, _NIK = (
    "\x00name_key", "\x00birth_date", "\x00passport", "\x00nik",
)  # fmt: skip


def _similar_rows(*, by_name: bool, by_passport: bool) -> QuerySet:
    condition = Q(pk__in=[])
    if by_name:
        condition |= Q(
            name_key=_NAME_KEY, birth_date=Cast(Value(_BIRTH_DATE), output_field=DateField())
        )
    if by_passport:
        condition |= Q(passport_number=_PASSPORT)
    return (
        Person.objects.current()
        .filter(condition)
        .values_list(
            *_PERSON_COLUMNS, *(f"registered_by_office__{name}" for name in _OFFICE_COLUMNS)
        )[:11]
    )


def _people_of(rows: list[tuple]) -> list[Person]:
    """The people of `_PERSON_COLUMNS` rows, each with the office of the columns after them
    when the row has them, as select_related("registered_by_office") gives them."""
    people = []
    office_field = Person._meta.get_field("registered_by_office")
    office_model = office_field.related_model
    width = len(_PERSON_COLUMNS)
    for row in rows:
        person = Person.from_db(DEFAULT_DB_ALIAS, _PERSON_COLUMNS, row[:width])
        if len(row) > width:
            office = office_model.from_db(DEFAULT_DB_ALIAS, _OFFICE_COLUMNS, row[width:])
            office_field.set_cached_value(person, office)
        people.append(person)
    return people


def visible_person_ids(user, ids) -> set[int]:
    """The ids among `ids` of the people `user` may see."""
    if not ids:
        return set()
    return set(Person.objects.restrict(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class DuplicateOf:
    flag_id: int
    other: Person
    visible: bool


def flagged_open() -> Exists:
    """On a read of people: whether the person has an open duplicate flag, either side. Only a
    gate before `open_duplicates_of`, which reads the flags themselves."""
    return Exists(
        PossibleDuplicate.objects.filter(
            Q(worker=OuterRef("pk")) | Q(similar_to=OuterRef("pk")),
            resolution=PossibleDuplicate.Resolution.OPEN,
        )
    )


def open_duplicates_of(person: Person, user) -> list[DuplicateOf]:
    """The people flagged as possibly the same as `person`, not yet resolved, with what the
    worker page shows of them (name and office).

    One outside `user`'s scope is listed by its office only (the template masks it). The flags
    are read without joins, and the others only if there are any: on most workers, flagged
    with nobody, the joined query cost 2 to 2.7 ms of CPU, the plain one 0.8.
    """
    flags = list(
        PossibleDuplicate.objects.filter(
            Q(worker=person) | Q(similar_to=person), resolution=PossibleDuplicate.Resolution.OPEN
        ).values_list("pk", "worker_id", "similar_to_id")
    )
    if not flags:
        return []
    other_ids = {
        flag: similar_to if worker == person.pk else worker for flag, worker, similar_to in flags
    }
    others = (
        Person.objects.select_related("registered_by_office")
        .only("full_name", "registered_by_office__name")
        .in_bulk(set(other_ids.values()))
    )
    visible = visible_person_ids(user, list(others))
    return [
        DuplicateOf(flag, others[other], other in visible)
        for flag, other in other_ids.items()
        if other in others
    ]


def _digits(query: str) -> str:
    return query.replace(" ", "").replace(".", "")


def search_people(user, query: str) -> list[Person]:
    """The people `search_rows` finds, as records (with their home regency), in its order."""
    found = [row.pk for row in search_rows(user, query)]
    if not found:
        return []
    by_pk = Person.objects.restrict(user).select_related("home_regency").in_bulk(found)
    return [by_pk[pk] for pk in found if pk in by_pk]


# What the counter's results list shows of each person found (`search_rows`).
SEARCH_COLUMNS = ("pk", "full_name", "nik", "birth_date", "home_regency__name", "passport_number")
# Stand-ins for what was typed while a search's SQL is compiled, swapped for it on each search:
# the SQL of a scope is compiled once a process (`web.kept_sql.kept_rows`). No typed text
# reaches the compiled parameters, so none can be taken for a stand-in.
_TYPED = "\x00typed\x00"
_TYPED_CONTAINS = "\x00contained\x00"


def search_rows(user, query: str) -> list[tuple]:
    """The counter's search, as named tuples of SEARCH_COLUMNS: exact NIK or passport number,
    else a name with typos allowed."""
    text = (query or "").strip()
    if len(text) < SEARCH_MIN_LENGTH:
        return []
    scope = scope_key(user, Person)
    if scope is None:
        return []

    def people() -> QuerySet[Person]:
        return Person.objects.restrict(user).current()

    digits = _digits(text)
    if digits.isdigit() and len(digits) == 16:
        return _kept_search(("nik", scope), lambda: people().filter(nik=_TYPED)[:1], digits)
    passport_number = text.upper()
    # Passport numbers are stored valid and normalised (people.services): text that is not one,
    # a name with a space for one, cannot match any.
    if not passport_number_errors(passport_number):
        exact_passport = _kept_search(
            ("passport", scope),
            lambda: people().filter(passport_number=_TYPED)[:SEARCH_LIMIT],
            passport_number,
        )
        if exact_passport:
            return exact_passport
    key = name_key(text)
    if not key:
        return []
    if connection.vendor != "postgresql":
        # The SQLite rule reads the key in Python (its first letters, its length).
        return list(_sqlite_name_matches(people(), key).values_list(*SEARCH_COLUMNS, named=True))
    areas = _name_areas(user)
    return _kept_search(
        ("name", scope, areas and tuple(areas)),
        lambda: _best_named(people(), _TYPED, areas, contains=_TYPED_CONTAINS),
        key,
    )


def _kept_search(key: tuple, build: Callable[[], QuerySet[Person]], typed: str) -> list[tuple]:
    """The SEARCH_COLUMNS of the people `build()` finds for the stand-ins, its SQL compiled once
    a thread per search path and scope (`key`; building and compiling the scoped search cost a
    millisecond a search), with what was typed in their place."""
    return kept_rows(
        ("people.search", *key),
        lambda: build().values_list(*SEARCH_COLUMNS, named=True),
        typed={_TYPED: typed, _TYPED_CONTAINS: f"%{typed}%"},
    )


def _name_areas(user) -> list[str] | None:
    """The areas of people_namekey_area (migration people 0006) that hold every name of
    `user`'s scope: the home provinces of its regencies and its offices; None for all names."""
    scope = scope_of(user)
    if scope.national:
        return None
    areas = sorted(
        {f"p{code[:2]}" for code in scope.regency_codes} | {f"o{pk}" for pk in scope.office_ids}
    )
    return areas if len(areas) <= SEARCH_MAX_AREAS else None


def name_matches(
    people: QuerySet[Person], text: str, *, areas: list[str] | None = None
) -> list[Person]:
    """The people of `people` named most like `text`; `areas`, if given, must hold all their
    names (it only narrows the names scored, never the people)."""
    key = name_key(text)
    if not key:
        return []
    if connection.vendor == "postgresql":
        return list(_best_named(people, key, areas, contains=f"%{key}%"))
    return list(_sqlite_name_matches(people, key))


def _best_named(
    people: QuerySet[Person], key: str, areas: list[str] | None, *, contains: str
) -> QuerySet[Person]:
    """The people of `people` named most like `key`, best first (PostgreSQL); `contains` is
    `key` as LIKE's pattern, given apart so that a search's SQL may be kept with stand-ins."""
    return (
        people.filter(pk__in=_best_name_matches(people, key, areas, contains=contains))
        .annotate(similarity=TrigramSimilarity("name_key", key))
        .order_by("-similarity", "name_key", "pk")
    )


def _best_name_matches(
    people: QuerySet[Person], key: str, areas: list[str] | None, *, contains: str
) -> RawSQL:
    """The ids of the SEARCH_LIMIT people of `people` whose names are most like `key`.

    The distinct names are scored and ranked first, from their own trigram index: `%` (typos)
    and LIKE (a name typed half-way): those of `areas` (people_namekey_area, migrations people
    0006 to 0008), else all of them (people_namekey, migration people 0004). Then the people
    of each name are read by the name's index, best name first, until the limit is reached; the
    limit cuts a name's people by id, as the results are ordered, not by where their rows lie.
    The threshold is pg_trgm.similarity_threshold (set on each connection, `trigrams.register`)
    for the index, and checked again here, so that results never depend on it.
    """
    of_name = people.filter(name_key=RawSQL("ranked.name_key", ())).order_by().values("id")
    person_sql, person_params = of_name.query.sql_with_params()
    # Each candidate's similarity is computed once (OFFSET 0 keeps the subquery from being
    # merged into the outer one, where it would be computed again for each use). Over all
    # names the two conditions are asked apart (UNION): together, in one WHERE with OR, the
    # planner costed the index's two scans above a scan of the whole table, and scored every
    # name (467 ms for 165,823 names, against 28 ms from the index).
    # A name key holds letters, digits and spaces only: nothing LIKE would read as a pattern.
    if areas is None:
        found_sql = """
            SELECT name_key FROM people_namekey WHERE name_key %% %s
            UNION
            SELECT name_key FROM people_namekey WHERE name_key LIKE %s
        """
        found_params = (key, contains)
    else:
        found_sql, found_params = _area_names_sql(areas, key, contains)
    sql = f"""
        SELECT matched.id FROM (
            SELECT name_key, score FROM (
                SELECT name_key, similarity(name_key, %s) AS score FROM (
                    {found_sql}
                ) found OFFSET 0
            ) candidate
            WHERE score >= {NAME_SIMILARITY_THRESHOLD:f} OR name_key LIKE %s
            ORDER BY score DESC, name_key OFFSET 0
        ) ranked CROSS JOIN LATERAL ({person_sql}) matched
        ORDER BY ranked.score DESC, ranked.name_key, matched.id
        LIMIT {SEARCH_LIMIT:d}
    """  # noqa: S608 - the inner queries are constants and Django's, with their parameters
    # The threshold and the limit are the module's numbers, in the text: a statement prepared
    # once (`execute_kept`) and given the limit as a parameter was planned for a tenth of the
    # rows, 61 rather than 20, and PostgreSQL judged its plan kept too dear and planned it anew.
    params = (key, *found_params, contains, *person_params)
    return RawSQL(sql, params)  # noqa: S611 - areas checked (`_area_literals`), the rest parameters


def _area_names_sql(areas: list[str], key: str, contains: str) -> tuple[str, tuple]:
    """The names of `areas` like `key` or containing it, from their partitions of
    people_namekey_area (migration people 0008).

    The areas are written into the query's text, not given as parameters, so the planner keeps
    their partitions and no other, in a statement prepared once (`execute_kept`) as when sent
    as text: an area given at run time (a join, a parameter) left it planning all of them,
    22 ms, and the plan kept for a prepared search read every partition, 600 ms. An office's
    people living in a province it covers are filed under `c<office>` (migration people
    0007): that partition is read only if a covered province is not among `areas`, a
    condition the executor checks once. On an area's partition the planner answers the OR
    with the index's two scans (BitmapOr).
    """
    provinces = [area for area in areas if area.startswith("p")]
    offices = [int(area[1:]) for area in areas if area.startswith("o")]
    # People of a covered province among `areas` are found there (`p<province>`).
    elsewhere = f"AND 'p' || province NOT IN ({_area_literals(provinces)})" if provinces else ""
    found = [_IN_AREAS.format(areas=_area_literals(areas))]
    found += [
        _IN_COVERED_AREA.format(
            area=_area_literals([f"c{office}"]),
            office=office,
            elsewhere=elsewhere,
        )
        for office in offices
    ]
    return " UNION ".join(found), (key, contains) * len(found)


def _area_literals(areas: list[str]) -> str:
    """`areas` as SQL string literals, each a letter and digits (`_name_areas`, checked here:
    they are written into the query's text)."""
    if not all(_AREA.fullmatch(area) for area in areas):
        raise ValueError(f"not an area of people_namekey_area: {areas!r}")
    return ", ".join(f"'{area}'" for area in areas)


_AREA = re.compile(r"[poc][0-9]+", re.ASCII)
_IN_AREAS = """
    SELECT name_key FROM people_namekey_area
    WHERE area IN ({areas}) AND (name_key %% %s OR name_key LIKE %s)
"""
_IN_COVERED_AREA = """
    SELECT name_key FROM people_namekey_area
    WHERE area = {area} AND (name_key %% %s OR name_key LIKE %s) AND EXISTS (
        SELECT FROM people_namekey_cover WHERE office_id = {office} {elsewhere}
    )
"""


def _sqlite_name_matches(people: QuerySet[Person], key: str) -> QuerySet[Person]:
    """The same rule as on PostgreSQL, with pg_trgm's similarity computed in Python.

    Only the rows of the user's scope that pass two cheap filters are scored: a word of the
    name starts with the first letter of a word of the query (a typo rarely hits the first
    letter), and the name is long enough to share the threshold's part of the query's
    trigrams (a name of n characters has at most n + 1 trigrams).
    """
    first_letters = sorted({token[0] for token in key.split()})
    starts = Q()
    for letter in first_letters:
        starts |= Q(name_key__startswith=letter) | Q(name_key__contains=f" {letter}")
    shortest = int(NAME_SIMILARITY_THRESHOLD * len(trigrams(key))) - 1
    similarity = Func(
        F("name_key"), Value(key), function="trigram_similarity", output_field=FloatField()
    )
    return (
        people.annotate(similarity=similarity)
        .alias(name_length=Length("name_key"))
        .filter(
            (starts & Q(name_length__gte=shortest) & Q(similarity__gte=NAME_SIMILARITY_THRESHOLD))
            | Q(name_key__contains=key)
        )
        .order_by("-similarity", "name_key", "pk")[:SEARCH_LIMIT]
    )


def person_current(person: Person) -> Person:
    """The record kept for `person`: itself, or the one it was merged into."""
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def person_by_identity(*, nik: str = "", passport_number: str = "") -> Person | None:
    """The person a NIK, else a passport number, belongs to (the record kept, if merged).

    Not scoped: matching an arrival or an import to the one record of a person is national.
    """
    person = None
    if nik:
        rows = kept_rows(
            "people.by-nik",
            lambda: (
                Person.objects.filter(nik=_NIK).order_by("pk").values_list(*_PERSON_COLUMNS)[:1]
            ),
            {_NIK: nik},
        )
        person = next(iter(_people_of(rows)), None)
    if person is None and passport_number:
        person = Person.objects.filter(
            passport_number=normalize_passport_number(passport_number)
        ).first()
    return None if person is None else person_current(person)
