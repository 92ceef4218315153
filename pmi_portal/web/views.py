import sys
from collections.abc import Callable

import redis
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import timesince_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import requires_csrf_token
from kombu.exceptions import OperationalError as BrokerError

from placements.models import Placement
from placements.selectors import counter_queue
from placements.stages import Stage
from pmi_portal.access import two_factor
from pmi_portal.access.scoping import scope_key, scope_of
from pmi_portal.dashboards.forms import places_in_scope
from pmi_portal.dashboards.selectors import home_figures
from pmi_portal.web.kept_sql import kept_rows
from pmi_portal.web.rows import label, labels_of, link_for_pk, per_language, text

SERVICE_DOWN_ERRORS = (DatabaseError, redis.ConnectionError, redis.TimeoutError, BrokerError)


@login_required
def home(request):
    scope = scope_of(request.user)
    provinces = [] if scope.national else [name for _code, name in places_in_scope(request.user)[0]]
    may_use_two_factor = two_factor.may_use_two_factor(request.user)
    figures = home_figures(request.user)
    context = {
        "scope": scope,
        "scope_provinces": provinces,
        "may_use_two_factor": may_use_two_factor,
        "has_two_factor": may_use_two_factor and two_factor.has_two_factor(request.user),
        "home_figures": figures,
        "figure_sections": figure_sections(figures.sections) if figures else "",
        "queue_rows": queue_rows(request.user)
        if request.user.has_perm("placements.add_placement")
        else None,
    }
    return render(request, "web/home.html", context)


QUEUE_LENGTH = 10


@per_language
def _queue_words() -> tuple[dict[str, str], Callable[[object], str]]:
    """The stages' labels and the worker page's link of the queue."""
    return labels_of(Stage.choices), link_for_pk("placements:worker")


def queue_rows(user) -> SafeString:
    """The home page's queue (`counter_queue`'s first ten), its <li>s as the template's loop
    wrote them, in one pass: the loop's url tag, stage label and timesince cost more than the
    rest of the page. Only the shown columns are read (the country's name in the active
    language, as its str() gives it), no model built, by SQL kept per scope and language.
    tests/web/test_home_queue.py proves the markup the same."""
    stages, worker = _queue_words()
    language = get_language()
    country_name = "destination__name_en" if language == "en" else "destination__name_id"
    shown = kept_rows(
        ("home.queue", scope_key(user, Placement), language),
        lambda: counter_queue(user, limit=QUEUE_LENGTH).values_list(
            "worker_id", "worker__full_name", "stage", country_name, "stage_changed_at"
        ),
    )
    rows = [
        '\n          <li class="list-group-item px-0 d-flex justify-content-between flex-wrap">'
        f'\n            <a href="{worker(worker_id)}">{text(full_name)}</a>'
        f'\n            <span class="text-muted small">{label(stages, stage)} · '
        f"{text(country)} · {text(timesince_filter(changed_at))}"
        "</span>\n          </li>\n          "
        for worker_id, full_name, stage, country, changed_at in shown
    ]
    if not rows:
        rows.append(
            '\n          <li class="list-group-item px-0 text-muted">'
            f"{text(gettext('Nothing is waiting.'))}</li>\n          "
        )
    # Every value and label is escaped above.
    return mark_safe("".join(rows))


def figure_sections(sections: list) -> SafeString:
    """The figures card's sections (title, [Figure]) as the template's loops wrote them, in one
    pass. tests/web/test_home_figures.py proves the markup the same."""
    written = []
    for title, figures in sections:
        items = "".join(
            f'<dt class="col-8 fw-normal">{text(figure.label)}</dt>'
            '<dd class="col-4 text-end mb-0 fw-semibold" '
            f'data-testid="home-figure-{text(figure.key)}">{text(intcomma(figure.value))}</dd>'
            for figure in figures
        )
        written.append(
            f'\n        <h3 class="h6 mt-2 mb-1">{text(title)}</h3>'
            f'\n        <dl class="row mb-0 small">\n          {items}\n        </dl>\n        '
        )
    # Every title, label and figure is escaped above.
    return mark_safe("".join(written))


@requires_csrf_token
def server_error(request):
    """The 500 handler: a service that is down gets 503 and a page that says so, never a trace."""
    exc = sys.exc_info()[1]
    if isinstance(exc, SERVICE_DOWN_ERRORS):
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
    return HttpResponseServerError(loader.get_template("500.html").render())
