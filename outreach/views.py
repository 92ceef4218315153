"""The offices' outreach pages: the list, record an activity, an activity with its files."""

import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach import selectors, services
from outreach.forms import (
    ActivityEditForm,
    ActivityForm,
    DocumentForm,
    ParticipantForm,
    ProgrammeForm,
)
from outreach.models import Activity, ActivityDocument, Kind, Programme
from pmi_portal.access.scoping import get_in_scope_or_404
from pmi_portal.documents.responses import document_viewed, private_file_response
from pmi_portal.web.forms import call_service, flash_errors

PAGE_SIZE = 50


def _page_number(asked: str | None) -> int | None:
    """The page asked for as Paginator.get_page reads it (1 when none or not a number); None
    below 1 or past any offset the database takes, which it answers with the last page."""
    try:
        number = int(asked)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= sys.maxsize // PAGE_SIZE else None


@login_required
@permission_required("outreach.view_activity", raise_exception=True)
def activity_list(request):
    kind = request.GET.get("kind", "")
    regency = request.GET.get("regency", "")
    number = _page_number(request.GET.get("page"))
    rows, totals = (
        selectors.activities_page(
            request.user, kind=kind, regency=regency, number=number, size=PAGE_SIZE
        )
        if number
        else ([], None)
    )
    if totals is None:  # a page past the last, or below the first: the paginator's answer
        activities = selectors.activities_for(request.user, kind=kind, regency=regency)
        paginator = Paginator(selectors.activities_listed(activities), PAGE_SIZE)
        totals = selectors.activity_totals(activities)
        paginator.count = totals["activities"]
        page = paginator.get_page(request.GET.get("page"))
    else:
        # The page and the totals in one query: no COUNT of its own.
        paginator = Paginator(rows, PAGE_SIZE)
        paginator.count = totals["activities"]
        page = Page(rows, number, paginator)
    context = {
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "activities": list(page.object_list),
        "kind": kind if kind in Kind.values else "",
        "regency": regency,
        "totals": totals,
    }
    return render(request, "outreach/activity_list.html", context)


@login_required
@permission_required("outreach.add_activity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_new(request):
    form = ActivityForm(request.POST or None, office=request.user.office)
    if request.method == "POST" and form.is_valid():
        activity = call_service(
            form, services.activity_record, actor=request.user, fields=form.activity_fields()
        )
        if activity is not None:
            messages.success(request, _("The outreach activity is recorded."))
            return redirect("outreach:detail", pk=activity.pk)
    return render(request, "outreach/activity_form.html", {"form": form})


@login_required
@permission_required("outreach.view_activity", raise_exception=True)
def activity_detail(request, pk: int):
    activity = get_in_scope_or_404(
        Activity.objects.select_related("regency", "office", "recorded_by"), request.user, pk=pk
    )
    context = {
        "activity": activity,
        "documents": activity.documents.all(),
        "document_form": DocumentForm(),
    }
    return render(request, "outreach/activity_detail.html", context)


@login_required
@permission_required("outreach.change_activity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = get_in_scope_or_404(Activity.objects.all(), request.user, "change", pk=pk)
    form = ActivityEditForm(request.POST or None, instance=activity, office=activity.office)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.activity_update,
            actor=request.user,
            activity=activity,
            fields=form.activity_fields(),
            expected_version=form.cleaned_data["version"],
        )
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("outreach:detail", pk=activity.pk)
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity})


@login_required
@permission_required("outreach.add_activitydocument", raise_exception=True)
@require_POST
def document_add(request, pk: int):
    activity = get_in_scope_or_404(Activity.objects.all(), request.user, "change", pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    done = form.is_valid() and call_service(
        form,
        services.activity_document_add,
        actor=request.user,
        activity=activity,
        kind=form.cleaned_data["kind"],
        uploaded=form.cleaned_data["file"],
    )
    if done:
        messages.success(request, _("The document is added."))
    else:
        flash_errors(request, form)
    return redirect("outreach:detail", pk=activity.pk)


@login_required
@permission_required("outreach.view_activitydocument", raise_exception=True)
def document_download(request, pk: int):
    """Photos and attendance lists are served only through this view, to the scope, audited."""
    document = get_in_scope_or_404(
        ActivityDocument.objects.select_related("activity"), request.user, pk=pk
    )
    document_viewed(actor=request.user, document=document, regency_id=document.activity.regency_id)
    return private_file_response(document)


@login_required
@permission_required("outreach.view_programme", raise_exception=True)
def programme_list(request):
    programmes = selectors.programmes_for(request.user)
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "programmes": page.object_list,
    }
    return render(request, "outreach/programme_list.html", context)


@login_required
@permission_required("outreach.add_programme", raise_exception=True)
@require_http_methods(["GET", "POST"])
def programme_new(request):
    form = ProgrammeForm(request.POST or None, office=request.user.office)
    if request.method == "POST" and form.is_valid():
        programme = call_service(
            form, services.programme_record, actor=request.user, fields=form.programme_fields()
        )
        if programme is not None:
            messages.success(request, _("The programme is recorded."))
            return redirect("outreach:programme", pk=programme.pk)
    return render(request, "outreach/programme_form.html", {"form": form})


@login_required
@permission_required("outreach.view_programme", raise_exception=True)
def programme_detail(request, pk: int):
    programme = get_in_scope_or_404(
        Programme.objects.select_related("regency", "office"), request.user, pk=pk
    )
    context = {
        "programme": programme,
        "participants": selectors.participants_of(programme, request.user),
        "participant_form": ParticipantForm(),
    }
    return render(request, "outreach/programme_detail.html", context)


@login_required
@permission_required("outreach.add_participant", raise_exception=True)
@require_POST
def participant_add(request, pk: int):
    programme = get_in_scope_or_404(Programme.objects.all(), request.user, "change", pk=pk)
    form = ParticipantForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.participant_add,
        actor=request.user,
        programme=programme,
        nik=form.cleaned_data["nik"],
        relation=form.cleaned_data["relation"],
    ):
        messages.success(request, _("The participant is added."))
    else:
        flash_errors(request, form)
    return redirect("outreach:programme", pk=programme.pk)
