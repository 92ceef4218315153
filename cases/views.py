"""The case handler's pages: the list of cases, a case with its timeline and a form for each
act, the staff intake; and the buttons that open a case from an arrival or an interception."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import selectors, services
from cases.forms import (
    AssignForm,
    CaseForm,
    DocumentForm,
    LegalStepForm,
    NoteForm,
    PartyForm,
    ReferralAnswerForm,
    ReferralForm,
    TransferForm,
    TransitionForm,
    act_forms_html,
    transition_form_html,
)
from cases.models import Case, CaseDocument, CaseType, PartyRole, Referral, State
from cases.states import MACHINE
from pmi_portal.access.scoping import (
    NotFoundOrNotYours,
    audit_if_out_of_scope,
    get_in_scope_or_404,
)
from pmi_portal.dashboards.exports import RECORDS_CAP, records_response
from pmi_portal.dashboards.forms import records_filter_form
from pmi_portal.documents.responses import document_viewed, private_file_response
from pmi_portal.web.forms import apply_errors, call_service, flash_errors
from returns.models import Arrival, Interception

_VIEW = "cases.view_case"
CASES_PER_PAGE = 50
# A long timeline shows its newest entries; the earlier ones on request.
TIMELINE_SHOWN = 50
_CHANGE = "cases.change_case"


def _list_filters(request):
    """The cases list's view, type, state and dashboard filters (from a figure's link): the
    view, type and state as known values, the filter form (None without such filters) and
    whether its filters are refused."""
    view = request.GET.get("view")
    if view not in selectors.VIEWS:
        view = "mine" if request.user.has_perm(_CHANGE) else "office"
    case_type = request.GET.get("type", "")
    state = request.GET.get("state", "")
    case_type = case_type if case_type in CaseType.values else ""
    state = state if state in State.values else ""
    filter_form = records_filter_form(request.GET, request.user)
    refused = filter_form is not None and not filter_form.is_valid()
    return view, case_type, state, filter_form, refused


def _cases_listed(request):
    """The cases the list's filters give; None with a bad filter (the form names it)."""
    view, case_type, state, filter_form, refused = _list_filters(request)
    if refused:
        return None
    filters = filter_form.filters() if filter_form is not None else None
    return selectors.cases_for(
        request.user, view, case_type=case_type, state=state, filters=filters
    )


@login_required
@permission_required(_VIEW, raise_exception=True)
def case_list(request):
    view, case_type, state, filter_form, refused = _list_filters(request)
    listing = {
        "view": view,
        "case_type": case_type,
        "state": state,
        "filters": filter_form.filters() if filter_form is not None and not refused else None,
    }
    # A bad filter: no cases, the form names it.
    count = 0 if refused else selectors.cases_counted(request.user, **listing)
    page = Paginator(range(count), CASES_PER_PAGE).get_page(request.GET.get("page"))
    cases = []
    if count:
        cases = selectors.cases_on_page(
            request.user,
            **listing,
            start=(page.number - 1) * CASES_PER_PAGE,
            size=CASES_PER_PAGE,
        )
    context = {
        "filter_form": filter_form,
        "records_export": "cases:export",
        "cases": cases,
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "view": view,
        "case_type": case_type,
        "state": state,
    }
    return render(request, "cases/case_list.html", context, status=400 if refused else 200)


@login_required
@permission_required(_VIEW, raise_exception=True)
def case_export(request, fmt: str):
    """The cases listed, as CSV or XLSX: audited, capped (no identity number in a case row)."""
    listed = _cases_listed(request)
    if listed is None:
        return case_list(request)  # the list, naming the bad filter
    header = [
        _("Reference"), _("Opened"), _("Type"), _("State"), _("Regency or city"), _("Office"),
        _("Handler"), _("Due by"),
    ]  # fmt: skip
    rows = (
        [
            case.reference,
            f"{timezone.localtime(case.created_at):%Y-%m-%d}",
            case.get_case_type_display(),
            case.get_state_display(),
            case.regency_name if case.regency_id else "",
            case.office_name,
            case.assigned_to.get_full_name() if case.assigned_to_id else "",
            f"{timezone.localtime(case.due_at):%Y-%m-%d %H:%M}" if case.due_at else "",
        ]
        for case in selectors.cases_listed(listed)[: RECORDS_CAP + 1].iterator(chunk_size=2000)
    )
    return records_response(request, fmt=fmt, what="kasus", header=header, rows=rows)


