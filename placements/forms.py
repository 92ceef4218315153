import datetime
import re
import time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from placements.models import Agency, Placement
from placements.services import CPMI_REQUIRED
from placements.stages import DocumentKind
from pmi_portal.offices.models import Country, Regency, sort_key
from pmi_portal.offices.selectors import reference_generation, reference_kept
from pmi_portal.people.models import Person
from pmi_portal.web.forms import ChoicesAsGiven, QuickSelect

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A long list (514 regencies, 250 countries, the agencies) gets a search box as you type
# (static/js/portal.js), and is written in one pass, and rendered once per language and version
# of the reference data (QuickSelect; placements/apps.py renews the version with the agencies).
SEARCHABLE = {"data-searchable": "", "data-search-label": _("Type to search")}
# What a date input posts: ASCII digits only (`\d` would take digits of other scripts).
POSTED_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The destinations most placements go to, listed first.
MAIN_DESTINATIONS = ["MY", "TW", "HK", "SA", "KR", "JP", "SG", "AE", "QA", "KW", "BN", "PL", "TR"]


class KeptChoiceField(forms.ModelChoiceField):
    """A choice of reference data (regencies, countries, agencies): a posted key is checked
    against the field's rows kept with the reference data under `kept_as` (by a query without
    it); a saved row renews them (offices/apps.py, placements/apps.py). The row chosen comes
    back without its related rows."""

    def __init__(self, *args, kept_as: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_as = kept_as

    def to_python(self, value):
        if self.kept_as is None or value in self.empty_values:
            return super().to_python(value)
        model = self.queryset.model
        if isinstance(value, model):
            value = value.pk
        names = [field.attname for field in model._meta.concrete_fields]
        at = names.index(model._meta.pk.attname)
        rows = _choice_rows(
            f"choices:{self.kept_as}",
            lambda: {str(row[at]): row for row in self.queryset.values_list(*names)},
        )
        row = rows.get(str(value))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return model.from_db(self.queryset.db, names, row)


# Each kept choice's rows as this process last read them, with the reference data's version
# and when: the process cache unpickles a copy on every read, and the 1,500 agencies took 1 ms of
# each registration (the 514 regencies 0.2 ms). The rows are only looked up, never changed.
_rows_held: dict[str, tuple[int, float, dict]] = {}


def _choice_rows(name: str, compute) -> dict:
    """`reference_kept(name, compute)`, held in this process while the reference data's version
    stays and REFERENCE_OPTIONS_CACHE_SECONDS at most."""
    seconds = settings.REFERENCE_OPTIONS_CACHE_SECONDS
    try:
        generation = reference_generation() if seconds else None
    except RedisError:
        generation = None
    if generation is None:
        return reference_kept(name, compute)
    held = _rows_held.get(name)
    now = time.monotonic()
    if held is not None and held[0] == generation and now - held[1] < seconds:
        return held[2]
    rows = reference_kept(name, compute)
    _rows_held[name] = (generation, now, rows)
    return rows


class RegencyChoiceField(KeptChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.province.name})"


class SharedChoices(ChoicesAsGiven):
    """A model field's choices (sex, education, scheme, sector, currency), made once with the
    form's class: each form's copy of the field and of its select shares them, where Django
    would deep-copy them twice with their translated labels (0.1 ms of the two forms)."""

    def __deepcopy__(self, memo):
        return self


