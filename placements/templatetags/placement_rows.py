"""The worker page written in one pass: its heading and sections, the placements table's rows,
the stage panel with its checklist and documents. A template's loop cost a tenth of a
millisecond a line. tests/placements/test_placement_rows.py proves the markup the same as the
loops', test_worker_page_markup.py and test_stage_panel_markup.py as the templates'."""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from placements.models import Scheme
from placements.stages import DocumentKind, Stage
from pmi_portal.people.models import Education, Sex
from pmi_portal.web.rows import (
    ShortDays,
    label,
    labels_of,
    link_for_pk,
    month_names,
    per_language,
    text,
    when,
)

register = template.Library()


@register.filter
def placement_rows(placements) -> SafeString:
    """The table's <tr>s of `placements` (with their destination and agency)."""
    row = _placement_row()
    # Every value and label is escaped by the row.
    return mark_safe("".join(row(placement) for placement in placements))


@register.filter
def placement_row_out_of_band(placement) -> SafeString:
    """`placement`'s <tr> of the table, to replace the page's out of band (htmx): a <template>
    holds it, as a <tr> outside a table would not survive the parsing of the answer."""
    return mark_safe(f"<template>{_placement_row()(placement, out_of_band=True)}</template>")


@per_language
def _placement_row() -> "_PlacementRow":
    """The row writer of the active language and URL prefix: looking up its labels, link and
    month names cost a third of a millisecond a page."""
    return _PlacementRow()


class _PlacementRow:
    """A placement's <tr>, with the labels and links of its language looked up once."""

    def __init__(self):
        self.schemes, self.stages = labels_of(Scheme.choices), labels_of(Stage.choices)
        self.receipt_of = link_for_pk("placements:receipt")
        self.receipt = text(gettext("Receipt"))
        self.days = ShortDays()

    def __call__(self, placement, *, out_of_band: bool = False) -> str:
        agency = placement.agency
        agency = f'<br><span class="small">{text(agency)}</span>' if agency else ""
        reason = placement.cancel_reason
        reason = f'<br><span class="small text-muted">{text(reason)}</span>' if reason else ""
        swap = ' hx-swap-oob="true"' if out_of_band else ""
        return (
            f'\n      <tr id="placement-{placement.pk}"{swap}>\n'
            f"        <td>{text(placement.destination)}</td>\n"
            f"        <td>{label(self.schemes, placement.scheme)}{agency}</td>\n"
            f"        <td>{text(placement.employer_name)}<br>"
            f'<span class="small text-muted">{text(placement.job_title)}</span></td>\n'
            f'        <td data-testid="placement-stage">{label(self.stages, placement.stage)}'
            f"{reason}</td>\n"
            f"        <td>{self.days(timezone.localtime(placement.created_at))}</td>\n"
            f'        <td class="d-print-none"><a href="{self.receipt_of(placement.pk)}">'
            f"{self.receipt}</a></td>\n"
            "      </tr>\n      "
        )


@register.filter
def checklist_items(checklist) -> SafeString:
    """The <li>s of the documents a stage needs to move on, each received or missing."""
    received, missing = text(gettext("received")), text(gettext("missing"))
    return mark_safe(
        "".join(
            '\n      <li><i class="bi '
            f"{'bi-check-circle-fill text-success' if item['held'] else 'bi-circle text-danger'}"
            '" aria-hidden="true"></i>\n'
            f"        {text(item['label'])}\n"
            '        <span class="visually-hidden">'
            f"{received if item['held'] else missing}</span></li>\n      "
            for item in checklist
        )
    )


@register.filter
def document_items(documents) -> SafeString:
    """The <li>s of a placement's documents, each a link to its download."""
    words = _document_words()
    kinds, download_of, days = words.kinds, words.download_of, words.days
    return mark_safe(
        "".join(
            f'<li><a href="{download_of(document.pk)}">{label(kinds, document.kind)}</a>'
            f" · {text(document.original_name)}"
            f" · {days(timezone.localtime(document.uploaded_at))}</li>"
            for document in documents
        )
    )


@per_language
def _document_words() -> "_DocumentWords":
    """The documents' labels, link and days of the active language and URL prefix: looking
    them up cost the panel 50 µs of CPU on every worker page and move."""
    return _DocumentWords()


class _DocumentWords:
    def __init__(self):
        self.kinds = labels_of(DocumentKind.choices)
        self.download_of = link_for_pk("placements:document")
        self.days = ShortDays()


