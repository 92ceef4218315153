"""The bare page of `make bench`: what the stack costs before the portal's own work."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from pmi_portal.offices.models import Office


@require_safe
def bare(request, pk: int):
    """One primary-key query and a tiny template, the floor every page figure is compared to.

    It reads the table directly and renders without the request: a selector, the session or
    the context processors are the portal's own work, which the page scenarios measure.
    """
    office = get_object_or_404(Office, pk=pk)
    return HttpResponse(render_to_string("bench/bare.html", {"office": office}))
