"""The stage panel written in one pass (placement_rows.stage_panel) gives the markup its
template gave, byte for byte, in every state the panel has: each stage, documents held or not,
a forward move refused with its reasons, a refused move's errors, htmx messages, an officer who
may not move it, hostile text, each language and time zone."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from placements.forms import StageMoveForm
from placements.models import Placement, PlacementDocument
from placements.stages import DocumentKind, Stage
from placements.views import _stage_panel, _stage_panel_context
from pmi_portal.access.roles import Role
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "<script>&\"'"

# The panel's template before it was written in Python, less its {% load %} line.
_PANEL = engines["django"].from_string(
    "{% load i18n placement_rows %}\n"
    + """<section class="card" aria-labelledby="stage-heading" data-testid="stage-panel">
  <div class="card-body">
    <h2 class="h5" id="stage-heading">{% translate "Current stage" %}: <span data-testid="current-stage">{{ placement.get_stage_display }}</span></h2>
    <p class="small text-muted">{% blocktranslate with since=placement.stage_changed_at|date:"j M Y H:i T" %}Since {{ since }}{% endblocktranslate %} · {{ placement.destination }} · {{ placement.employer_name }}</p>
    {% if request.htmx %}{% for message in messages %}<div class="alert alert-{% if message.tags == "error" %}danger{% else %}{{ message.tags }}{% endif %} py-2" role="status">{{ message }}</div>{% endfor %}{% endif %}
    {% if move_form and move_form.non_field_errors %}<div class="alert alert-danger py-2" role="alert">{{ move_form.non_field_errors }}</div>{% endif %}
    {% if checklist %}
    <h3 class="h6">{% translate "Documents needed to move on" %}</h3>
    <ul class="list-unstyled">
      {{ checklist|checklist_items }}
    </ul>
    {% endif %}
    {% if perms.placements.change_placement %}{% url 'placements:document_upload' placement.pk as upload_url %}{% url 'placements:move' placement.pk as move_url %}
    <form method="post" enctype="multipart/form-data" action="{{ upload_url }}"
          hx-post="{{ upload_url }}" hx-encoding="multipart/form-data"
          hx-target="#stage-panel" class="row g-2 align-items-end d-print-none mb-3">
      {% csrf_token %}
      <div class="col-md-5">{{ upload_fields.0 }}</div>
      <div class="col-md-5">{{ upload_fields.1 }}</div>
      <div class="col-md-2 mb-3"><button type="submit" class="btn btn-outline-secondary w-100">{% translate "Upload" %}</button></div>
    </form>
    {% if forward %}
    <form method="post" action="{{ move_url }}" hx-post="{{ move_url }}" hx-target="#stage-panel" class="d-print-none mb-3">
      {% csrf_token %}
      <input type="hidden" name="to_stage" value="{{ forward.stage }}">
      <input type="hidden" name="version" value="{{ placement.version }}">
      <div class="d-flex flex-wrap align-items-center gap-2">
        {% if forward.problems %}
        <button type="submit" class="btn btn-secondary" data-testid="move-forward" disabled aria-describedby="forward-problems">{% translate "Move on to" %}: {{ forward.label }}</button>
        <span id="forward-problems" class="small text-danger" data-testid="forward-problems">{% for problem in forward.problems %}{{ problem }}{% if not forloop.last %}<br>{% endif %}{% endfor %}</span>
        {% else %}
        <button type="submit" class="btn btn-success" data-testid="move-forward">{% translate "Move on to" %}: {{ forward.label }}</button>
        {% endif %}
      </div>
    </form>
    {% endif %}
    {% if back or cancel %}
    <details class="d-print-none mb-2">
      <summary>{% translate "Go back a stage or cancel" %}</summary>
      {% if back %}
      <form method="post" action="{{ move_url }}" hx-post="{{ move_url }}" hx-target="#stage-panel" class="row g-2 align-items-end mt-1">
        {% csrf_token %}
        <input type="hidden" name="version" value="{{ placement.version }}">
        <div class="col-md-4">
          <label class="form-label" for="back-stage">{% translate "Back to" %}</label>
          <select id="back-stage" name="to_stage" class="form-select form-select-sm">
            {% for move in back %}<option value="{{ move.stage }}">{{ move.label }}</option>{% endfor %}
          </select>
        </div>
        <div class="col-md-6">
          <label class="form-label" for="back-reason">{% translate "Reason" %}</label>
          <input id="back-reason" type="text" name="reason" class="form-control form-control-sm" maxlength="300" required>
        </div>
        <div class="col-md-2"><button type="submit" class="btn btn-sm btn-outline-secondary w-100">{% translate "Go back" %}</button></div>
      </form>
      {% endif %}
      {% if cancel %}
      <form method="post" action="{{ move_url }}" hx-post="{{ move_url }}" hx-target="#stage-panel" class="row g-2 align-items-end mt-2">
        {% csrf_token %}
        <input type="hidden" name="to_stage" value="{{ cancel.stage }}">
        <input type="hidden" name="version" value="{{ placement.version }}">
        <div class="col-md-10">
          <label class="form-label" for="cancel-reason">{% translate "Reason for cancelling" %}</label>
          <input id="cancel-reason" type="text" name="reason" class="form-control form-control-sm" maxlength="300" required>
        </div>
        <div class="col-md-2"><button type="submit" class="btn btn-sm btn-outline-danger w-100">{% translate "Cancel placement" %}</button></div>
      </form>
      {% endif %}
    </details>
    {% endif %}
    {% endif %}
    {% if documents %}
    <h3 class="h6 mt-3">{% translate "Documents" %}</h3>
    <ul class="small">
      {{ documents|document_items }}
    </ul>
    {% endif %}
    {% url 'placements:history' placement.pk as history_url %}<details class="mt-2" hx-get="{{ history_url }}" hx-trigger="toggle once" hx-target="find ol">
      <summary>{% translate "History" %}</summary>
      <ol class="small mt-2"><li><a href="{{ history_url }}">{% translate "Show the moves" %}</a></li></ol>
    </details>
  </div>
