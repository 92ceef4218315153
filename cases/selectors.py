"""Reads of cases, always through the office scope; the public timeline of a report."""

import datetime
import functools
import hashlib
from collections import defaultdict, namedtuple
from collections.abc import Collection
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import DateField, DateTimeField, F, Func, IntegerField, QuerySet, Value
from django.utils.translation import gettext as _

from cases.models import (
    FINISHED_STATES,
    Case,
    CaseDocument,
    CaseNote,
    CaseStateChange,
    LegalStep,
    PartyRole,
    PublicReport,
    Referral,
    State,
)
from cases.states import MACHINE
from pmi_portal.access.models import User
from pmi_portal.access.scoping import NotFoundOrNotYours, ensure_row_in_scope, scope_key
from pmi_portal.dashboards.sections import Filters
from pmi_portal.db import execute_kept
from pmi_portal.offices.models import Country, Office, Regency
from pmi_portal.offices.selectors import office_names, reference_held, reference_kept
from pmi_portal.web.kept_sql import kept_compiled, kept_rows
from pmi_portal.web.versioned import kept, version_change, version_key
from pmi_portal.workflow.services import overdue

VIEWS = ("mine", "office", "overdue", "all")
# History rows that record a step, not a move (see cases.services._history_row).
_STEPS = ("assign", "transfer")
# What the cases list and its export show of a case: each column more costs its compiling and
# reading on every row of every page. The office's and the regency's names are read as values
# (`office_name`, `regency_name`): an instance of each on every row cost 1.5 ms a page.
_LISTED = (
    "reference", "description", "case_type", "source", "state", "due_at", "created_at",
    "regency_id", "office_id",
    "assigned_to__username", "assigned_to__first_name", "assigned_to__last_name",
)  # fmt: skip


def cases_for(
    user,
    view: str = "mine",
    *,
    case_type: str = "",
    state: str = "",
    filters: Filters | None = None,
) -> QuerySet[Case]:
    """The cases a user works on: given to them, open in their scope, overdue, or all;
    narrowed by the dashboard's `filters` (period opened, region, country abroad) when a
    figure's link gives them. Counted as they are; read for a list through cases_listed."""
    cases = Case.objects.restrict(user)
    if filters is not None:
        cases = cases.filter(
            filters.in_period("created_at"),
            filters.in_region("regency"),
            filters.matching(destination="country"),
        )
    if case_type:
        cases = cases.filter(case_type=case_type)
    if state:
        cases = cases.filter(state=state)
    if view == "mine":
        return cases.filter(assigned_to=user).exclude(state__in=FINISHED_STATES).order_by("due_at")
    if view == "office":
        return cases.exclude(state__in=FINISHED_STATES).order_by("due_at")
    if view == "overdue":
        return cases_overdue(cases)
    return cases.order_by("-created_at", "-pk")


