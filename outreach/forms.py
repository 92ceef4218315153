from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Activity, ActivityDocumentKind, Programme, Relation
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import area_regency_codes

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area_regencies(office):
    """The regencies an office may choose: its working area's (the service checks it too)."""
    return Regency.objects.filter(code__in=area_regency_codes(office)).order_by("name")


class ActivityForm(forms.ModelForm):
    """Reads the input only: every rule is checked by `outreach.services`, for every caller."""

    class Meta:
        model = Activity
        fields = [
            "held_on", "kind", "online", "regency", "place", "partner", "audience", "attendance",
            "topics",
        ]  # fmt: skip
        widgets = {
            "held_on": DATE_INPUT,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "attendance": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        help_texts = {
            "place": _("The village (desa/kelurahan) or district (kecamatan)."),
            "partner": _("E.g. the village office, a school, Polres, Kodim, a radio station."),
            "online": _("An online live session or a broadcast: no regency needed."),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = _area_regencies(office)
        self.fields["regency"].required = False
        for name in ("audience", "topics", "attendance", "held_on", "kind"):
            self.fields[name].required = True

    def _post_clean(self):
        """The model's rules are the service's to check, with the office it knows."""

    def activity_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ActivityEditForm(ActivityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ActivityDocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 5 MB)"))


class ProgrammeForm(forms.ModelForm):
    """Reads the input only: every rule is checked by `outreach.services`, for every caller."""

    class Meta:
        model = Programme
        fields = ["kind", "title", "partner", "regency", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "partner": _("E.g. a vocational training centre (BLK), a bank, a cooperative."),
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = _area_regencies(office)

    def _post_clean(self):
        """The model's rules are the service's to check, with the office it knows."""

    def programme_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ParticipantForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    relation = forms.ChoiceField(label=_("Taking part as"), choices=Relation.choices)