class PostedDateField(forms.DateField):
    """A date as the date input posts it (YYYY-MM-DD), read before the language's formats,
    none of which reads such a text (tests/placements/test_register_form_markup.py): in
    Indonesian eight failed first, 0.1 ms of each registration."""

    def to_python(self, value):
        if isinstance(value, str) and POSTED_DATE.fullmatch(value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass  # not a day of the calendar: refused as before
        return super().to_python(value)


def registration_field(db_field, **kwargs):
    """A ModelForm's field for `db_field` as Django makes it, its choices shared and its date
    read as posted first."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", PostedDateField)
    field = db_field.formfield(**kwargs)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        field.choices = SharedChoices(list(field.choices))
    return field


class WorkerForm(forms.ModelForm):
    """The person's part of a CPMI registration. It only reads the input: every rule (NIK,
    passport, phones, age, what a CPMI must give) is checked by the service, for every caller."""

    home_regency = RegencyChoiceField(
        queryset=Regency.objects.select_related("province").order_by("name"),
        label=_("Home regency or city"),
        help_text=_("From the address on the KTP; it decides the responsible office."),
        widget=QuickSelect(attrs=SEARCHABLE, cache_as="worker-home-regency"),
        kept_as="regencies",
    )
    residence_confirmed = forms.BooleanField(
        required=False,
        label=_("I checked: the worker lives in this regency, outside the NIK's province."),
    )

    class Meta:
        model = Person
        fields = [
            "nik",
            "full_name",
            "sex",
            "birth_place",
            "birth_date",
            "home_regency",
            "address",
            "phone",
            "education",
            "skills",
            "next_of_kin_name",
            "next_of_kin_relation",
            "next_of_kin_phone",
            "passport_number",
            "passport_expiry",
            "photo",
        ]
        formfield_callback = registration_field
        widgets = {
            # A complete NIK fills the sex, birth date and regency it encodes (js/nik.js).
            "nik": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "autofocus": True,
                    "data-nik-url": reverse_lazy("api:nik-parse"),
                    "data-nik-status": "nik-status",
                    "aria-describedby": "nik-status",
                }
            ),
            "birth_date": DATE_INPUT,
            "passport_expiry": DATE_INPUT,
            "address": forms.TextInput(),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CPMI_REQUIRED:
            if name in self.fields:
                self.fields[name].required = True

    @property
    def asks_residence_confirmation(self) -> bool:
        """The service asked to confirm a home outside the NIK's province (or it was ticked)."""
        return self.is_bound and (
            self.has_error("home_regency", code="residence_outside_nik_province")
            or bool(self.data.get("residence_confirmed"))
        )

    def clean_nik(self):
        return "".join(self.cleaned_data["nik"].replace(".", "").split())

    def _post_clean(self):
        """Nothing: people.services validates the person from `cleaned_data` in the
        transaction that saves it; the form's new instance is never read."""


class WorkerEditForm(WorkerForm):
    """Changing a worker: the NIK stays (a wrong NIK is a new registration), the version guards."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(WorkerForm.Meta):
        fields = [name for name in WorkerForm.Meta.fields if name not in ("nik", "photo")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        # The worker given is changed as typed, for the page that shows it back; people.services
        # validates the change in the transaction that saves it.
        forms.models.construct_instance(self, self.instance, self._meta.fields)


class CountryChoiceField(KeptChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DestinationChoices(BaseChoiceIterator):
    """The countries, main destinations first, read only when the list is drawn: the blank
    choice comes first without a query, as `Select.use_required_attribute` asks for it on every
    render (a callable's choices would be read and sorted for that, about 5 ms a page)."""

    def __init__(self, field):
        """Made by the field (`DestinationChoiceField.iterator`), whose rows it does not use."""

    def __iter__(self):
        yield ("", "---------")
        countries = list(Country.objects.exclude(code="ID"))
        first = {code: index for index, code in enumerate(MAIN_DESTINATIONS)}
        countries.sort(key=lambda c: (first.get(c.code, len(first)), sort_key(str(c))))
        yield from ((country.pk, str(country)) for country in countries)


class DestinationChoiceField(CountryChoiceField):
    # Its choices made on the class, not set in each form's __init__ (0.1 ms a form).
    iterator = DestinationChoices


class PlacementForm(forms.ModelForm):
    destination = DestinationChoiceField(
        queryset=Country.objects.exclude(code="ID"),
        label=_("Destination"),
        widget=QuickSelect(attrs=SEARCHABLE, cache_as="placement-destination"),
        kept_as="countries-abroad",
    )
    agency = KeptChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label=_("Agency (P3MI)"),
        help_text=_("Required for P to P placements."),
        widget=QuickSelect(attrs=SEARCHABLE, cache_as="placement-agency"),
        # A new status renews the kept rows when it commits: a suspended licence is refused
        # from the next request on, as it was when the row was read by a query.
        kept_as="agencies",
    )

    class Meta:
        model = Placement
        fields = [
            "scheme",
            "agency",
            "destination",
            "employer_name",
            "sector",
            "job_title",
            "contract_months",
            "salary_amount",
            "salary_currency",
        ]
        formfield_callback = registration_field

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scheme") == "p2p" and not cleaned.get("agency"):
            self.add_error("agency", _("A P to P placement goes through an agency."))
        return cleaned

    def _post_clean(self):
        """Nothing: the service checks the placement, with its worker, from `cleaned_data` in
        its transaction; the form's new instance is never read."""


class DifferentPeopleForm(forms.Form):
    """The officer confirms that each similar person found in their scope is someone else."""

    different_from = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("I checked: these are different people"),
    )

    def __init__(self, *args, similar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["different_from"].choices = [
            (match.person.pk, str(match.person)) for match in similar if match.visible
        ]


class StageMoveForm(forms.Form):
    to_stage = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        help_text=_("Needed when going back or cancelling."),
    )


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices, label=_("Document"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class AgencyStatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Agency.Status.choices, label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=300)
