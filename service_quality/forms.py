from django import forms
from django.utils.translation import gettext_lazy as _

from service_quality.models import ELEMENTS, SCORES, ServiceStandard


class StandardForm(forms.ModelForm):
    """Reads the input only; `services.standard_publish` checks it, for every caller."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceStandard
        fields = ["requirements_id", "requirements_en", "steps_id", "steps_en", "promised_minutes"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("requirements_id", "requirements_en", "steps_id", "steps_en")
        }
        help_texts = {
            "requirements_id": _("One requirement a line."),
            "steps_id": _("One step a line, in order."),
            "promised_minutes": _("From the officer opening the person's record to the receipt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def _post_clean(self):
        """The model's rules are the service's to check."""

    def standard_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SurveyForm(forms.Form):
    """The nine questions of the SKM, each answered 1 (poor) to 4 (very good)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, element, question in ELEMENTS:
            self.fields[code] = forms.TypedChoiceField(
                label=question,
                help_text=element,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def scores(self) -> dict[str, int]:
        return dict(self.cleaned_data)
