import functools

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.models import (
    STAFF_SOURCES,
    CaseDocumentKind,
    CaseType,
    Institution,
    LegalStepKind,
    PartyRole,
    State,
    Verdict,
)
from cases.states import MACHINE
from placements.forms import CountryChoiceField, RegencyChoiceField
from placements.models import Agency
from pmi_portal.offices.models import Country, Office, Regency
from pmi_portal.web.forms import QuickSelect, blank_form_html

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


def _regencies():
    return Regency.objects.select_related("province").order_by("name")


def _countries():
    return Country.objects.exclude(code="ID")


class CaseForm(forms.Form):
    """Staff intake: what happened, where, and who (the victim, the recruiter if known)."""

    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    source = forms.ChoiceField(label=_("Source"), choices=STAFF_SOURCES)
    description = forms.CharField(label=_("What happened"), max_length=8000, widget=TEXT)
    regency = RegencyChoiceField(
        queryset=_regencies(),
        label=_("Regency or city"),
        help_text=_("Where it happened or the victim's home: it decides the office."),
        required=False,
        widget=QuickSelect(cache_as="case-regency"),
    )
    country = CountryChoiceField(
        queryset=_countries(),
        label=_("Country abroad"),
        required=False,
        widget=QuickSelect(cache_as="case-country"),
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        label=_("Agency (P3MI) involved"),
        widget=QuickSelect(cache_as="case-agency"),
    )
    victim_nik = forms.CharField(label=_("Victim's NIK"), max_length=20, required=False)
    victim_name = forms.CharField(label=_("Victim's name"), max_length=150, required=False)
    victim_phone = forms.CharField(label=_("Victim's phone"), max_length=30, required=False)
    recruiter_name = forms.CharField(
        label=_("Recruiter (calo/sponsor)"), max_length=150, required=False
    )
    recruiter_phone = forms.CharField(label=_("Recruiter's phone"), max_length=30, required=False)

    def case_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "case_type": data["case_type"],
            "source": data["source"],
            "description": data["description"],
            "regency": data["regency"],
            "country": data["country"],
        }

    def victim(self) -> dict:
        data = self.cleaned_data
        return {
            "nik": "".join(data["victim_nik"].split()),
            "full_name": data["victim_name"],
            "phone": data["victim_phone"],
            "home_regency": data["regency"],
        }

    def recruiter(self) -> dict:
        data = self.cleaned_data
        return {"full_name": data["recruiter_name"], "phone": data["recruiter_phone"]}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(VersionForm):
    to_state = forms.ChoiceField(label=_("Move to"), choices=State.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    duplicate_of = forms.CharField(
        label=_("Duplicate of (reference)"),
        max_length=20,
        required=False,
        help_text=_("Only when merging: the reference of the case this one duplicates."),
    )


# A version no case reaches, in the kept HTML of the transition form; the case's replaces it.
_ANY_VERSION = 2_147_483_647


def transition_form_html(state: str, version: int) -> SafeString:
    """The crispy HTML of the empty form that moves a case on from `state` at `version`; kept
    per process, state and language, as blank_form_html keeps the other forms (2 ms a page)."""
    kept = _transition_form_html(state, get_language())
    # The version is a number: nothing to escape.
    return mark_safe(kept.replace(f'value="{_ANY_VERSION}"', f'value="{int(version)}"'))


@functools.lru_cache(maxsize=64)
def _transition_form_html(state: str, language: str) -> str:
    form = TransitionForm(initial={"version": _ANY_VERSION})
    form.fields["to_state"].choices = [
        (move.target, MACHINE.label(move.target)) for move in MACHINE.moves_from(state)
    ]
    return as_crispy_form(form)


class AssignForm(VersionForm):
    assignee = forms.ModelChoiceField(queryset=None, label=_("Handler"))

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = holders


class TransferForm(VersionForm):
    office = forms.ModelChoiceField(
        queryset=Office.objects.filter(kind__in=["regional", "headquarters"]).order_by("name"),
        label=_("To office"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=TEXT)


class ReferralForm(forms.Form):
    institution = forms.ChoiceField(label=_("Institution"), choices=Institution.choices)
    institution_name = forms.CharField(
        label=_("Name of the institution"),
        max_length=200,
        help_text=_("E.g. Polda Kalimantan Barat, KJRI Kuching."),
    )
    reference_number = forms.CharField(label=_("Letter number"), max_length=100, required=False)
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = timezone.localdate()


class ReferralAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=4000, widget=TEXT)
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE_INPUT)


class LegalStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=LegalStepKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    reference = forms.CharField(
        label=_("Reference (report or case number)"), max_length=100, required=False
    )
    detail = forms.CharField(label=_("Detail"), max_length=500, required=False)
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[("", "---------"), *Verdict.choices], required=False
    )


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    nik = forms.CharField(label=_("NIK"), max_length=20, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "nik": "".join(data["nik"].split()),
            "full_name": data["full_name"],
            "phone": data["phone"],
        }


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[c for c in CaseDocumentKind.choices if c[0] != CaseDocumentKind.FROM_REPORTER],
    )
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 5 MB)"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS, not by JavaScript) and bots fill in."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PublicReportForm(HoneypotForm):
    case_type = forms.ChoiceField(label=_("What is it about?"), choices=CaseType.choices)
    description = forms.CharField(
        label=_("What happened?"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, where, when: names of the recruiter or agency, places, dates."),
    )
    regency = RegencyChoiceField(
        queryset=_regencies(),
        label=_("Regency or city (where it happened, or the worker's home)"),
        required=False,
        widget=QuickSelect(cache_as="lapor-regency"),
    )
    country = CountryChoiceField(
        queryset=_countries(),
        label=_("Country abroad, if any"),
        required=False,
        widget=QuickSelect(cache_as="lapor-country"),
    )
    anonymous = forms.BooleanField(label=_("Report anonymously"), required=False, initial=True)
    contact = forms.CharField(
        label=_("Your phone or e-mail (only if not anonymous)"), max_length=150, required=False
    )
    files = MultipleFileField(
        label=_("Photos or documents (PDF, JPEG or PNG, at most 3 files of 5 MB)"), required=False
    )


class PublicInfoForm(HoneypotForm):
    text = forms.CharField(
        label=_("What do you want to add?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(
        label=_("Photos or documents (PDF, JPEG or PNG, at most 3 files of 5 MB)"), required=False
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("Receipt code"), max_length=40)


def act_forms_html() -> dict[str, str]:
    """The empty forms of the acts on a case page, by their name in its context, as HTML (as
    blank_form_html writes each): kept per process, language and day, where looked up one by
    one they cost 70 µs a page. The caller must not change the dict."""
    return _act_forms_html(get_language(), timezone.localdate())


@functools.lru_cache(maxsize=16)
def _act_forms_html(language: str, today) -> dict[str, str]:
    return {
        "note_form": blank_form_html(NoteForm),
        "referral_form": blank_form_html(ReferralForm),
        "answer_form": blank_form_html(ReferralAnswerForm, answered_on=today),
        "legal_form": blank_form_html(LegalStepForm),
        "party_form": blank_form_html(PartyForm),
        "document_form": blank_form_html(DocumentForm),
    }
