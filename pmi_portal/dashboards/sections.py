"""What an app contributes to the dashboard: a section of figures and tables over the user's
own scope, for the period and province chosen (`Filters`).

An app's function is named in its `AppConfig.portal.dashboard` and decorated with
`dashboard_section`, which declares the keys it answers and what each means: the API's schema
is built from these declarations, and a section that answers other keys is refused.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _lazy

from pmi_portal.offices.models import Country, Province
from pmi_portal.offices.selectors import reference_kept


@dataclass(frozen=True)
class FilterSpec:
    """A filter a section applies beyond period and region (`?<name>=<code>`): its label and
    its choices (code, label). Sections that apply the same filter share one FilterSpec."""

    name: str
    label: object
    choices: Callable[[], list[tuple[str, str]]]


@dataclass(frozen=True)
class Filters:
    """The period (whole months, `start` to the day before `end`), an optional province and
    regency of the user's scope, and the codes chosen for the sections' own filters."""

    # The first day of the first month and the first day after the last; None for a list of
    # records filtered without a period.
    start: datetime.date | None
    end: datetime.date | None
    province: str | None = None  # a province code within the user's scope
    regency: str | None = None  # a regency code within the scope (and the province chosen)
    codes: tuple[tuple[str, str], ...] = ()  # (FilterSpec name, code chosen), sorted

    def code(self, name: str) -> str | None:
        """The code chosen for the filter `name`; None when not chosen."""
        return dict(self.codes).get(name)

    @property
    def year(self) -> int:
        """The year the targets are read for: that of the period's last month."""
        return (self.end - datetime.timedelta(days=1)).year

    def months(self) -> list[str]:
        """The period's months as "YYYY-MM", in order."""
        months, day = [], self.start
        while day < self.end:
            months.append(f"{day:%Y-%m}")
            day += datetime.timedelta(days=calendar.monthrange(day.year, day.month)[1])
        return months

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware datetimes in the portal's time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone),
            datetime.datetime.combine(self.end, datetime.time(), tzinfo=zone),
        )

    def in_period(self, lookup: str, *, dates: bool = False) -> Q:
        """Rows whose `lookup` (a datetime, or a date with `dates=True`) lies in the period."""
        if self.start is None:
            return Q()
        start, end = (self.start, self.end) if dates else self.moments()
        return Q(**{f"{lookup}__gte": start, f"{lookup}__lt": end})

    def in_region(self, regency_lookup: str) -> Q:
        """Rows whose regency (`regency_lookup`) lies in the chosen province and is the chosen
        regency; all without them."""
        condition = Q()
        if self.province:
            condition &= Q(**{f"{regency_lookup}__province_id": self.province})
        if self.regency:
            condition &= Q(**{regency_lookup: self.regency})
        return condition

    def matching(self, **lookups: str) -> Q:
        """Rows whose field matches each chosen filter, e.g. `matching(scheme="scheme")`."""
        condition = Q()
        for name, lookup in lookups.items():
            if self.code(name):
                condition &= Q(**{lookup: self.code(name)})
        return condition

    def query(self, *, names=(), period: bool = True, **more: str) -> str:
        """The query string of a list of the records behind a figure: these filters (the
        period if `period`, the region, the codes of `names`) and `more`, e.g. view=all."""
        months = self.months() if period and self.start is not None else []
        pairs = {
            **({"from": months[0], "to": months[-1]} if months else {}),
            "province": self.province,
            "regency": self.regency,
            **{name: self.code(name) for name in names},
            **more,
        }
        return urlencode({key: value for key, value in pairs.items() if value})

    def cache_key(self) -> str:
        """The filters in a few characters, e.g. "202601-202604-36-regency=3673-scheme=g2g"."""
        chosen = [("regency", self.regency)] if self.regency else []
        return "-".join(
            [
                f"{self.start:%Y%m}-{self.end:%Y%m}-{self.province or 'all'}",
                *(f"{name}={code}" for name, code in [*chosen, *self.codes]),
            ]
        )


@dataclass(frozen=True)
class Row:
    code: str  # stable key in the API and the exports, e.g. a stage or country code
    label: str
    value: int
    link: str = ""  # the scoped list of the records behind the figure, where there is one


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: list[Row]
    chart: str = "bar"  # "bar", "line" or "" (a table alone)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | None  # None: not set (a target nobody gave)
    link: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    figures: list[Figure]
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)

    def as_json(self) -> dict:
        """Figures as numbers, tables as {code: count}: what the API answers."""
        return {
            **{figure.key: figure.value for figure in self.figures},
            **{table.key: {row.code: row.value for row in table.rows} for table in self.tables},
        }


@dataclass(frozen=True)
class SectionSpec:
    """The keys a section answers and what each means (help texts of the API's schema)."""

    key: str
    title: object
    figures: dict[str, object] = field(default_factory=dict)
    tables: dict[str, object] = field(default_factory=dict)
    # Figures that may be null, e.g. a target not set.
    nullable: frozenset[str] = frozenset()
    # The filters beyond period and region that narrow this section.
    filters: tuple[FilterSpec, ...] = ()

    def check(self, section: Section) -> Section:
        figures = [figure.key for figure in section.figures]
        tables = [table.key for table in section.tables]
        if section.key != self.key or figures != list(self.figures) or tables != list(self.tables):
            raise ValueError(f"dashboard section {section.key!r} answers other keys than declared")
        return section


def dashboard_section(spec: SectionSpec) -> Callable:
    """Declare the keys of an app's dashboard function (user, filters) -> Section."""

    def declare(function: Callable[[object, Filters], Section]) -> Callable:
        def section(user, filters: Filters) -> Section:
            return spec.check(function(user, filters))

        section.spec = spec
        section.__doc__ = function.__doc__
        section.__name__ = function.__name__
        return section

    return declare


def rows_from(counts, labels: dict, link: Callable[[str], str] | None = None) -> list[Row]:
    """Rows of (code, count) pairs, labelled, the largest first; unknown codes keep their code."""
    rows = [
        Row(
            str(code) if code not in (None, "") else "-",
            str(labels.get(code, code)) if code not in (None, "") else "-",
            int(count),
            link(code) if link and code not in (None, "") else "",
        )
        for code, count in counts
    ]
    return sorted(rows, key=lambda row: (-row.value, row.label))


def rows_in_order(counts: dict, labels: dict, link: Callable[[str], str] | None = None):
    """Rows in the order of `labels` (stages, months), zeros included."""
    return [
        Row(str(code), str(label), int(counts.get(code, 0)), link(code) if link else "")
        for code, label in labels.items()
    ]


def country_labels(codes) -> dict[str, str]:
    """Names of the countries of `codes`, in the reader's language."""
    name = "name_en" if get_language() == "en" else "name_id"
    return dict(Country.objects.filter(code__in=[c for c in codes if c]).values_list("code", name))


def _country_choices() -> list[tuple[str, str]]:
    name = "name_en" if get_language() == "en" else "name_id"
    return reference_kept(
        f"countries:{name}", lambda: list(Country.objects.order_by(name).values_list("code", name))
    )


# Where placements go and where returns come from: one filter for both sections.
DESTINATION = FilterSpec("destination", _lazy("Destination country"), _country_choices)


def province_labels() -> dict[str, str]:
    return dict(Province.objects.values_list("code", "name"))