@register.filter
def identity_rows(worker) -> SafeString:
    """The worker page's identity list (<dt>s and <dd>s) of `worker`, with its home regency and
    province; the page is drawn anew for every view, as each is audited."""
    words = _identity_words()
    regency = worker.home_regency
    province = regency.province if regency is not None else ""
    if worker.passport_number:
        passport = (
            f"{text(worker.passport_number)}, {words['valid until']} "
            f"{'' if worker.passport_expiry is None else words.days(worker.passport_expiry)}"
        )
    else:
        passport = "—"
    dt, dd = '\n          <dt class="col-sm-5">', '</dt><dd class="col-sm-7">'
    # Every value and label is escaped here.
    return mark_safe(
        f'{dt}NIK</dt><dd class="col-sm-7" data-testid="worker-nik">{text(worker.nik)}</dd>'
        f"{dt}{words['Sex']}{dd}{label(words.sexes, worker.sex)}</dd>"
        f"{dt}{words['Born']}{dd}{text(worker.birth_place)}, "
        f"{_day(worker.birth_date, 'j F Y')}</dd>"
        f"{dt}{words['Lives in']}{dd}{text(worker.address)}, {text(regency)}, "
        f"{text(province)}</dd>"
        f"{dt}{words['Phone']}{dd}{text(worker.phone or '—')}</dd>"
        f"{dt}{words['Education']}{dd}{label(words.educations, worker.education)}</dd>"
        f"{dt}{words['Skills']}{dd}{text(worker.skills or '—')}</dd>"
        f"{dt}{words['Next of kin']}{dd}{text(worker.next_of_kin_name)} "
        f"({text(worker.next_of_kin_relation)}), {text(worker.next_of_kin_phone)}</dd>"
        f"{dt}{words['Passport']}{dd}{passport}</dd>\n        "
    )


# The identity list's words, marked for translation where they are used.
_IDENTITY_WORDS = (
    gettext_noop("Sex"),
    gettext_noop("Born"),
    gettext_noop("Lives in"),
    gettext_noop("Phone"),
    gettext_noop("Education"),
    gettext_noop("Skills"),
    gettext_noop("Next of kin"),
    gettext_noop("Passport"),
    gettext_noop("valid until"),
)


@per_language
def _identity_words() -> "_IdentityWords":
    """The identity list's words and choices' labels of the active language."""
    return _IdentityWords()


class _Words(dict):
    """Each of `words` translated and escaped, as `{% translate %}` writes it."""

    def __init__(self, words: tuple[str, ...]):
        super().__init__((word, text(gettext(word))) for word in words)


class _IdentityWords(_Words):
    """_IDENTITY_WORDS; the sexes' and education levels' labels as get_FOO_display gives them,
    escaped; days as the date filter's "j M Y" writes them."""

    def __init__(self):
        super().__init__(_IDENTITY_WORDS)
        self.sexes, self.educations = labels_of(Sex.choices), labels_of(Education.choices)
        self.days = ShortDays()


@register.simple_tag(takes_context=True)
def worker_heading(context) -> SafeString:
    """The worker page's heading: the name, where and when the worker was registered, and the
    officer's buttons; written in one pass with `worker_sections`, as the page's template
    cost near a millisecond of CPU (tests/placements/test_worker_page_markup.py)."""
    worker, perms = context["worker"], context["perms"]
    words = _worker_words()
    # `{% blocktranslate %}` escapes its values, not its own text.
    registered = words.registered % {
        "office": _value(context["registered_at"]),
        "date": words.days(timezone.localtime(worker.created_at)),
    }
    change = (
        f'<a class="btn btn-outline-primary" href="{words.edit_of(worker.pk)}">'
        f"{words['Change data']}</a>"
        if perms["people"]["change_person"]
        else ""
    )
    new = (
        f'<a class="btn btn-primary" href="{words.new_placement_of(worker.pk)}">'
        f"{words['New placement']}</a>"
        if perms["placements"]["add_placement"] and not context["active"]
        else ""
    )
    return mark_safe(
        '<div class="d-flex justify-content-between align-items-start flex-wrap gap-2">\n'
        "  <div>\n"
        f'    <h1 class="h3 mb-0" data-testid="worker-name">{_value(worker.full_name)}</h1>\n'
        f'    <p class="text-muted">{registered}</p>\n'
        "  </div>\n"
        '  <div class="d-print-none d-flex gap-2">\n'
        f"    {change}\n"
        f"    {new}\n"
        "  </div>\n"
        "</div>"
    )


