from django import forms
from django.utils.translation import gettext_lazy as _

from pmi_portal.identity.nik import NikError, parse_nik
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import regencies_with_code


class RoutingLookupForm(forms.Form):
    """Which office is responsible: by regency name or code, or by a NIK."""

    q = forms.CharField(
        label=_("Regency, city or NIK"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("e.g. Indramayu")}),
    )

    # The code asked for when it is one a regency no longer has (a NIK from before 2022 in Papua).
    former_code: str | None = None

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()

    def regencies(self):
        """Regencies matching the query, with their responsible office; at most 20."""
        query = self.cleaned_data["q"]
        digits = query.replace(" ", "").replace(".", "")
        regencies = Regency.objects.select_related("office", "province")
        if not digits.isdigit():
            return regencies.filter(name__icontains=query)[:20]
        if len(digits) < 4:
            return regencies.filter(code__startswith=digits)[:20]
        code = digits[:4]
        if len(digits) == 16:
            try:
                code = parse_nik(digits).regency_code
            except NikError as error:
                self.add_error("q", error.message)
                return Regency.objects.none()
        matches = list(regencies_with_code(code))
        if matches and matches[0].code != code:
            self.former_code = code
        return matches
