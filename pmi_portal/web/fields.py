"""A form field as crispy-bootstrap5's `field.html` draws it (`|as_crispy_field`), and the
plainest widgets as Django's templates draw them, written in Python: the same markup for a
fraction of the CPU. Crispy includes three to six templates per field and Django two per widget,
about 0.5 ms a field; the registration form has 25.

Only what `|as_crispy_field` does without a helper is written here; anything else (a form with
a crispy helper, a widget that wraps others, a file field that already holds a file) is left to
crispy. tests/web/test_field_html.py proves the markup the same, field by field."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, optgroups
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

ASTERISK = mark_safe('<span class="asteriskField">*</span>')
# Django's widget templates that are only `input.html` (and its `attrs.html`).
_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input checkbox color date datetime email file hidden number password search tel text "
        "time url"
    ).split()
}
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


class OnePassRenderer(DjangoTemplates):
    """Django's form renderer (settings.FORM_RENDERER), with `<input>`, `<textarea>` and
    `<select>` written in one pass, byte for byte as their templates write them (a select
    includes a template per option); the rest (radios, error lists, forms) through Django's
    templates as before. tests/web/test_field_html.py proves it."""

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            widget = context["widget"]
            value = widget["value"]
            return format_html(
                '<input type="{}" name="{}"{}{}>',
                widget["type"],
                widget["name"],
                format_html(' value="{}"', value) if value is not None else "",
                _attrs(widget["attrs"]),
            )
        if template_name == _TEXTAREA:
            widget = context["widget"]
            return format_html(
                '<textarea name="{}"{}>\n{}</textarea>',
                widget["name"],
                _attrs(widget["attrs"]),
                widget["value"] or "",
            )
        if template_name == _SELECT and all(
            option["template_name"] == _OPTION
            for _name, options, _index in context["widget"]["optgroups"]
            for option in options
        ):
            return _select(context["widget"])
        return super().render(template_name, context, request)


def _select(widget: dict) -> SafeString:
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                option["value"],
                _attrs(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        _attrs(widget["attrs"]),
        mark_safe("".join(parts)),
    )


def field_html(field: forms.BoundField) -> SafeString:
    """The HTML `{{ field|as_crispy_field }}` gives, with its whitespace folded."""
    widget = field.field.widget
    if (
        getattr(field.form, "helper", None) is not None
        or hasattr(widget, "widgets")
        or hasattr(widget, "widget")
        or (isinstance(widget, forms.ClearableFileInput) and widget.is_initial(field.value()))
    ):
        return as_crispy_field(field)
    if field.is_hidden:
        return mark_safe(str(field))
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox(field)
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        inner = _choices(field)
    elif isinstance(widget, forms.FileInput):
        inner = _file(field)
    else:
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        inner = _widget(field, css) + _help_text_and_errors(field)
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}</div>',
        field.auto_id,
        _extra_classes(field),
        _label(field),
        inner,
        mark_safe("</fieldset>") if field.use_fieldset and field.label else "",
    )


def _label(field) -> SafeString:
    if not field.label:
        return mark_safe("")
    tag = "legend" if field.use_fieldset else "label"
    required = field.field.required
    html = format_html(
        '<{} {}class="form-label{}{}">{}{}</{}>',
        tag,
        format_html('for="{}" ', field.id_for_label) if field.id_for_label else "",
        " requiredField" if required else "",
        " fs-6" if field.use_fieldset else "",
        field.label,
        ASTERISK if required else "",
        tag,
    )
    if field.use_fieldset:
        described = (
            format_html(' aria-describedby="{}"', field.aria_describedby)
            if field.aria_describedby
            else ""
        )
        html = format_html("<fieldset{}>{}", described, html)
    return html


def _checkbox(field) -> SafeString:
    required = field.field.required
    return format_html(
        '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
        '<label for="{}" class="form-check-label{}">{}{}</label>{}</div></div>',
        field.auto_id,
        _extra_classes(field),
        _widget(field, "form-check-input"),
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        ASTERISK if required else "",
        _help_text_and_errors(field),
    )


def _widget(field, css: str) -> SafeString:
    """The widget with the classes crispy's `{% crispy_field %}` adds to it, kept on the widget
    as crispy keeps them: its lowercased class name, then `css` (and `is-invalid`)."""
    widget = field.field.widget
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    classes = widget.attrs.get("class", "")
    if not classes:
        classes = class_name
    elif class_name not in classes:
        classes += f" {class_name}"
    for added in (css + " is-invalid" if field.errors else css).split():
        if added not in classes.split():
            classes += f" {added}"
    widget.attrs["class"] = classes
    return mark_safe(str(field))


def _choices(field) -> SafeString:
    """Radio buttons or checkboxes, as crispy's `radio_checkbox_select.html`."""
    invalid = " is-invalid" if field.errors else ""
    groups = optgroups(field)
    parts = []
    for group_index, (group, options, _index) in enumerate(groups):
        if group:
            parts.append(format_html("<strong>{}</strong>", group))
        for option_index, option in enumerate(options):
            last = group_index == len(groups) - 1 and option_index == len(options) - 1
            parts.append(
                format_html(
                    '<div class="form-check"><input type="{}" class="form-check-input{}" '
                    'name="{}" value="{}"{}><label for="{}" class="form-check-label">{}</label>'
                    "{}</div>",
                    option["type"],
                    invalid,
                    field.html_name,
                    option["value"],
                    _attrs(option["attrs"]),
                    option["attrs"].get("id", ""),
                    option["label"],
                    _errors(field) if last else "",
                )
            )
    return format_html("<div>{}</div>{}", mark_safe("".join(parts)), _help_text(field))


def _file(field) -> SafeString:
    """A file input without a file yet, as crispy's `field_file.html`."""
    invalid = field.errors
    parts = []
    for subwidget in field.subwidgets:
        data = subwidget.data
        attrs = {name: value for name, value in data["attrs"].items() if name != "class"}
        parts.append(
            format_html(
                '<div{}><input type="{}" name="{}" class="form-control{}{}"{}{}>{}</div>',
                mark_safe(' class="is-invalid"') if invalid else "",
                data["type"],
                data["name"],
                f" {data['attrs']['class']}" if data["attrs"].get("class") else "",
                " is-invalid" if invalid else "",
                mark_safe(" disabled") if field.field.disabled else "",
                _attrs(attrs),
                _help_text_and_errors(field),
            )
        )
    return mark_safe("".join(parts))


def _attrs(attrs: dict) -> SafeString:
    """As Django's `attrs.html`: True gives the bare name, False nothing."""
    return format_html_join(
        "",
        "{}{}",
        (
            (f" {name}", "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _help_text_and_errors(field) -> SafeString:
    return _errors(field) + _help_text(field)


def _errors(field) -> SafeString:
    errors = field.errors
    if not errors:
        return mark_safe("")
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        errors.field_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((number, field.auto_id, error) for number, error in enumerate(errors, 1)),
        ),
    )


def _help_text(field) -> SafeString:
    if not field.help_text:
        return mark_safe("")
    # crispy marks the help text safe: it is the form's own text, never the user's.
    return format_html(
        '<div {}class="form-text">{}</div>',
        format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else "",
        mark_safe(field.help_text),
    )


def _extra_classes(field) -> str:
    classes = field.css_classes()
    return f" {classes}" if classes else ""