@register.simple_tag(takes_context=True)
def worker_sections(context) -> SafeString:
    """The worker page's identity, the active placement's stage panel and the placements
    table, up to the programmes (see `worker_heading`)."""
    words = _worker_words()
    active = context["active"]
    panel = (
        f'\n      <div id="stage-panel">\n{stage_panel(context)}\n</div>\n    ' if active else ""
    )
    placements = context["placements"]
    if placements:
        table = (
            "\n  <div "
            'class="table-responsive" tabindex="0" role="region" '
            'aria-labelledby="placements-heading">\n'
            '  <table class="table table-sm">\n'
            f'    <thead><tr><th scope="col">{words["Destination"]}</th>'
            f'<th scope="col">{words["Scheme"]}</th><th scope="col">{words["Employer"]}</th>'
            f'<th scope="col">{words["Stage"]}</th><th scope="col">{words["Registered"]}</th>'
            '<th scope="col"></th></tr></thead>\n'
            "    <tbody>\n"
            f"      {placement_rows(placements)}\n"
            "    </tbody>\n"
            "  </table>\n"
            "  </div>\n  "
        )
    else:
        table = f'<p class="text-muted">{words["No placement yet."]}</p>'
    return mark_safe(
        '<div class="row g-3">\n'
        '  <div class="col-lg-5">\n'
        '    <section class="card" aria-labelledby="identity-heading">\n'
        '      <div class="card-body">\n'
        f'        <h2 class="h5" id="identity-heading">{words["Identity"]}</h2>\n'
        '        <p class="small text-muted">'
        f"{words['Whole identity data: this view is recorded in the audit trail.']}</p>\n"
        f'        <dl class="row mb-0">{identity_rows(context["worker"])}</dl>\n'
        "      </div>\n"
        "    </section>\n"
        "  </div>\n"
        '  <div class="col-lg-7">\n'
        f"    {panel}\n"
        "    \n"
        '<section class="mt-3" id="placements-table" aria-labelledby="placements-heading">\n'
        f'  <h2 class="h5" id="placements-heading">{words["Placements"]}</h2>\n'
        f"  {table}\n"
        "</section>\n"
        "\n    "
    )


# The worker page's words, marked for translation where they are used.
_WORKER_WORDS = (
    gettext_noop("Change data"),
    gettext_noop("New placement"),
    gettext_noop("Identity"),
    gettext_noop("Whole identity data: this view is recorded in the audit trail."),
    gettext_noop("Placements"),
    gettext_noop("Destination"),
    gettext_noop("Scheme"),
    gettext_noop("Employer"),
    gettext_noop("Stage"),
    gettext_noop("Registered"),
    gettext_noop("No placement yet."),
)


@per_language
def _worker_words() -> "_WorkerWords":
    """The worker page's words and links of the active language and URL prefix."""
    return _WorkerWords()


class _WorkerWords(_Words):
    """_WORKER_WORDS, the registration's sentence, days and the page's links."""

    def __init__(self):
        super().__init__(_WORKER_WORDS)
        self.registered = gettext("Registered at %(office)s on %(date)s")
        self.days = ShortDays()
        self.edit_of = link_for_pk("placements:worker_edit")
        self.new_placement_of = link_for_pk("placements:placement_new")


def _day(day, format: str) -> str:
    """A date as the date filter writes it: nothing for none."""
    return "" if day is None else text(dateformat.format(day, format))