def cases_listed(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` (from cases_for) with what the list and its export show, each with its
    `office_name` and `regency_name`. Apart from cases_for, so that the page's COUNT joins
    neither the offices nor the regencies (it took twice as long with them on pmibench)."""
    return (
        cases.select_related("assigned_to")
        .only(*_LISTED)
        .annotate(office_name=F("office__name"), regency_name=F("regency__name"))
    )


# What a row of the cases list shows, read as named tuples: a Case and a User instance on each
# of fifty rows cost 1.5 ms of CPU a page. The office's and regency's names are not joined but
# looked up in the kept reference data (_named): the two joins cost PostgreSQL about 0.27 ms of
# planning a page.
_ROW_READ = (
    "pk", "reference", "description", "case_type", "source", "state", "due_at", "regency_id",
    "office_id", "assigned_to_id", "assigned_to__username", "assigned_to__first_name",
    "assigned_to__last_name",
)  # fmt: skip
CaseRow = namedtuple("CaseRow", (*_ROW_READ, "office_name", "regency_name"))


def cases_of_page(cases: QuerySet[Case], page_pks: QuerySet) -> QuerySet:
    """The rows of one page of a list (named tuples of _ROW_READ), in `cases`' order: the
    page's keys (`page_pks`, a slice of `cases`' keys, so scoped as they are) read apart, from
    an index alone; the rows and their handler for those keys only. Read at once, the scope's
    rows before the page were read from the table and thrown away."""
    return (
        Case.objects.filter(pk__in=page_pks)
        .order_by(*cases.query.order_by)
        .values_list(*_ROW_READ, named=True)
    )


def _regency_names() -> dict[str, str]:
    """{code: name} of every regency, held per version of the reference data (read only)."""
    return reference_held(
        "regency-names", lambda: dict(Regency.objects.values_list("code", "name"))
    )


_OFFICE_AT, _REGENCY_AT = _ROW_READ.index("office_id"), _ROW_READ.index("regency_id")


def _named(rows) -> list[CaseRow]:
    """`rows` (of cases_of_page, as tuples) with their office's and regency's names (None for
    none)."""
    offices, regencies = office_names(), _regency_names()
    return [
        CaseRow(*row, offices[row[_OFFICE_AT]].name, regencies.get(row[_REGENCY_AT]))
        for row in rows
    ]


# COUNT(*) as a plain expression, not an aggregate: a values_list() of it is the one row of the
# count, without the GROUP BY an aggregate brings there (kept_rows keeps values_list()s).
_COUNT = Func(template="COUNT(*)", output_field=IntegerField())


def _kept_listing(user, view: str, case_type: str, state: str, filters, what: str, build):
    """The rows of `build()`, a values_list() of cases_for(user, view, ...), its SQL kept per
    all it depends on (kept_rows); read afresh for the overdue view, whose SQL holds the
    moment of the request."""
    if view == "overdue":
        return list(build())
    assignee = user.pk if view == "mine" else None
    key = (what, scope_key(user, Case), view, assignee, case_type, state, filters)
    return kept_rows(key, build)


# The lists' counts are kept per listing under a version that any change of a case renews once
# it commits (cases_changed): the count of an office's scope read a thousand pages of the table.
CASES_CHANGED = "cases.changed"
_COUNTED = "cases.counted"
# So are the rows of each page (a handler's list is read far more often than a case changes):
# one Redis read instead of PostgreSQL's scan of the scope, 0.7 ms of its CPU on each page of an
# area's 2,800 cases at 1,000,000 workers. A handler's name changed shows on the rows kept
# before it until they expire.
_LISTED_PAGE = "cases.listed-page"


def cases_changed() -> None:
    """Cases are opened, moved, assigned, transferred or removed in this transaction: once it
    commits, no list's count kept before is used again."""
    version_change(CASES_CHANGED, ["any"])


def cases_counted(
    user, view: str = "mine", *, case_type: str = "", state: str = "", filters=None
) -> int:
    """How many cases cases_for(user, view, ...) gives: the list's count of pages, without
    building and compiling its query on each request; kept until a case changes
    (CASE_COUNT_CACHE_SECONDS at most), but for the overdue view, which the clock changes."""

    def count() -> int:
        counted = _kept_listing(
            user, view, case_type, state, filters, "cases.count",
            lambda: (
                cases_for(user, view, case_type=case_type, state=state, filters=filters)
                .order_by()
                .values_list(_COUNT, flat=True)
            ),
        )  # fmt: skip
        return counted[0] if counted else 0  # none: a queryset that matches nothing

    return _kept_until_a_case_changes(
        _COUNTED, user, view, case_type, state, filters, (), count,
        seconds=settings.CASE_COUNT_CACHE_SECONDS,
    )  # fmt: skip


def _kept_until_a_case_changes(
    name: str, user, view: str, case_type: str, state: str, filters, page: tuple, compute,
    *, seconds: int,
):  # fmt: skip
    """`compute()` for one listing of cases_for (and `page` of it), kept under `name` until a
    case changes (`seconds` at most); computed each time for the overdue view, which the clock
    changes."""
    if view == "overdue":
        return compute()
    assignee = user.pk if view == "mine" else None
    listing = repr((scope_key(user, Case), view, assignee, case_type, state, filters, *page))
    return kept(
        name,
        hashlib.sha256(listing.encode()).hexdigest(),
        compute,
        seconds=seconds,
        along=[version_key(CASES_CHANGED, "any")],
    )[0]


def cases_on_page(
    user,
    view: str = "mine",
    *,
    case_type: str = "",
    state: str = "",
    filters=None,
    start: int,
    size: int,
) -> list:
    """The rows (CaseRow) of cases_for(user, view, ...)[start: start + size], their SQL kept
    per listing and page; the rows themselves kept as the counts are (cases_counted), until a
    case changes (CASE_LIST_CACHE_SECONDS at most), but for the overdue view."""

    def build():
        cases = cases_for(user, view, case_type=case_type, state=state, filters=filters)
        return cases_of_page(cases, cases.values_list("pk", flat=True)[start : start + size])

    def read() -> list[tuple]:
        listing = ("cases.page", start, size)
        # Plain tuples: a kept named row pickles its column names with each row.
        return [
            tuple(row)
            for row in _kept_listing(user, view, case_type, state, filters, listing, build)
        ]

    rows = _kept_until_a_case_changes(
        _LISTED_PAGE, user, view, case_type, state, filters, (start, size), read,
        seconds=settings.CASE_LIST_CACHE_SECONDS,
    )  # fmt: skip
    return _named(rows)


def cases_overdue(cases: QuerySet[Case], *, now: datetime.datetime | None = None):
    """Open cases past their state's deadline, the longest overdue first."""
    return overdue(cases.exclude(state__in=FINISHED_STATES), MACHINE, now=now).order_by("due_at")


# A case with its handler and public report, each table under its alias. Its office, regency
# and country are reference data, read from what is kept of it: each join more cost PostgreSQL
# about 0.1 ms of planning a request. The scope is judged from the case's row (case_shown): as
# a condition of the statement it cost about as much again.
_CASE_TABLES = (
    (Case, "c", "cases_case AS c"),
    (User, "handler", "LEFT JOIN access_user AS handler ON handler.id = c.assigned_to_id"),
    (PublicReport, "report", "LEFT JOIN cases_publicreport AS report ON report.case_id = c.id"),
)


@functools.cache
def _case_read() -> tuple[str, list]:
    """The statement that reads a case by key with its related rows, and for each table its
    model, its columns' attribute names, their converters (as the ORM's) and where its key is."""
    columns, tables = [], []
    for model, alias, _join in _CASE_TABLES:
        fields = model._meta.concrete_fields
        columns += [f'{alias}."{field.column}"' for field in fields]
        names = [field.attname for field in fields]
        converters = [_converters(field) for field in fields]
        tables.append((model, names, converters, names.index(model._meta.pk.attname)))
    joins = "\n".join(join for _model, _alias, join in _CASE_TABLES)
    return f"SELECT {', '.join(columns)}\nFROM {joins}\nWHERE c.id = %s", tables


def _reference_row(model, pk):
    """The row `pk` of `model` (offices, regencies, countries: reference data), kept per
    version of the reference data; None for no key."""
    if pk is None:
        return None
    return reference_kept(f"{model._meta.label_lower}:{pk}", lambda: model.objects.get(pk=pk))


def case_shown(user, pk: int) -> Case:
    """The case `pk` in `user`'s scope, with its office, regency, country, handler and public
    report, as select_related() reads them; `NotFoundOrNotYours` alike for "not yours" and
    "none". One statement, its SQL written once: the ORM's building and compiling of it cost
    about 1 ms of Python a request."""
    sql, tables = _case_read()
    with connection.cursor() as cursor:
        execute_kept(cursor, sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise NotFoundOrNotYours
    loaded, start = [], 0
    for model, names, converters, pk_index in tables:
        values = row[start : start + len(names)]
        start += len(names)
        if values[pk_index] is None:  # none to join
            loaded.append(None)
            continue
        values = [convert(value) for convert, value in zip(converters, values, strict=True)]
        loaded.append(model.from_db(DEFAULT_DB_ALIAS, names, values))
    case, handler, report = loaded
    ensure_row_in_scope(case, user, "view")  # the row as the database has it
    for name, record in (
        ("office", _reference_row(Office, case.office_id)),
        ("regency", _reference_row(Regency, case.regency_id)),
        ("country", _reference_row(Country, case.country_id)),
        ("assigned_to", handler),
        ("public_report", report),
    ):
        Case._meta.get_field(name).set_cached_value(case, record)
    return case


# Other cases named on a case page for one recruiter or agency; the rest are counted.
RECURRENCES_SHOWN = 10


@dataclass
class Recurrence:
    """The other cases, in the reader's scope, that name the same recruiter or agency."""

    cases: list = field(default_factory=list)  # (pk, reference) pairs, newest first
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.cases)


def _recurrences(rows) -> dict[int, Recurrence]:
    found: dict[int, Recurrence] = defaultdict(Recurrence)
    seen = set()
    for key, case_pk, reference in rows:
        if (key, case_pk) in seen:  # one person twice in a case, after a merge of records
            continue
        seen.add((key, case_pk))
        recurrence = found[key]
        recurrence.count += 1
        if len(recurrence.cases) < RECURRENCES_SHOWN:
            recurrence.cases.append((case_pk, reference))
    return dict(found)


def _scope_condition(user) -> tuple[str, tuple] | None:
    """The condition `Case.objects.restrict(user)` puts on "cases_case", as SQL and its
    parameters ("1 = 1" nationally; None when it matches nothing): compiled by the ORM once per
    process, connection and scope (scope_key holds all it depends on)."""

    def compiled(database) -> tuple[str, tuple] | None:
        query = Case.objects.restrict(user).query
        try:
            sql, params = query.get_compiler(connection=database).compile(query.where)
        except EmptyResultSet:
            return None
        except FullResultSet:
            return "1 = 1", ()
        return sql, tuple(params)

    return kept_compiled(("cases.scope", scope_key(user, Case)), compiled)


# The other cases (in the reader's scope, not merged into another) that name one of a case's
# recruiters or agencies, newest first: the recruiter's person or the agency, the case's key and
# reference. Written once: the ORM's queries cost about 0.8 ms of Python to build and compile.
_RECURRENCES_SQL = {
    "recruiter": """
SELECT party.person_id, cases_case.id, cases_case.reference
FROM cases_case JOIN cases_caseparty AS party ON party.case_id = cases_case.id
WHERE party.role = %s AND party.person_id IN ({named})
""",
    "agency": """
SELECT involved.agency_id, cases_case.id, cases_case.reference
FROM cases_case JOIN cases_caseagency AS involved ON involved.case_id = cases_case.id
WHERE involved.agency_id IN ({named})
""",
}
_RECURRENCES_OF = """ AND cases_case.id <> %s AND cases_case.state <> %s AND ({scope})
ORDER BY cases_case.created_at DESC, cases_case.id DESC"""

_RECURRENCES_PARAMS = {"recruiter": (PartyRole.RECRUITER,), "agency": ()}


def _recurrences_of(kind: str, named: Collection[int], case: Case, scope) -> dict:
    if not named or scope is None:
        return {}
    condition, scope_params = scope
    sql = _RECURRENCES_SQL[kind].format(named=", ".join(["%s"] * len(named)))
    with connection.cursor() as cursor:
        execute_kept(
            cursor,
            sql + _RECURRENCES_OF.format(scope=condition),
            [*_RECURRENCES_PARAMS[kind], *named, case.pk, State.MERGED, *scope_params],
        )
        return _recurrences(cursor.fetchall())


def repeat_recruiters_and_agencies(
    case: Case, user, *, recruiters: Collection[int], agencies: Collection[int]
) -> tuple[dict[int, Recurrence], dict[int, Recurrence]]:
    """({recruiter's person id: Recurrence}, {agency id: Recurrence}): where `recruiters` (the
    person ids of the recruiters of `case`) and `agencies` (the ids of its agencies) appear in
    other cases. Only cases the user may see are named or counted: nothing, not even a number,
    tells of another office's cases. Duplicates merged into another case are left out (their
    story is counted once, on the case they joined). None named, nothing is read."""
    scope = _scope_condition(user) if recruiters or agencies else None
    return (
        _recurrences_of("recruiter", sorted(recruiters), case, scope),
        _recurrences_of("agency", sorted(agencies), case, scope),
    )


# A case's people and agencies in one statement, people first (by role, as CaseParty orders
# them), then agencies: each party's role, note and person's name, each agency's name and
# licence status. Two ORM queries cost about 1.4 ms of CPU.
_INVOLVED_SQL = """
SELECT 'party' AS kind, party.id, party.person_id, party.role, party.note, person.full_name,
       CAST(NULL AS text) AS status
FROM cases_caseparty AS party JOIN people_person AS person ON person.id = party.person_id
WHERE party.case_id = %s
UNION ALL
SELECT 'agency', involved.id, involved.agency_id, NULL, NULL, agency.name, agency.status
FROM cases_caseagency AS involved
JOIN placements_agency AS agency ON agency.id = involved.agency_id
WHERE involved.case_id = %s
ORDER BY 1 DESC, 4, 2
"""


class NamedPerson(NamedTuple):
    pk: int
    full_name: str


class PartyShown(NamedTuple):
    """A person of a case (a CaseParty's columns) with the person's name."""

    pk: int
    case_id: int
    person_id: int
    role: str
    note: str
    person: NamedPerson


class NamedAgency(NamedTuple):
    pk: int
    name: str
    status: str

    def __str__(self) -> str:
        return self.name  # as Agency's


class AgencyShown(NamedTuple):
    """An agency of a case (a CaseAgency's columns) with the agency's name and status."""

    pk: int
    case_id: int
    agency_id: int
    agency: NamedAgency


def parties_and_agencies(case: Case) -> tuple[list[PartyShown], list[AgencyShown]]:
    """The people of `case` (each with its person's name) and its agencies (each with the
    agency's name and status), read in one statement: only what the case page shows, as rows,
    not model instances (four instances with their relations cost about 0.1 ms)."""
    with connection.cursor() as cursor:
        execute_kept(cursor, _INVOLVED_SQL, [case.pk, case.pk])
        rows = cursor.fetchall()
    case_pk = case.pk
    parties, agencies = [], []
    for kind, pk, other_id, role, note, name, status in rows:
        if kind == "party":
            parties.append(
                PartyShown(pk, case_pk, other_id, role, note, NamedPerson(other_id, name))
            )
        else:
            agencies.append(AgencyShown(pk, case_pk, other_id, NamedAgency(other_id, name, status)))
    return parties, agencies


class Entry:
    """One line of a case's timeline: when, its kind, the columns of its row that the timeline
    shows (`values`, by the record's attribute names), its author's name (None: the public) and
    the office of a move. Its record, an instance of the kind's model, is made when asked: fifty
    instances with their author and office cost a page about 0.4 ms of CPU."""

    __slots__ = ("_author_row", "_case", "_record", "at", "author", "kind", "office", "values")

    def __init__(self, at, kind: str, values: dict, author, office, case, author_row):
        self.at = at
        self.kind = kind
        self.values = values
        self.author = author
        self.office = office
        self._case = case
        self._author_row = author_row
        self._record = None

    @property
    def who(self) -> str:
        """Who made the entry: the staff member's name, or the public (no account)."""
        return _("the public") if self.author is None else self.author

    @property
    def record(self):
        """The entry's record with what its row holds, its case, author and a move's office, as
        the ORM loads them with only those columns."""
        if self._record is None:
            model = _TIMELINE_COLUMNS[self.kind][0]
            record = _loaded(model, self.values)
            record.case = self._case
            author_id, username, first_name, last_name = self._author_row
            user = None
            if author_id is not None:
                user = _loaded(
                    User,
                    {
                        "id": author_id,
                        "username": username,
                        "first_name": first_name,
                        "last_name": last_name,
                    },
                )
            setattr(record, _AUTHOR[self.kind], user)
            if model is CaseStateChange:
                record.office = _loaded(
                    Office, {"id": self.values["office_id"], "name": self.office}
                )
            self._record = record
        return self._record


# The field of each kind's record that holds its author (a reporter's note has none).
_AUTHOR = {
    "state": "actor",
    "assign": "actor",
    "transfer": "actor",
    "note": "author",
    "reporter_note": "author",
    "document": "uploaded_by",
    "referral": "created_by",
    "legal_step": "recorded_by",
}


def timeline(case: Case, *, newest: int | None = None) -> list[Entry]:
    """Everything that happened to a case, in order: moves, notes, files, referrals, legal
    steps; each with who and when. With `newest`, only the newest that many entries."""
    return timeline_and_length(case, newest=newest)[0]


# The five tables of a timeline as one list, newest first: the kind of entry, when, the row's
# key, its author, up to four texts and two days (each kind's columns below), the office of a
# move and how many entries there are. Five ORM queries cost about 2 ms of CPU each, even empty.
_TIMELINE_SQL = """
SELECT entry.kind, entry.at, entry.id, entry.author_id, author.username, author.first_name,
       author.last_name, entry.t1, entry.t2, entry.t3, entry.t4, entry.d1, entry.d2,
       entry.office_id, office.name, COUNT(*) OVER ()
FROM (
    SELECT CASE WHEN kind IN ('assign', 'transfer') THEN kind ELSE 'state' END AS kind,
           changed_at AS at, id, actor_id AS author_id, to_state AS t1, kind AS t2,
           reason AS t3, CAST(NULL AS text) AS t4, CAST(NULL AS date) AS d1,
           CAST(NULL AS date) AS d2, office_id
    FROM cases_casestatechange WHERE case_id = %s
    UNION ALL
    SELECT CASE WHEN from_reporter THEN 'reporter_note' ELSE 'note' END, created_at, id,
           author_id, text, NULL, NULL, NULL, NULL, NULL, NULL
    FROM cases_casenote WHERE case_id = %s
    UNION ALL
    SELECT 'document', uploaded_at, id, uploaded_by_id, kind, original_name, NULL, NULL, NULL,
           NULL, NULL
    FROM cases_casedocument WHERE case_id = %s
    UNION ALL
    SELECT 'referral', created_at, id, created_by_id, institution, institution_name,
           reference_number, answer, sent_on, answered_on, NULL
    FROM cases_referral WHERE case_id = %s
    UNION ALL
    SELECT 'legal_step', recorded_at, id, recorded_by_id, kind, reference, detail, verdict,
           happened_on, NULL, NULL
    FROM cases_legalstep WHERE case_id = %s
) AS entry
LEFT JOIN access_user AS author ON author.id = entry.author_id
LEFT JOIN offices_office AS office ON office.id = entry.office_id
ORDER BY entry.at DESC, entry.kind DESC, entry.id DESC
"""

# Each kind's model, its time and the fields its texts t1..t4 and days d1, d2 hold.
_TIMELINE_COLUMNS = {
    "state": (CaseStateChange, "changed_at", ("to_state", "kind", "reason", None), ()),
    "note": (CaseNote, "created_at", ("text", None, None, None), ()),
    "document": (CaseDocument, "uploaded_at", ("kind", "original_name", None, None), ()),
    "referral": (
        Referral, "created_at",
        ("institution", "institution_name", "reference_number", "answer"),
        ("sent_on", "answered_on"),
    ),
    "legal_step": (
        LegalStep, "recorded_at", ("kind", "reference", "detail", "verdict"), ("happened_on",)
    ),
}  # fmt: skip
_TIMELINE_COLUMNS["assign"] = _TIMELINE_COLUMNS["transfer"] = _TIMELINE_COLUMNS["state"]
_TIMELINE_COLUMNS["reporter_note"] = _TIMELINE_COLUMNS["note"]
# The kinds whose record is a CaseStateChange.
_MOVES = ("state", "assign", "transfer")
# Of each kind, as timeline_and_length reads a row of _TIMELINE_SQL: the field of its time,
# the fields taken from the row as they are (its key, its author's key, its texts from 7 and a
# move's office at 13) and what takes them, (field, position in the row) of its days (from 11)
# and the values its kind fixes.
_TIMELINE_VALUES = {
    kind: (
        at_field,
        (
            ("id", f"{_AUTHOR[kind]}_id")
            + tuple(name for name in text_fields if name)
            + (("office_id",) if kind in _MOVES else ())
        ),
        itemgetter(
            2,
            3,
            *(7 + number for number, name in enumerate(text_fields) if name),
            *((13,) if kind in _MOVES else ()),
        ),
        [(name, 11 + number) for number, name in enumerate(day_fields)],
        {"from_reporter": kind == "reporter_note"} if model is CaseNote else {},
    )
    for kind, (model, at_field, text_fields, day_fields) in _TIMELINE_COLUMNS.items()
}


def _loaded(model, values: dict):
    """An instance of `model` with only `values` loaded, as .only() gives one."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def _converters(field):
    """How the database's value of `field` becomes Python's, as the ORM converts it (as it is,
    where the database gives it as Python has it)."""
    expression = Value(None, output_field=field)
    converters = connection.ops.get_db_converters(expression)
    converters += expression.get_db_converters(connection)
    if not converters:
        return _as_it_is
    return lambda value: functools.reduce(
        lambda value, convert: convert(value, expression, connection), converters, value
    )


def _as_it_is(value):
    return value


@functools.cache
def _timeline_converters() -> tuple:
    """How a timeline's times and days become Python's, as the ORM converts them: made once a
    process (building them cost each page 50 µs)."""
    return _converters(DateTimeField()), _converters(DateField())


def timeline_and_length(case: Case, *, newest: int | None = None) -> tuple[list[Entry], int]:
    """The timeline (all of it, or its newest `newest` entries) and how many entries the whole
    timeline has, read in one statement: only the columns the timeline shows, with each
    author's name and each move's office."""
    sql = _TIMELINE_SQL if newest is None else f"{_TIMELINE_SQL} LIMIT {int(newest)}"
    with connection.cursor() as cursor:
        execute_kept(cursor, sql, [case.pk] * 5)
        rows = cursor.fetchall()
    moment, day = _timeline_converters()
    case_pk = case.pk
    names = {None: None}  # each author's name as the timeline shows it (User.get_full_name)
    entries = []
    for row in reversed(rows):
        kind, at, _pk, author_id, username, first_name, last_name = row[:7]
        at_field, fields, taken, day_fields, fixed = _TIMELINE_VALUES[kind]
        at = moment(at)
        values = dict(zip(fields, taken(row), strict=True))
        values["case_id"] = case_pk
        values[at_field] = at
        for name, position in day_fields:
            values[name] = day(row[position])
        if fixed:
            values.update(fixed)
        if author_id not in names:
            names[author_id] = f"{first_name} {last_name}".strip() or username
        entries.append(
            Entry(
                at,
                kind,
                values,
                names[author_id],
                row[14],
                case,
                (author_id, username, first_name, last_name),
            )
        )
    return entries, rows[0][-1] if rows else 0


def public_timeline(case: Case) -> list[tuple[datetime.datetime, str]]:
    """What the reporter may see: when the report changed state, and when they added to it.

    No names of staff, no notes, no other party: only the state's label and the date."""
    moves = case.history.exclude(kind__in=_STEPS)
    entries = [(change.changed_at, MACHINE.label(change.to_state)) for change in moves]
    entries += [
        (created_at, _("You added information."))
        for created_at in case.notes.filter(from_reporter=True).values_list("created_at", flat=True)
    ]
    return sorted(entries, key=lambda entry: entry[0])
