"""`|as_field` and the portal's form renderer draw each field of the forms that use them exactly
as crispy's `|as_crispy_field` over Django's templates (whitespace aside): empty, filled in,
refused by the form and refused by a service; and every widget written in one pass as Django's
template writes it."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from placements.forms import PlacementForm, WorkerEditForm, WorkerForm
from pmi_portal.web.fields import OnePassRenderer, field_html
from returns.forms import ArrivalForm, InterceptionForm
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Wrong or missing in every way the forms can say: errors on text, select, date, radio,
# checkbox and file fields alike.
REFUSED = {
    "nik": "12ab",
    "birth_date": "5 Juli",
    "home_regency": "9999",
    "sex": "X",
    "passport_expiry": "kemarin",
    "residence_confirmed": "on",
    "scheme": "calo",
    "destination": "ID",
    "contract_months": "-",
    "salary_amount": "banyak",
    "placement-scheme": "p2p",
    "placement-contract_months": "x",
    "arrived_at": "besok",
    "intercepted_at": "besok",
    "category": "lost",
    "troubles": ["bored"],
    "from_country": "XX",
    "version": "x",
}
FILLED = {
    "nik": "3603124507950003",
    "full_name": 'Siti <Aminah> & "Ani"',
    "sex": "F",
    "birth_date": "1995-07-05",
    "home_regency": "3603",
    "residence_confirmed": "on",
    "placement-scheme": "g2g",
    "placement-destination": "TW",
    "placement-contract_months": "36",
    "arrived_at": "2026-11-25T08:30",
    "category": "deported",
    "troubles": ["unpaid_wages", "abuse"],
    "family_contacted": "on",
    "notes": "<b>catatan</b>",
}
PHOTO = SimpleUploadedFile("foto.txt", b"not an image", content_type="text/plain")


def _form(form_class, state: str, instance, renderer=None):
    """A form of `form_class` as it is shown in `state`."""
    kwargs = {"prefix": "placement"} if form_class is PlacementForm else {}
    kwargs["renderer"] = renderer
    if instance is not None:
        kwargs["instance"] = instance
    if state == "empty":
        return form_class(**kwargs)
    if state == "with initial":
        return form_class(initial={"nik": "3603"}, **kwargs)
    data = REFUSED if state == "refused" else FILLED
    form = form_class(data, {"photo": PHOTO}, **kwargs)
    form.is_valid()
    if state == "refused by a service":
        # As views do with apply_errors: a service's refusal on each field.
        for name in form.fields:
            form.add_error(name, forms.ValidationError("Ditolak <di sini>.", code="x"))
    return form


@pytest.mark.parametrize(
    "form_class", [WorkerForm, WorkerEditForm, PlacementForm, ArrivalForm, InterceptionForm]
)
@pytest.mark.parametrize(
    "state", ["empty", "with initial", "refused", "filled", "refused by a service"]
)
def test_each_field_is_drawn_as_crispy_draws_it(form_class, state):
    instance = PersonFactory() if form_class is WorkerEditForm else None
    crispy_form = _form(form_class, state, instance, renderer=DjangoTemplates())
    our_form = _form(form_class, state, instance)
    for name in crispy_form.fields:
        expected = parse_html(as_crispy_field(crispy_form[name]))
        assert parse_html(field_html(our_form[name])) == expected, name
        # Drawn again (crispy keeps its classes on the widget): still the same.
        assert parse_html(field_html(our_form[name])) == expected, name


WIDGETS = [
    forms.TextInput(attrs={"autofocus": True, "spellcheck": False, "data-x": 'a"<b>'}),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.FileInput(attrs={"accept": "image/png"}),
    forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
    forms.Select(choices=[("", "---------"), ("0", "nol"), (12.5, "<b>"), ("True", "ya")]),
    forms.Select(choices=[("Asia", [("MY", "Malaysia"), ("TW", "Taiwan")]), ("", "lain")]),
    forms.SelectMultiple(choices=[("0", "nol"), ('Siti <Aminah> & "Ani"', "Siti")]),
    forms.NullBooleanSelect(),
]
VALUES = [None, "", "0", 0, 12.5, True, False, 'Siti <Aminah> & "Ani"', "baris\nbaris"]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
def test_each_widget_written_in_one_pass_is_written_as_djangos_template_writes_it(widget):
    for value in VALUES:
        for attrs in ({}, {"id": "id_x", "required": True, "aria-invalid": "true"}):
            expected = widget.render("x", value, attrs, renderer=DjangoTemplates())
            assert widget.render("x", value, attrs, renderer=OnePassRenderer()) == expected