@register.simple_tag(takes_context=True)
def stage_panel(context) -> SafeString:
    """The stage panel of `placement` (views._stage_panel_context gives the rest), written in one
    pass: its template cost 0.4 ms of CPU, on the worker page and after every move. The markup is
    the template's, byte for byte (tests/placements/test_stage_panel_markup.py)."""
    placement = context["placement"]
    request = context["request"]
    words = _panel_words()
    # As the date filter's "j M Y H:i T" writes it, without parsing the format (20 µs a panel).
    changed_at = timezone.localtime(placement.stage_changed_at)
    since = f"{when(changed_at, words.months)} {dateformat.DateFormat(changed_at).T()}"
    out = [
        '<section class="card" aria-labelledby="stage-heading" data-testid="stage-panel">\n'
        '  <div class="card-body">\n'
        f'    <h2 class="h5" id="stage-heading">{words["Current stage"]}: '
        f'<span data-testid="current-stage">{label(words.stages, placement.stage)}</span></h2>\n'
        f'    <p class="small text-muted">{words.since % {"since": _value(since)}}'
        f" · {_value(placement.destination)} · {_value(placement.employer_name)}</p>\n    "
    ]
    if getattr(request, "htmx", False):
        for message in context.get("messages") or ():
            tags = "danger" if message.tags == "error" else _value(message.tags)
            out.append(
                f'<div class="alert alert-{tags} py-2" role="status">{_value(message)}</div>'
            )
    out.append("\n    ")
    move_form = context.get("move_form")
    if move_form and move_form.non_field_errors():
        out.append(
            '<div class="alert alert-danger py-2" role="alert">'
            f"{_value(move_form.non_field_errors())}</div>"
        )
    out.append("\n    ")
    checklist = context.get("checklist")
    if checklist:
        out.append(
            f'\n    <h3 class="h6">{words["Documents needed to move on"]}</h3>\n'
            '    <ul class="list-unstyled">\n'
            f"      {checklist_items(checklist)}\n"
            "    </ul>\n    "
        )
    out.append("\n    ")
    if context["perms"]["placements"]["change_placement"]:
        out.append(_stage_forms(context, placement, words))
    out.append("\n    ")
    documents = context.get("documents")
    if documents:
        out.append(
            f'\n    <h3 class="h6 mt-3">{words["Documents"]}</h3>\n'
            '    <ul class="small">\n'
            f"      {document_items(documents)}\n"
            "    </ul>\n    "
        )
    history = words.history_of(placement.pk)
    # Read when opened (placement_history): without htmx, the link shows them on a page.
    out.append(
        f'\n    <details class="mt-2" hx-get="{history}" hx-trigger="toggle once"'
        ' hx-target="find ol">\n'
        f"      <summary>{words['History']}</summary>\n"
        f'      <ol class="small mt-2"><li><a href="{history}">{words["Show the moves"]}</a>'
        "</li></ol>\n"
        "    </details>\n"
        "  </div>\n"
        "</section>"
    )
    return mark_safe("".join(out))


def stage_moved(context) -> SafeString:
    """A move's or an upload's htmx answer: the stage panel, then the placement's row of the
    table out of band, as their template wrote them (test_stage_panel_markup.py)."""
    return mark_safe(
        f"\n{stage_panel(context)}\n\n{placement_row_out_of_band(context['placement'])}\n"
    )


def _stage_forms(context, placement, words: "_PanelWords") -> str:
    """The panel's forms: upload a document, move on, go back or cancel."""
    upload_url, move_url = words.upload_of(placement.pk), words.move_of(placement.pk)
    csrf = _csrf_input(context)
    version = _value(placement.version)
    upload_fields = context["upload_fields"]
    out = [
        f'\n    <form method="post" enctype="multipart/form-data" action="{upload_url}"\n'
        f'          hx-post="{upload_url}" hx-encoding="multipart/form-data"\n'
        '          hx-target="#stage-panel" class="row g-2 align-items-end d-print-none mb-3">\n'
        f"      {csrf}\n"
        f'      <div class="col-md-5">{_value(upload_fields[0])}</div>\n'
        f'      <div class="col-md-5">{_value(upload_fields[1])}</div>\n'
        '      <div class="col-md-2 mb-3"><button type="submit" class="btn btn-outline-secondary '
        f'w-100">{words["Upload"]}</button></div>\n'
        "    </form>\n    "
    ]
    forward = context.get("forward")
    if forward:
        move_on = f"{words['Move on to']}: {_value(forward['label'])}"
        if forward["problems"]:
            problems = "<br>".join(_value(problem) for problem in forward["problems"])
            button = (
                '\n        <button type="submit" class="btn btn-secondary" '
                'data-testid="move-forward" disabled aria-describedby="forward-problems">'
                f"{move_on}</button>\n"
                '        <span id="forward-problems" class="small text-danger" '
                f'data-testid="forward-problems">{problems}</span>\n        '
            )
        else:
            button = (
                '\n        <button type="submit" class="btn btn-success" '
                f'data-testid="move-forward">{move_on}</button>\n        '
            )
        out.append(
            f'\n    <form method="post" action="{move_url}" hx-post="{move_url}" '
            'hx-target="#stage-panel" class="d-print-none mb-3">\n'
            f"      {csrf}\n"
            f'      <input type="hidden" name="to_stage" value="{_value(forward["stage"])}">\n'
            f'      <input type="hidden" name="version" value="{version}">\n'
            '      <div class="d-flex flex-wrap align-items-center gap-2">\n'
            f"        {button}\n"
            "      </div>\n"
            "    </form>\n    "
        )
    out.append("\n    ")
    back, cancel = context.get("back"), context.get("cancel")
    if back or cancel:
        out.append(
            _back_or_cancel(back, cancel, words, move_url=move_url, csrf=csrf, version=version)
        )
    out.append("\n    ")
    return "".join(out)


