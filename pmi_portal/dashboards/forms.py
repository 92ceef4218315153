"""The dashboard's filters, checked once for the page, the exports and the API."""

import datetime
import hashlib
import re

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import scope_of
from pmi_portal.dashboards.sections import Filters
from pmi_portal.offices.models import Office, Province, Regency
from pmi_portal.offices.selectors import provinces_of_regencies, reference_kept
from pmi_portal.web.forms import ChoicesAsGiven

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LONGEST_PERIOD_MONTHS = 120


def provinces_in_scope(user):
    """The provinces the user may filter by: those of their scope, or all nationally."""
    scope = scope_of(user)
    if scope.national:
        return Province.objects.order_by("name")
    return provinces_of_regencies(scope.regency_codes).order_by("name")


def regencies_in_scope(user):
    """The regencies the user may filter by: those of their scope, or all nationally."""
    scope = scope_of(user)
    regencies = Regency.objects.order_by("province_id", "name")
    return regencies if scope.national else regencies.filter(code__in=scope.regency_codes)


def _scope_name(user) -> str:
    """A short name of the user's scope for keys: "national", or a digest of its regencies."""
    scope = scope_of(user)
    codes = ",".join(sorted(scope.regency_codes)).encode()
    return "national" if scope.national else hashlib.sha256(codes).hexdigest()


def places_in_scope(user) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """The provinces (code, name) and regencies (code, name, province code) the user may filter
    by, kept per scope and version of the reference data."""
    return reference_kept(
        f"dashboard-places:{_scope_name(user)}",
        lambda: (
            [(province.code, province.name) for province in provinces_in_scope(user)],
            list(regencies_in_scope(user).values_list("code", "name", "province_id")),
        ),
    )


def section_filters() -> dict:
    """The sections' own filters by name (a filter two sections share is listed once), with
    the titles of the sections each narrows."""
    from pmi_portal.dashboards.selectors import section_specs

    found: dict = {}
    for spec in section_specs():
        for filter_spec in spec.filters:
            found.setdefault(filter_spec.name, (filter_spec, []))[1].append(spec.title)
    return found


def _month(value: str) -> datetime.date:
    match = MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12 or not 2000 <= int(match[1]) <= 2100:
        raise forms.ValidationError(
            _("Give a month as YYYY-MM, e.g. 2026-01."), code="invalid_month"
        )
    return datetime.date(int(match[1]), int(match[2]), 1)


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