@login_required
@permission_required("cases.add_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_new(request):
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.user,
                fields=form.case_fields(),
                victim=form.victim(),
                recruiter=form.recruiter(),
                agency=form.cleaned_data["agency"],
            )
        except ValidationError as error:
            apply_errors(form, error=error)
        else:
            messages.success(
                request,
                _("Case %(reference)s is opened and routed to %(office)s.")
                % {"reference": case.reference, "office": case.office.name},
            )
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form})


def _case(request, pk: int, action: str = "view", *, cases=Case.objects) -> Case:
    return get_in_scope_or_404(
        # Only what every case shows: each join more costs PostgreSQL milliseconds of planning
        # (8 tables: 9 ms, 5: 2 ms), paid on every request; the rare links load when present.
        cases.select_related("office", "regency", "country", "assigned_to"),
        request.user,
        action,
        pk=pk,
    )


@login_required
@permission_required(_VIEW, raise_exception=True)
def case_detail(request, pk: int):
    user = request.user
    try:
        case = selectors.case_shown(user, pk)
    except NotFoundOrNotYours:
        audit_if_out_of_scope(Case, user, pk=pk)
        raise Http404 from None
    changes_cases = user.has_perm(_CHANGE)
    may_change = changes_cases and not case.is_finished
    version = {"version": case.version}
    transition_form = None
    if changes_cases and MACHINE.moves_from(case.state):
        transition_form = transition_form_html(case.state, case.version)
    parties, agencies = selectors.parties_and_agencies(case)
    repeat_recruiters, repeat_agencies = selectors.repeat_recruiters_and_agencies(
        case,
        user,
        recruiters={party.person_id for party in parties if party.role == PartyRole.RECRUITER},
        agencies={involved.agency_id for involved in agencies},
    )
    newest = None if request.GET.get("timeline") == "all" else TIMELINE_SHOWN
    timeline, timeline_length = selectors.timeline_and_length(case, newest=newest)
    act_forms = act_forms_html()
    context = {
        "case": case,
        "timeline": timeline,
        "timeline_earlier": max(0, timeline_length - len(timeline)),
        # Each with the other cases in the user's scope that name the same recruiter or agency.
        "parties": [
            (
                party,
                repeat_recruiters.get(party.person_id)
                if party.role == PartyRole.RECRUITER
                else None,
            )
            for party in parties
        ],
        "agencies": [(involved, repeat_agencies.get(involved.agency_id)) for involved in agencies],
        "public_report": getattr(case, "public_report", None),
        "may_change": may_change,
        "transition_form": transition_form,
        "assign_form": (
            AssignForm(initial=version, holders=services.holders_for(case))
            if user.has_perm("cases.assign_case")
            else None
        ),
        "transfer_form": (
            TransferForm(initial=version) if user.has_perm("cases.transfer_case") else None
        ),
        # The empty forms of the acts, as HTML (each None for a reader who may not change it).
        **(act_forms if may_change else dict.fromkeys(act_forms)),
    }
    return render(request, "cases/case_detail.html", context)