def _back_or_cancel(
    back, cancel, words: "_PanelWords", *, move_url: str, csrf: str, version: str
) -> str:
    out = [
        '\n    <details class="d-print-none mb-2">\n'
        f"      <summary>{words['Go back a stage or cancel']}</summary>\n      "
    ]
    if back:
        options = "".join(
            f'<option value="{_value(move["stage"])}">{_value(move["label"])}</option>'
            for move in back
        )
        out.append(
            f'\n      <form method="post" action="{move_url}" hx-post="{move_url}" '
            'hx-target="#stage-panel" class="row g-2 align-items-end mt-1">\n'
            f"        {csrf}\n"
            f'        <input type="hidden" name="version" value="{version}">\n'
            '        <div class="col-md-4">\n'
            '          <label class="form-label" for="back-stage">'
            f"{words['Back to']}</label>\n"
            '          <select id="back-stage" name="to_stage" class="form-select '
            'form-select-sm">\n'
            f"            {options}\n"
            "          </select>\n"
            "        </div>\n"
            '        <div class="col-md-6">\n'
            '          <label class="form-label" for="back-reason">'
            f"{words['Reason']}</label>\n"
            '          <input id="back-reason" type="text" name="reason" class="form-control '
            'form-control-sm" maxlength="300" required>\n'
            "        </div>\n"
            '        <div class="col-md-2"><button type="submit" class="btn btn-sm '
            f'btn-outline-secondary w-100">{words["Go back"]}</button></div>\n'
            "      </form>\n      "
        )
    out.append("\n      ")
    if cancel:
        out.append(
            f'\n      <form method="post" action="{move_url}" hx-post="{move_url}" '
            'hx-target="#stage-panel" class="row g-2 align-items-end mt-2">\n'
            f"        {csrf}\n"
            f'        <input type="hidden" name="to_stage" value="{_value(cancel["stage"])}">\n'
            f'        <input type="hidden" name="version" value="{version}">\n'
            '        <div class="col-md-10">\n'
            '          <label class="form-label" for="cancel-reason">'
            f"{words['Reason for cancelling']}</label>\n"
            '          <input id="cancel-reason" type="text" name="reason" class="form-control '
            'form-control-sm" maxlength="300" required>\n'
            "        </div>\n"
            '        <div class="col-md-2"><button type="submit" class="btn btn-sm '
            f'btn-outline-danger w-100">{words["Cancel placement"]}</button></div>\n'
            "      </form>\n      "
        )
    out.append("\n    </details>\n    ")
    return "".join(out)


def _csrf_input(context) -> str:
    """What `{% csrf_token %}` writes."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker, not a secret
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_value(token)}">'


def _value(value) -> str:
    """`value` as `{{ value }}` writes it: escaped, unless already safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


# The panel's words, marked for translation where they are used.
_PANEL_WORDS = (
    gettext_noop("Current stage"),
    gettext_noop("Documents needed to move on"),
    gettext_noop("Documents"),
    gettext_noop("History"),
    gettext_noop("Show the moves"),
    gettext_noop("Upload"),
    gettext_noop("Move on to"),
    gettext_noop("Go back a stage or cancel"),
    gettext_noop("Back to"),
    gettext_noop("Reason"),
    gettext_noop("Go back"),
    gettext_noop("Reason for cancelling"),
    gettext_noop("Cancel placement"),
)


@per_language
def _panel_words() -> "_PanelWords":
    """The panel's words and links of the active language and URL prefix."""
    return _PanelWords()


class _PanelWords(_Words):
    """_PANEL_WORDS, the panel's sentence, stages' labels and links."""

    def __init__(self):
        super().__init__(_PANEL_WORDS)
        # `{% blocktranslate %}` leaves its own text unescaped.
        self.since = gettext("Since %(since)s")
        self.stages = labels_of(Stage.choices)
        self.months = month_names()
        self.upload_of = link_for_pk("placements:document_upload")
        self.move_of = link_for_pk("placements:move")
        self.history_of = link_for_pk("placements:history")