</section>
"""  # noqa: E501
)
_WRITTEN = engines["django"].from_string("{% load placement_rows %}\n{% stage_panel %}\n")


def _request(user, *, htmx: bool):
    request = RequestFactory().post("/") if htmx else RequestFactory().get("/")
    request.user = user
    request.htmx = htmx
    request.session = {}
    request._messages = FallbackStorage(request)
    if htmx:
        request._messages.add(constants.SUCCESS, f"Pindah {HOSTILE}")
        request._messages.add(constants.ERROR, "Gagal")
    return request


def _both(placement, user, *, htmx=False, move_form=None) -> tuple[str, str]:
    drawn = []
    for template in (_PANEL, _WRITTEN):
        context = _stage_panel_context(placement, move_form=move_form)
        context["csrf_token"] = f"token{HOSTILE}"
        request = _request(user, htmx=htmx)
        drawn.append(template.render(context, request))
        if htmx:
            assert request._messages.used  # the panel told them: not shown again
    return drawn[0], drawn[1]


def _document(placement, kind: str, uploaded_by) -> PlacementDocument:
    return PlacementDocument.objects.create(
        placement=placement,
        kind=kind,
        file="private/x.pdf",
        original_name=f"scan {HOSTILE}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=uploaded_by,
    )


def _placement(stage: str, **fields):
    worker = PersonFactory(passport_number="", passport_expiry=None)
    placement = PlacementFactory(
        worker=worker,
        stage=stage,
        agency=AgencyFactory(name=f"PT {HOSTILE}"),
        employer_name=f"Majikan {HOSTILE}",
        **fields,
    )
    placement.stage_changed_at = timezone.now() - datetime.timedelta(days=3, minutes=7)
    return placement


STAGES = list(Stage.values)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_stage_is_written_as_the_template_wrote_it(stage, language, counter):
    placement = _placement(stage)
    with translation.override(language):
        written, kept = _both(placement, counter)
    assert written == kept
    assert "Majikan &lt;script&gt;" in written


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura", "UTC", "Europe/Amsterdam"])
def test_documents_held_and_an_htmx_answer_with_messages_are_written_alike(zone, counter):
    placement = _placement("medical_check")
    for kind in (DocumentKind.KTP, DocumentKind.MEDICAL_CERTIFICATE):
        _document(placement, kind, counter)
    with timezone.override(zone):
        written, kept = _both(placement, counter, htmx=True)
    assert written == kept
    assert "Pindah &lt;script&gt;" in written
    assert 'class="btn btn-success" data-testid="move-forward"' in written


def test_a_refused_moves_errors_are_written_alike(counter):
    placement = _placement("registered")
    form = StageMoveForm({"to_stage": "selection", "version": "1"})
    assert form.is_valid()
    form.add_error(None, ValidationError(f"Ditolak {HOSTILE}"))
    written, kept = _both(placement, counter, move_form=form)
    assert written == kept
    assert "Ditolak &lt;script&gt;" in written


def test_an_officer_who_may_not_move_it_sees_the_same_panel_without_forms():
    placement = _placement("selection")
    analyst = UserFactory(username="analis", role=Role.NATIONAL_ANALYST)
    written, kept = _both(placement, analyst)
    assert written == kept
    assert "<form" not in written
    assert _both(placement, AnonymousUser())[0] == _both(placement, AnonymousUser())[1]


# The answer to a move or an upload as its template wrote it, through render() and every
# context processor, before it was written by the view.
_MOVED = engines["django"].from_string(
    "{% load placement_rows %}\n{% stage_panel %}\n\n{{ placement|placement_row_out_of_band }}\n"
)
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_moves_answer_is_the_panel_and_the_row_as_the_template_wrote_them(language, counter):
    placement = _placement("selection")
    _document(placement, DocumentKind.KTP, counter)
    placement = Placement.objects.select_related("agency", "worker", "destination").get(
        pk=placement.pk
    )
    with translation.override(language):
        written_request, drawn_request = _request(counter, htmx=True), _request(counter, htmx=True)
        written = _stage_panel(written_request, placement).content.decode()
        drawn = _MOVED.render(_stage_panel_context(placement), drawn_request)

    assert _CSRF.sub("csrf", written) == _CSRF.sub("csrf", drawn)
    assert f'<tr id="placement-{placement.pk}" hx-swap-oob="true">' in written
    assert f"Pindah {HOSTILE}" not in written and "Pindah &lt;script&gt;" in written
    assert written_request._messages.used  # the panel told them: not shown again
