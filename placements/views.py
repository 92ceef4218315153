"""The counter: search, register, look at a worker, move a placement, print a receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from placements import selectors, services
from placements.forms import (
    AgencyStatusForm,
    DifferentPeopleForm,
    DocumentUploadForm,
    DuplicateResolveForm,
    PlacementForm,
    StageMoveForm,
    WorkerEditForm,
    WorkerForm,
)
from placements.models import Agency, Placement, PlacementDocument, PossibleDuplicate, Worker
from placements.stages import ACTIVE, DOCUMENTS_TO_LEAVE, Move, Stage, moves_from
from pmi_portal.access.scoping import get_in_scope_or_404
from pmi_portal.audit.services import audit_identity_viewed


def _apply_errors(*forms, error: ValidationError) -> None:
    """Put a service's errors on the field they concern, else on the first form as a whole."""
    if not hasattr(error, "error_dict"):
        forms[0].add_error(None, error.messages)
        return
    for field, field_messages in error.message_dict.items():
        owner = next((form for form in forms if field in form.fields), None)
        if owner is None:
            forms[0].add_error(None, field_messages)
        else:
            owner.add_error(field, field_messages)


@login_required
@permission_required("placements.view_worker", raise_exception=True)
def worker_search(request):
    query = request.GET.get("q", "")
    results = selectors.search_workers(request.user, query)
    context = {"query": query, "results": results, "searched": len(query.strip()) >= 2}
    template = "placements/_search_results.html" if request.htmx else "placements/search.html"
    return render(request, template, context)


