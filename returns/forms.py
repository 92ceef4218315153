import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.forms import CountryChoiceField, RegencyChoiceField
from placements.models import Agency
from pmi_portal.offices.models import Country, Regency
from pmi_portal.people.models import Sex
from pmi_portal.web.forms import QuickSelect
from returns.models import Category, Trouble

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def arrival_starts_at() -> datetime.datetime:
    """The arrival time an empty arrival form starts at: this minute, in the current timezone."""
    return timezone.localtime().replace(second=0, microsecond=0)


class ReturneeFields(forms.Form):
    """Who the person is, as far as the papers in hand say: often a passport only."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=20, required=False)
    passport_expiry = forms.DateField(
        label=_("Passport valid until"), required=False, widget=DATE_INPUT
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "---------"), *Sex.choices], required=False
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    home_regency = RegencyChoiceField(
        queryset=Regency.objects.select_related("province").order_by("name"),
        required=False,
        label=_("Home regency or city"),
        help_text=_("It decides the office that receives the person."),
        widget=QuickSelect(cache_as="returnee-home-regency"),
        kept_as="regencies",
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_nik(self):
        return "".join(self.cleaned_data["nik"].replace(".", "").split())

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ReturneeFields.base_fields}


class ArrivalForm(ReturneeFields):
    mrz = forms.CharField(
        label=_("Passport MRZ"),
        required=False,
        max_length=200,
        help_text=_("Scan or paste the two lines at the bottom of the passport's photo page."),
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "autofocus": True,
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "font-monospace",
            }
        ),
    )
    flight_number = forms.CharField(label=_("Flight"), max_length=10)
    arrived_at = forms.DateTimeField(label=_("Arrived at"), widget=DATETIME_INPUT)
    terminal = forms.CharField(label=_("Terminal"), max_length=10, required=False)
    from_country = CountryChoiceField(
        queryset=Country.objects.exclude(code="ID"),
        label=_("Coming from"),
        widget=QuickSelect(cache_as="arrival-from-country"),
        kept_as="countries-abroad",
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        initial=Category.REGULAR,
    )
    troubles = forms.MultipleChoiceField(
        label=_("Troubles"),
        choices=Trouble.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cause_of_death = forms.CharField(
        label=_("Cause of death, as reported"), max_length=300, required=False
    )
    remains_transport = forms.CharField(
        label=_("Cargo and ambulance arrangements"), max_length=300, required=False
    )
    family_contacted = forms.BooleanField(label=_("Family contacted"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrived_at"].initial = arrival_starts_at()

    def arrival_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ReturneeFields.base_fields and name != "mrz"
        }


class TransportForm(forms.Form):
    by = forms.CharField(
        label=_("Taken home by"),
        max_length=150,
        help_text=_("E.g. the family, the regional social service, a BP2MI car."),
    )
    to = forms.CharField(label=_("Taken to"), max_length=200)
    departs_at = forms.DateTimeField(label=_("Leaves at"), required=False, widget=DATETIME_INPUT)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class InterceptionForm(ReturneeFields):
    intercepted_at = forms.DateTimeField(label=_("Stopped at"), widget=DATETIME_INPUT)
    flight_number = forms.CharField(label=_("Flight"), max_length=10, required=False)
    destination = CountryChoiceField(
        queryset=Country.objects.exclude(code="ID"),
        label=_("Was going to"),
        widget=QuickSelect(cache_as="interception-destination"),
        kept_as="countries-abroad",
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label=_("Agency (P3MI) involved"),
        widget=QuickSelect(cache_as="interception-agency"),
    )
    recruiter = forms.CharField(
        label=_("Recruiter (calo/sponsor) involved"), max_length=200, required=False
    )
    account = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intercepted_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )

    def interception_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ReturneeFields.base_fields
        }


class ManifestForm(forms.Form):
    file = forms.FileField(
        label=_("Manifest (CSV or XLSX)"),
        required=False,
        help_text=_("From a consulate, an embassy or an airline; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    commit = forms.BooleanField(required=False, widget=forms.HiddenInput)