def _done(request, pk: int, form, message: str | None):
    """Back to the case: with the act's confirmation, or with why it was refused."""
    if message is not None:
        messages.success(request, message)
    else:
        flash_errors(request, form)
    return redirect("cases:detail", pk=pk)


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def case_transition(request, pk: int):
    case = _case(request, pk, "change")
    form = TransitionForm(request.POST)
    done = None
    if form.is_valid():
        duplicate_of = None
        reference = form.cleaned_data["duplicate_of"].strip().upper()
        if reference:
            duplicate_of = Case.objects.filter(reference=reference).first()
            if duplicate_of is None:
                form.add_error("duplicate_of", _("No case with this reference."))
        if form.is_valid():
            done = call_service(
                form,
                services.case_transition,
                actor=request.user,
                case=case,
                to_state=form.cleaned_data["to_state"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                duplicate_of=duplicate_of,
            )
    message = None
    if done is not None:
        message = _("The case is now “%(state)s”.") % {"state": MACHINE.label(done.state)}
    return _done(request, pk, form, message)


@login_required
@permission_required("cases.assign_case", raise_exception=True)
@require_POST
def case_assign(request, pk: int):
    case = _case(request, pk, "change")
    form = AssignForm(request.POST, holders=services.holders_for(case))
    done = form.is_valid() and call_service(
        form,
        services.case_assign,
        actor=request.user,
        case=case,
        assignee=form.cleaned_data["assignee"],
        expected_version=form.cleaned_data["version"],
    )
    return _done(request, pk, form, _("The case is assigned.") if done else None)


@login_required
@permission_required(_VIEW, raise_exception=True)
@require_POST
def case_transfer(request, pk: int):
    """Headquarters moves a case to another office; the service says who may."""
    case = _case(request, pk)
    form = TransferForm(request.POST)
    try:
        done = form.is_valid() and call_service(
            form,
            services.case_transfer,
            actor=request.user,
            case=case,
            office=form.cleaned_data["office"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except PermissionDenied:
        messages.error(request, _("Only headquarters transfers a case to another office."))
        return redirect("cases:detail", pk=pk)
    if done and not Case.objects.restrict(request.user).filter(pk=pk).exists():
        return redirect("cases:list")
    return _done(request, pk, form, _("The case is transferred.") if done else None)


def _act(request, pk: int, form, service, message: str, arguments):
    case = _case(request, pk, "change")
    done = form.is_valid() and call_service(
        form, service, actor=request.user, case=case, **arguments(form)
    )
    return _done(request, pk, form, message if done else None)


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def case_note(request, pk: int):
    return _act(
        request,
        pk,
        NoteForm(request.POST),
        services.case_note_add,
        _("The note is added."),
        arguments=lambda form: {"text": form.cleaned_data["text"]},
    )


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def referral_add(request, pk: int):
    return _act(
        request,
        pk,
        ReferralForm(request.POST),
        services.referral_add,
        _("The referral is recorded."),
        arguments=lambda form: form.cleaned_data,
    )


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def referral_answer(request, pk: int):
    referral = get_in_scope_or_404(Referral.objects.all(), request.user, "change", pk=pk)
    form = ReferralAnswerForm(request.POST)
    done = form.is_valid() and call_service(
        form, services.referral_answer, actor=request.user, referral=referral, **form.cleaned_data
    )
    return _done(request, referral.case_id, form, _("The answer is recorded.") if done else None)


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def legal_step_add(request, pk: int):
    return _act(
        request,
        pk,
        LegalStepForm(request.POST),
        services.legal_step_add,
        _("The step is recorded."),
        arguments=lambda form: form.cleaned_data,
    )


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def party_add(request, pk: int):
    return _act(
        request,
        pk,
        PartyForm(request.POST),
        services.case_party_add,
        _("The person is added to the case."),
        arguments=lambda form: {
            "role": form.cleaned_data["role"],
            "person_fields": form.person_fields(),
        },
    )


@login_required
@permission_required(_CHANGE, raise_exception=True)
@require_POST
def document_add(request, pk: int):
    return _act(
        request,
        pk,
        DocumentForm(request.POST, request.FILES),
        services.case_document_add,
        _("The document is added."),
        arguments=lambda form: {
            "kind": form.cleaned_data["kind"],
            "uploaded": form.cleaned_data["file"],
        },
    )


@login_required
@permission_required("cases.view_casedocument", raise_exception=True)
def document_download(request, pk: int):
    """Evidence is served only through this view, to users in scope, and audited."""
    document = get_in_scope_or_404(CaseDocument.objects.select_related("case"), request.user, pk=pk)
    document_viewed(actor=request.user, document=document, regency_id=document.case.regency_id)
    return private_file_response(document)


def _opened(request, open_case, record, back: str):
    try:
        case = open_case(actor=request.user, **record)
    except PermissionDenied:
        messages.error(request, _("Your role does not open cases."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        opened = _("Case %(reference)s is opened.") % {"reference": case.reference}
        messages.success(request, opened)
        if Case.objects.restrict(request.user).filter(pk=case.pk).exists():
            return redirect("cases:detail", pk=case.pk)
    return redirect(back)


@login_required
@permission_required(_VIEW, raise_exception=True)
@require_POST
def open_from_arrival(request, pk: int):
    arrival = get_in_scope_or_404(Arrival.objects.all(), request.user, pk=pk)
    return _opened(
        request,
        services.case_open_from_arrival,
        {"arrival": arrival},
        reverse("returns:arrival", kwargs={"pk": arrival.pk}),
    )


@login_required
@permission_required(_VIEW, raise_exception=True)
@require_POST
def open_from_interception(request, pk: int):
    interception = get_in_scope_or_404(Interception.objects.all(), request.user, pk=pk)
    return _opened(
        request,
        services.case_open_from_interception,
        {"interception": interception},
        reverse("returns:interceptions"),
    )