class DashboardFilterForm(forms.Form):
    """`from` and `to` months (YYYY-MM), a province and a regency of the user's scope, and
    the sections' own filters (scheme, destination, trouble): a code outside the choices, or a
    province or regency outside the scope, is refused alike (`invalid_choice`).

    With `strict` (the API) a parameter given empty is refused; the page reads it as unset.
    A list of the records behind a figure reads them `for_records`: no period unless given,
    and no map.
    """

    def __init__(self, data, *, user, strict: bool = False, for_records: bool = False):
        super().__init__(data)
        self.strict = strict
        self.for_records = for_records
        self.fields["from"] = forms.CharField(label=_("From month"), required=False)
        self.fields["to"] = forms.CharField(label=_("To month"), required=False)
        provinces, regencies = places_in_scope(user)
        self.fields["province"] = forms.ChoiceField(
            label=_("Province"),
            required=False,
            choices=ChoicesAsGiven([("", _("All of my area")), *provinces]),
        )
        self.regency_provinces = {}
        regency_choices = [("", _("All of the province or area"))]
        for code, name, province in regencies:
            self.regency_provinces[code] = province
            regency_choices.append((code, name))
        self.fields["regency"] = forms.ChoiceField(
            label=_("Regency or city"), required=False, choices=ChoicesAsGiven(regency_choices)
        )
        for name, (filter_spec, sections) in section_filters().items():
            self.fields[name] = forms.ChoiceField(
                label=filter_spec.label,
                required=False,
                choices=ChoicesAsGiven([("", _("All")), *filter_spec.choices()]),
                help_text=", ".join(str(title) for title in sections),
            )
        # What the fields' choices are read from besides the reference data: the templatetag
        # filter_fields keeps their <option>s under this name (and the reference version).
        self.options_name = (
            f"dashboard-options:{_scope_name(user)}:{get_language()}:{strict}:{for_records}"
        )
        if not strict and not for_records:
            from pmi_portal.dashboards.selectors import section_specs

            self.fields["measure"] = forms.ChoiceField(
                label=_("Map shows"),
                required=False,
                choices=[(spec.key, spec.title) for spec in section_specs()],
            )

    def _clean_fields(self):
        if self.strict:
            for name in self.fields:
                if name in self.data and self.data.get(name) == "":
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Give a value, or leave this filter out."), code="blank"
                        ),
                    )
        super()._clean_fields()

    def clean_from(self):
        value = self.cleaned_data.get("from") or ""
        return _month(value) if value else None

    def clean_to(self):
        value = self.cleaned_data.get("to") or ""
        return _month(value) if value else None

    def clean(self):
        data = super().clean()
        if self.for_records and not data.get("from") and not data.get("to"):
            data["start"] = data["end"] = None
            self._clean_region(data)
            return data
        today = timezone.localdate()
        start = data.get("from") or datetime.date(today.year, 1, 1)
        last = data.get("to") or datetime.date(today.year, today.month, 1)
        if self.errors:
            return data
        self._clean_region(data)
        if start > last:
            self.add_error(
                "to",
                forms.ValidationError(
                    _("The period ends before it starts."), code="period_reversed"
                ),
            )
        elif (last.year - start.year) * 12 + last.month - start.month >= LONGEST_PERIOD_MONTHS:
            self.add_error(
                "to",
                forms.ValidationError(
                    _("Choose a period of at most %(months)d months."),
                    code="period_too_long",
                    params={"months": LONGEST_PERIOD_MONTHS},
                ),
            )
        data["start"], data["end"] = start, _next_month(last)
        return data

    def _clean_region(self, data) -> None:
        regency, province = data.get("regency"), data.get("province")
        if regency and province and self.regency_provinces.get(regency) != province:
            self.add_error(
                "regency",
                forms.ValidationError(
                    _("This regency or city is not in the province chosen."),
                    code="regency_outside_province",
                ),
            )

    def filters(self) -> Filters:
        """The checked filters; call after `is_valid()`."""
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            province=data.get("province") or None,
            regency=data.get("regency") or None,
            codes=tuple(sorted((name, data[name]) for name in section_filters() if data.get(name))),
        )

    def chosen(self) -> list[tuple[str, str]]:
        """The filters given, as (label, value shown): what a list of records says it shows."""
        shown = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if isinstance(value, datetime.date):
                value = f"{value:%Y-%m}"
            labels = dict(getattr(field, "choices", ()))
            shown.append((str(field.label), str(labels.get(value, value))))
        return shown

    def error_codes(self) -> dict[str, list[str]]:
        return {
            name: [error.code for error in errors] for name, errors in self.errors.as_data().items()
        }


def records_filter_form(data, user) -> DashboardFilterForm | None:
    """The dashboard's filters as a list of records behind a figure reads them from the
    figure's link; None when the query gives none."""
    names = ("from", "to", "province", "regency", *section_filters())
    if not any(data.get(name) for name in names):
        return None
    return DashboardFilterForm(data, user=user, for_records=True)


def default_filters() -> Filters:
    today = timezone.localdate()
    return Filters(
        start=datetime.date(today.year, 1, 1),
        end=_next_month(datetime.date(today.year, today.month, 1)),
    )


def offices_in_scope(user):
    """The regional offices whose report the user may read: all nationally, else those of
    their scope (an office head: their own)."""
    offices = Office.objects.filter(kind=Office.Kind.REGIONAL).order_by("name")
    scope = scope_of(user)
    return offices if scope.national else offices.filter(pk__in=scope.office_ids)


class MonthReportForm(forms.Form):
    """The month of the printable report (YYYY-MM), this month by default, and optionally one
    office of the user's scope (by code; offered when it holds several): an office outside the
    scope is refused as an unknown one (`invalid_choice`)."""

    month = forms.CharField(label=_("Month"), required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        offices = offices_in_scope(user)
        self.fields["office"] = forms.ModelChoiceField(
            label=_("Office"),
            queryset=offices,
            to_field_name="code",
            required=False,
            empty_label=_("All of my area"),
        )
        self.offers_offices = len(offices) > 1

    def clean_month(self):
        value = self.cleaned_data.get("month") or ""
        if not value:
            today = timezone.localdate()
            return datetime.date(today.year, today.month, 1)
        return _month(value)

    def filters(self) -> Filters:
        start = self.cleaned_data["month"]
        return Filters(start=start, end=_next_month(start))


class TargetForm(forms.Form):
    """A yearly placements target, nationally (no office) or for a regional office."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.filter(kind=Office.Kind.REGIONAL).order_by("name"),
        required=False,
        empty_label=_("National"),
    )
    placements = forms.IntegerField(label=_("Placements target"), min_value=1)