@login_required
@permission_required("placements.add_worker", raise_exception=True)
@require_http_methods(["GET", "POST"])
def worker_register(request):
    """One screen: the person and their first placement, saved together or not at all."""
    worker_form = WorkerForm(
        request.POST or None, request.FILES or None, initial={"nik": request.GET.get("nik", "")}
    )
    placement_form = PlacementForm(request.POST or None, prefix="placement")
    similar = []
    if request.method == "POST" and worker_form.is_valid() & placement_form.is_valid():
        fields = {k: v for k, v in worker_form.cleaned_data.items() if k != "photo"}
        similar = selectors.similar_workers(
            full_name=fields["full_name"],
            birth_date=fields["birth_date"],
            passport_number=fields["passport_number"],
        )
        checked = DifferentPeopleForm(request.POST, similar=similar)
        different_from = checked.cleaned_data["different_from"] if checked.is_valid() else []
        try:
            worker = services.worker_register(
                actor=request.user,
                fields=fields,
                placement_fields=placement_form.cleaned_data,
                photo=worker_form.cleaned_data.get("photo") or None,
                different_from=different_from,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "possible_duplicate":
                messages.warning(request, error.messages[0])
            else:
                _apply_errors(worker_form, placement_form, error=error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": worker.full_name})
            placement = worker.placements.get()
            return redirect("placements:receipt", pk=placement.pk)
    context = {
        "worker_form": worker_form,
        "placement_form": placement_form,
        "similar": similar,
    }
    return render(request, "placements/register.html", context)


@login_required
@permission_required("placements.view_worker", raise_exception=True)
def worker_detail(request, pk: int):
    """Whole identity data, for a user in scope; every such view is audited."""
    worker = get_in_scope_or_404(
        Worker.objects.select_related("home_regency__province", "registered_by_office"),
        request.user,
        pk=pk,
    )
    audit_identity_viewed(actor=request.user, obj=worker, regency_id=worker.home_regency_id)
    placements = list(selectors.worker_placements(worker, request.user))
    active = next((p for p in placements if p.is_active), None)
    context = {
        "worker": worker,
        "placements": placements,
        "active": active,
        "duplicates": selectors.open_duplicates_of(worker),
    }
    if active is not None:
        context |= _stage_panel_context(active)
    return render(request, "placements/worker_detail.html", context)


@login_required
@permission_required("placements.change_worker", raise_exception=True)
@require_http_methods(["GET", "POST"])
def worker_edit(request, pk: int):
    worker = get_in_scope_or_404(Worker.objects.all(), request.user, "change", pk=pk)
    form = WorkerEditForm(request.POST or None, instance=worker)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if _call_service(
            form,
            services.worker_update,
            actor=request.user,
            worker=worker,
            fields=fields,
            expected_version=form.cleaned_data["version"],
        ):
            messages.success(request, _("The changes are saved."))
            return redirect("placements:worker", pk=worker.pk)
    return render(request, "placements/worker_edit.html", {"form": form, "worker": worker})


@login_required
@permission_required("placements.add_placement", raise_exception=True)
@require_http_methods(["GET", "POST"])
def placement_new(request, pk: int):
    worker = get_in_scope_or_404(Worker.objects.all(), request.user, "change", pk=pk)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placement = _call_service(
            form,
            services.placement_create,
            actor=request.user,
            worker=worker,
            fields=form.cleaned_data,
        )
        if placement is not None:
            messages.success(request, _("The placement is registered."))
            return redirect("placements:receipt", pk=placement.pk)
    return render(request, "placements/placement_new.html", {"form": form, "worker": worker})


def _stage_panel_context(placement: Placement, move_form=None, upload_form=None) -> dict:
    # The checklist, the list and each forward move's check read the documents once.
    prefetch_related_objects([placement], "documents")
    moves = {Move.FORWARD: [], Move.BACK: [], Move.CANCEL: []}
    for stage, move in moves_from(placement.stage):
        problems = (
            services.transition_problems(placement, stage, "") if move == Move.FORWARD else []
        )
        moves[move].append({"stage": stage, "label": Stage(stage).label, "problems": problems})
    held = {document.kind for document in placement.documents.all()}
    return {
        "placement": placement,
        "forward": next(iter(moves[Move.FORWARD]), None),
        "back": moves[Move.BACK],
        "cancel": next(iter(moves[Move.CANCEL]), None),
        "checklist": [
            {"kind": kind, "held": kind in held}
            for kind in DOCUMENTS_TO_LEAVE.get(placement.stage, [])
        ],
        "documents": placement.documents.all(),
        "history": placement.history.select_related("actor", "office"),
        "move_form": move_form,
        "upload_form": upload_form or DocumentUploadForm(),
    }


def _call_service(form, service, **arguments):
    """Run a service for a valid form; its refusal lands on the form's fields. None if refused."""
    try:
        return service(**arguments)
    except ValidationError as error:
        _apply_errors(form, error=error)
        return None


def _flash_errors(request, form) -> None:
    """Show a form's errors as messages, for a post that answers with a redirect."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)


def _stage_panel(request, placement, **forms):
    placement.refresh_from_db()
    return render(request, "placements/_stage_panel.html", _stage_panel_context(placement, **forms))


@login_required
@permission_required("placements.change_placement", raise_exception=True)
@require_POST
def placement_move(request, pk: int):
    """Apply one transition; answers the refreshed stage panel (htmx) or the worker page."""
    placement = get_in_scope_or_404(Placement.objects.all(), request.user, "change", pk=pk)
    form = StageMoveForm(request.POST)
    moved = form.is_valid() and _call_service(
        form,
        services.placement_transition,
        actor=request.user,
        placement=placement,
        to_stage=form.cleaned_data["to_stage"],
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    if moved:
        placement = moved
        messages.success(
            request,
            _("The placement is now at: %(stage)s.") % {"stage": Stage(placement.stage).label},
        )
        form = None
    if request.htmx:
        return _stage_panel(request, placement, move_form=form)
    if form is not None:
        _flash_errors(request, form)
    return redirect("placements:worker", pk=placement.worker_id)


@login_required
@permission_required("placements.change_placement", raise_exception=True)
@require_POST
def document_upload(request, pk: int):
    placement = get_in_scope_or_404(Placement.objects.all(), request.user, "change", pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid() and _call_service(
        form,
        services.placement_document_add,
        actor=request.user,
        placement=placement,
        kind=form.cleaned_data["kind"],
        uploaded=form.cleaned_data["file"],
    ):
        form = None
    if request.htmx:
        return _stage_panel(request, placement, upload_form=form)
    if form is not None:
        _flash_errors(request, form)
    return redirect("placements:worker", pk=placement.worker_id)


@login_required
@permission_required("placements.view_placement", raise_exception=True)
def document_download(request, pk: int):
    """Documents are served only through this view, to users in scope, and audited."""
    document = get_object_or_404(PlacementDocument.objects.select_related("placement"), pk=pk)
    get_in_scope_or_404(Placement.objects.all(), request.user, pk=document.placement_id)
    audit_identity_viewed(
        actor=request.user, obj=document, regency_id=document.placement.regency_id
    )
    return FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )


@login_required
@permission_required("placements.view_placement", raise_exception=True)
def placement_receipt(request, pk: int):
    placement = get_in_scope_or_404(
        Placement.objects.select_related(
            "worker__home_regency", "destination", "agency", "office", "created_by"
        ),
        request.user,
        pk=pk,
    )
    audit_identity_viewed(
        actor=request.user, obj=placement.worker, regency_id=placement.worker.home_regency_id
    )
    return render(request, "placements/receipt.html", {"placement": placement})


@login_required
@permission_required("placements.view_placement", raise_exception=True)
def queue(request):
    placements = selectors.counter_queue(request.user, limit=100)
    return render(request, "placements/queue.html", {"placements": placements})


@login_required
@permission_required("placements.view_agency", raise_exception=True)
def agency_list(request):
    agencies = Agency.objects.select_related("regency").order_by("status", "name")
    status = request.GET.get("status")
    if status in Agency.Status.values:
        agencies = agencies.filter(status=status)
    return render(
        request,
        "placements/agency_list.html",
        {"agencies": agencies, "statuses": Agency.Status.choices, "status": status},
    )


@login_required
@permission_required("placements.view_agency", raise_exception=True)
@require_http_methods(["GET", "POST"])
def agency_detail(request, pk: int):
    agency = get_object_or_404(Agency.objects.select_related("regency"), pk=pk)
    may_change = request.user.has_perm("placements.change_agency")
    form = AgencyStatusForm(request.POST or None) if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid() and _call_service(
            form,
            services.agency_status_change,
            actor=request.user,
            agency=agency,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
        ):
            messages.success(request, _("The licence status is changed."))
            return redirect(reverse("placements:agency", kwargs={"pk": agency.pk}))
    context = {
        "agency": agency,
        "history": agency.status_history.select_related("changed_by"),
        "form": form,
        "active_placements": agency.placements.restrict(request.user)
        .filter(stage__in=ACTIVE)
        .count(),
    }
    return render(request, "placements/agency_detail.html", context)


@login_required
@permission_required("placements.view_possibleduplicate", raise_exception=True)
def duplicates(request):
    """Possible duplicates in the user's scope, open ones first, to check and resolve."""
    show_all = request.GET.get("all") == "1"
    flags = PossibleDuplicate.objects.restrict(request.user).select_related(
        "worker__registered_by_office", "similar_to__registered_by_office", "flagged_by"
    )
    if not show_all:
        flags = flags.filter(resolution=PossibleDuplicate.Resolution.OPEN)
    context = {
        "flags": flags.order_by("-flagged_at")[:200],
        "show_all": show_all,
        "form": DuplicateResolveForm(),
    }
    return render(request, "placements/duplicates.html", context)


@login_required
@permission_required("placements.change_possibleduplicate", raise_exception=True)
@require_POST
def duplicate_resolve(request, pk: int):
    flag = get_in_scope_or_404(PossibleDuplicate.objects.all(), request.user, "change", pk=pk)
    form = DuplicateResolveForm(request.POST)
    if form.is_valid() and _call_service(
        form,
        services.duplicate_resolve,
        actor=request.user,
        flag=flag,
        resolution=form.cleaned_data["resolution"],
        note=form.cleaned_data["note"],
    ):
        messages.success(request, _("The flag is resolved."))
    _flash_errors(request, form)
    return redirect("placements:duplicates")
