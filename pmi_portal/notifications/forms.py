from django import forms
from django.utils.translation import gettext_lazy as _

from pmi_portal.notifications import kinds
from pmi_portal.notifications.models import EmailMode


class PreferencesForm(forms.Form):
    """For each kind of event: in the portal, by e-mail; and single e-mails or a digest."""

    email_mode = forms.ChoiceField(
        label=_("E-mails"), choices=EmailMode.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds.registry().values())
        for kind in self.kinds:
            self.fields[f"{kind.code}__in_app"] = forms.BooleanField(
                label=_("in the portal"), required=False
            )
            self.fields[f"{kind.code}__email"] = forms.BooleanField(
                label=_("by e-mail"), required=False
            )

    def rows(self):
        return [
            (kind, self[f"{kind.code}__in_app"], self[f"{kind.code}__email"]) for kind in self.kinds
        ]

    @staticmethod
    def initial_from(choices: dict, email_mode: str) -> dict:
        initial = {"email_mode": email_mode}
        for code, chosen in choices.items():
            initial[f"{code}__in_app"] = chosen["in_app"]
            initial[f"{code}__email"] = chosen["email"]
        return initial

    def choices(self) -> dict:
        return {
            kind.code: {
                "in_app": self.cleaned_data[f"{kind.code}__in_app"],
                "email": self.cleaned_data[f"{kind.code}__email"],
            }
            for kind in self.kinds
        }


class OfficeSettingsForm(forms.Form):
    webhook_url = forms.CharField(
        label=_("Webhook address (HTTPS)"),
        required=False,
        max_length=300,
        help_text=_(
            "The address of the SMS or WhatsApp gateway your office uses. Leave empty to send "
            "nothing to a gateway."
        ),
    )
    webhook_kinds = forms.MultipleChoiceField(
        label=_("Events sent to the gateway"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    digest_time = forms.TimeField(
        label=_("Daily digest at (office time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["webhook_kinds"].choices = kinds.webhook_choices()
