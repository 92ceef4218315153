import copy
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from placements.models import Agency, Placement
from placements.services import CPMI_REQUIRED
from placements.stages import DocumentKind
from pmi_portal.offices.models import Country, Regency, sort_key
from pmi_portal.offices.selectors import reference_held
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
        rows = reference_held(
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


class FieldsCopiedWhenRead(dict):
    """A form's fields, its class's own while `lent` (the form is being made or checked, which
    only reads them), each deep-copied into the form when first read otherwise (to draw it,
    which changes the widgets' classes, or to change it): Django deep-copies all 25 fields of
    the registration for every form, about 0.2 ms of each, which a valid post never draws."""

    def __init__(self, fields, *, lent: bool = False):
        super().__init__(fields)
        self.shared = set(fields)
        self.lent = lent

    def __getitem__(self, name):
        field = super().__getitem__(name)
        if self.lent or name not in self.shared:
            return field
        field = copy.deepcopy(field)
        self[name] = field
        return field

    def __setitem__(self, name, field):
        super().__setitem__(name, field)
        self.shared.discard(name)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]

    def __deepcopy__(self, memo):
        # What BaseForm.__init__ makes of the class's fields (see FieldsLentToCheck).
        return FieldsCopiedWhenRead(self, lent=True)


class FieldsLentToCheck:
    """A form that reads its class's fields to be made and checked, and copies a field only when
    it is drawn or changed (FieldsCopiedWhenRead). Its fields must not be changed while lent:
    `required` is set on the class (`cpmi_required`)."""

    def __init__(self, *args, **kwargs):
        # BaseForm.__init__ deep-copies `base_fields` into `fields`: this one into fields lent.
        self.base_fields = FieldsCopiedWhenRead(type(self).base_fields)
        super().__init__(*args, **kwargs)
        del self.base_fields
        self.fields.lent = False

    def full_clean(self):
        self.fields.lent = True
        try:
            super().full_clean()
        finally:
            self.fields.lent = False
            # The bound fields made to check hold the class's fields: drawn, they are made anew.
            self._bound_fields_cache.clear()


def cpmi_required(form_class):
    """The fields a CPMI registration needs are required in `form_class` (a class decorator)."""
    for name in CPMI_REQUIRED:
        if name in form_class.base_fields:
            form_class.base_fields[name].required = True
    return form_class


def registration_field(db_field, **kwargs):
    """A ModelForm's field for `db_field` as Django makes it, its choices shared and its date
    read as posted first."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", PostedDateField)
    field = db_field.formfield(**kwargs)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        field.choices = SharedChoices(list(field.choices))
    return field


@cpmi_required
class WorkerForm(FieldsLentToCheck, forms.ModelForm):
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


@cpmi_required
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


class PlacementForm(FieldsLentToCheck, forms.ModelForm):
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
