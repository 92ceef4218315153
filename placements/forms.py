from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from placements.models import Agency, Placement, PossibleDuplicate, Worker
from placements.services import nik_taken_error
from placements.stages import DocumentKind
from placements.validation import (
    PHOTO_TYPES,
    nik_errors,
    normalize_phone,
    passport_errors,
    sniff_upload,
)
from pmi_portal.offices.models import Country, Regency

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The destinations most placements go to, listed first.
MAIN_DESTINATIONS = ["MY", "TW", "HK", "SA", "KR", "JP", "SG", "AE", "QA", "KW", "BN", "PL", "TR"]


class RegencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.province.name})"


class WorkerForm(forms.ModelForm):
    home_regency = RegencyChoiceField(
        queryset=Regency.objects.select_related("province").order_by("name"),
        label=_("Home regency or city"),
        help_text=_("From the address on the KTP; it decides the responsible office."),
    )

    class Meta:
        model = Worker
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
        widgets = {
            "nik": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}
            ),
            "birth_date": DATE_INPUT,
            "passport_expiry": DATE_INPUT,
            "address": forms.TextInput(),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        }

    def clean_nik(self):
        nik = self.cleaned_data["nik"].replace(" ", "").replace(".", "")
        if Worker.objects.filter(nik=nik).exists():
            raise nik_taken_error(nik).error_dict["nik"][0]
        return nik

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_next_of_kin_phone(self):
        return normalize_phone(self.cleaned_data.get("next_of_kin_phone", ""))

    def clean_passport_number(self):
        return self.cleaned_data.get("passport_number", "").strip().upper()

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            sniff_upload(photo, allowed=PHOTO_TYPES)
        return photo

    def identity_nik(self) -> str | None:
        return self.cleaned_data.get("nik")

    def clean(self):
        cleaned = super().clean()
        nik = self.identity_nik()
        errors = (
            nik_errors(nik, sex=cleaned.get("sex"), birth_date=cleaned.get("birth_date"))
            if nik
            else {}
        )
        errors |= passport_errors(
            cleaned.get("passport_number", ""), cleaned.get("passport_expiry")
        )
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
        return cleaned


class WorkerEditForm(WorkerForm):
    """Changing a worker: the NIK stays (a wrong NIK is a new registration), the version guards."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(WorkerForm.Meta):
        fields = [name for name in WorkerForm.Meta.fields if name not in ("nik", "photo")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def identity_nik(self) -> str:
        return self.instance.nik


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PlacementForm(forms.ModelForm):
    destination = CountryChoiceField(queryset=Country.objects.none(), label=_("Destination"))
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label=_("Agency (P3MI)"),
        help_text=_("Required for P to P placements."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = list(Country.objects.exclude(code="ID"))
        first = {code: index for index, code in enumerate(MAIN_DESTINATIONS)}
        countries.sort(key=lambda c: (first.get(c.code, len(first)), str(c)))
        self.fields["destination"].queryset = Country.objects.exclude(code="ID")
        self.fields["destination"].choices = [("", "---------")] + [
            (country.pk, str(country)) for country in countries
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scheme") == "p2p" and not cleaned.get("agency"):
            self.add_error("agency", _("A P to P placement goes through an agency."))
        return cleaned

    def _post_clean(self):
        # Constraints involving the worker are checked by the service in its transaction.
        forms.models.construct_instance(self, self.instance, self._meta.fields)


class DifferentPeopleForm(forms.Form):
    """The officer confirms that each similar person found is someone else."""

    different_from = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("I checked: these are different people"),
    )

    def __init__(self, *args, similar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["different_from"].choices = [(m.worker.pk, str(m.worker)) for m in similar]


class DuplicateResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PossibleDuplicate.Resolution.DIFFERENT, _("different people")),
            (PossibleDuplicate.Resolution.SAME, _("same person: to be merged")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


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

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            sniff_upload(uploaded)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return uploaded


class AgencyStatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=Agency.Status.choices, label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=300)
