from django import forms
from django.utils.translation import gettext_lazy as _

from pmi_portal.people.models import PossibleDuplicate


class DuplicateResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (PossibleDuplicate.Resolution.DIFFERENT, _("different people")),
            (PossibleDuplicate.Resolution.SAME, _("same person: to be merged")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MergeForm(forms.Form):
    """Which of the two records is kept, and what the head checked to know they are one."""

    keep = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What you checked"),
        max_length=500,
        help_text=_("The papers that show they are one person, e.g. KTP, passport, family card."),
    )


class MergeUndoForm(forms.Form):
    reason = forms.CharField(label=_("Why the merge is undone"), max_length=500)
