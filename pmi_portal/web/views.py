import sys

import redis
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from kombu.exceptions import OperationalError as BrokerError

from placements.selectors import counter_queue
from pmi_portal.access import two_factor
from pmi_portal.access.scoping import scope_of
from pmi_portal.dashboards.forms import places_in_scope
from pmi_portal.dashboards.selectors import home_figures

SERVICE_DOWN_ERRORS = (DatabaseError, redis.ConnectionError, redis.TimeoutError, BrokerError)


@login_required
def home(request):
    scope = scope_of(request.user)
    provinces = [] if scope.national else [name for _code, name in places_in_scope(request.user)[0]]
    may_use_two_factor = two_factor.may_use_two_factor(request.user)
    context = {
        "scope": scope,
        "scope_provinces": provinces,
        "may_use_two_factor": may_use_two_factor,
        "has_two_factor": may_use_two_factor and two_factor.has_two_factor(request.user),
        "home_figures": home_figures(request.user),
        "queue": counter_queue(request.user, limit=10)
        if request.user.has_perm("placements.add_placement")
        else None,
    }
    return render(request, "web/home.html", context)


@requires_csrf_token
def server_error(request):
    """The 500 handler: a service that is down gets 503 and a page that says so, never a trace."""
    exc = sys.exc_info()[1]
    if isinstance(exc, SERVICE_DOWN_ERRORS):
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
    return HttpResponseServerError(loader.get_template("500.html").render())
