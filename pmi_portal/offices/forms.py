from django import forms
from django.utils.translation import gettext_lazy as _

from pmi_portal.identity.nik import NikError, parse_nik
from pmi_portal.offices.models import Regency


class RoutingLookupForm(forms.Form):
    """Which office is responsible: by regency name or code, or by a NIK."""

    q = forms.CharField(
        label=_("Regency, city or NIK"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("e.g. Indramayu")}),
    )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()

    def regencies(self):
        """Regencies matching the query, with their responsible office; at most 20."""
        query = self.cleaned_data["q"]
        digits = query.replace(" ", "").replace(".", "")
        regencies = Regency.objects.select_related("office", "province")
        if digits.isdigit():
            if len(digits) == 16:
                try:
                    nik = parse_nik(digits)
                except NikError as error:
                    self.add_error("q", error.message)
                    return Regency.objects.none()
                return regencies.filter(code=nik.regency_code)
            return regencies.filter(code__startswith=digits[:4])[:20]
        return regencies.filter(name__icontains=query)[:20]
