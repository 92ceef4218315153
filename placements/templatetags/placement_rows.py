"""The worker page's loops written in one pass: the placements table's rows, the stage panel's
checklist and its documents. A template's loop cost a tenth of a millisecond a line.
tests/placements/test_placement_rows.py proves the markup the same as the loops'."""

import functools

from django import template
from django.urls import get_script_prefix
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from placements.models import Scheme
from placements.stages import DocumentKind, Stage
from pmi_portal.web.rows import ShortDays, label, labels_of, link_for_pk, text

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


def _placement_row() -> "_PlacementRow":
    """The row writer of the active language and URL prefix: its labels, link and month names
    hold nothing of the database, and looking them up cost a third of a millisecond a page."""
    return _row_writer(get_language(), get_script_prefix())


@functools.lru_cache(maxsize=16)
def _row_writer(language: str, script_prefix: str) -> "_PlacementRow":
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
    kinds = labels_of(DocumentKind.choices)
    download_of = link_for_pk("placements:document")
    days = ShortDays()
    return mark_safe(
        "".join(
            f'<li><a href="{download_of(document.pk)}">{label(kinds, document.kind)}</a>'
            f" · {text(document.original_name)}"
            f" · {days(timezone.localtime(document.uploaded_at))}</li>"
            for document in documents
        )
    )


@register.filter
def identity_rows(worker) -> SafeString:
    """The worker page's identity list (<dt>s and <dd>s) of `worker`, with its home regency and
    province; the page is drawn anew for every view, as each is audited."""
    regency = worker.home_regency
    province = regency.province if regency is not None else ""
    if worker.passport_number:
        passport = (
            f"{text(worker.passport_number)}, {text(gettext('valid until'))} "
            f"{_day(worker.passport_expiry, 'j M Y')}"
        )
    else:
        passport = "—"
    dt, dd = '\n          <dt class="col-sm-5">', '</dt><dd class="col-sm-7">'
    # Every value and label is escaped here.
    return mark_safe(
        f'{dt}NIK</dt><dd class="col-sm-7" data-testid="worker-nik">{text(worker.nik)}</dd>'
        f"{dt}{text(gettext('Sex'))}{dd}{text(worker.get_sex_display())}</dd>"
        f"{dt}{text(gettext('Born'))}{dd}{text(worker.birth_place)}, "
        f"{_day(worker.birth_date, 'j F Y')}</dd>"
        f"{dt}{text(gettext('Lives in'))}{dd}{text(worker.address)}, {text(regency)}, "
        f"{text(province)}</dd>"
        f"{dt}{text(gettext('Phone'))}{dd}{text(worker.phone or '—')}</dd>"
        f"{dt}{text(gettext('Education'))}{dd}{text(worker.get_education_display())}</dd>"
        f"{dt}{text(gettext('Skills'))}{dd}{text(worker.skills or '—')}</dd>"
        f"{dt}{text(gettext('Next of kin'))}{dd}{text(worker.next_of_kin_name)} "
        f"({text(worker.next_of_kin_relation)}), {text(worker.next_of_kin_phone)}</dd>"
        f"{dt}{text(gettext('Passport'))}{dd}{passport}</dd>\n        "
    )


def _day(day, format: str) -> str:
    """A date as the date filter writes it: nothing for none."""
    return "" if day is None else text(dateformat.format(day, format))
