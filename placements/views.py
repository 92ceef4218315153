"""The counter: search, register, look at a worker, move a placement, print a receipt."""

import functools

from django.contrib import messages
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from placements import selectors, services
from placements.forms import (
    AgencyStatusForm,
    DifferentPeopleForm,
    DocumentUploadForm,
    PlacementForm,
    StageMoveForm,
    WorkerEditForm,
    WorkerForm,
)
from placements.models import Agency, Placement, PlacementDocument, Sector
from placements.stages import (
    ACTIVE,
    DOCUMENTS_TO_LEAVE,
    DocumentKind,
    Move,
    Stage,
    missing_documents,
    moves_from,
)
from placements.templatetags.placement_rows import stage_moved
from pmi_portal.access.scoping import (
    NotFoundOrNotYours,
    audit_if_out_of_scope,
    get_in_scope_or_404,
)
from pmi_portal.audit.services import audit_identity_viewed
from pmi_portal.dashboards.exports import RECORDS_CAP, records_response
from pmi_portal.dashboards.forms import records_filter_form
from pmi_portal.documents.responses import document_viewed, private_file_response
from pmi_portal.identity.masking import mask_nik
from pmi_portal.offices.selectors import office_names, reference_held
from pmi_portal.people import selectors as people_selectors
from pmi_portal.people.models import Person, Sex
from pmi_portal.web.context_processors import csrf_token
from pmi_portal.web.fields import field_html
from pmi_portal.web.forms import apply_errors, call_service, flash_errors
from pmi_portal.web.kept_sql import kept_related
from pmi_portal.web.keyset import keyset_page
from pmi_portal.web.rows import labels_of, month_names, per_language, text, when
from service_quality.service_time import counter_service_finished, counter_service_started


@login_required
@permission_required("people.view_person", raise_exception=True)
def worker_search(request):
    query = request.GET.get("q", "")
    results = people_selectors.search_rows(request.user, query)
    length = len(query.strip())
    context = {
        "query": query,
        "results": results,
        "searched": length >= people_selectors.SEARCH_MIN_LENGTH,
        "too_short": 0 < length < people_selectors.SEARCH_MIN_LENGTH,
        "min_length": people_selectors.SEARCH_MIN_LENGTH,
    }
    template = "placements/_search_results.html" if request.htmx else "placements/search.html"
    return render(request, template, context)


@login_required
@permission_required("people.add_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def worker_register(request):
    """One screen: the person and their first placement, saved together or not at all."""
    if request.method == "GET" and not request.GET.get("nik"):
        counter_service_started(request)
        return render(
            request, "placements/register.html", {"blank_fields": _blank_register_fields()}
        )
    worker_form = WorkerForm(
        request.POST or None, request.FILES or None, initial={"nik": request.GET.get("nik", "")}
    )
    placement_form = PlacementForm(request.POST or None, prefix="placement")
    similar = []
    if request.method == "GET":
        counter_service_started(request)
    if request.method == "POST" and worker_form.is_valid() & placement_form.is_valid():
        fields = {
            k: v
            for k, v in worker_form.cleaned_data.items()
            if k not in ("photo", "residence_confirmed")
        }
        different_from = []
        if request.POST.getlist("different_from"):
            # The people the officer ticked, among those similar: none ticked, none to look for.
            similar_now = _similar_to(fields, request.user)
            checked = DifferentPeopleForm(request.POST, similar=similar_now)
            different_from = checked.cleaned_data["different_from"] if checked.is_valid() else []
        try:
            worker = services.worker_register(
                actor=request.user,
                fields=fields,
                placement_fields=placement_form.cleaned_data,
                photo=worker_form.cleaned_data.get("photo") or None,
                different_from=different_from,
                residence_confirmed=worker_form.cleaned_data["residence_confirmed"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "possible_duplicate":
                messages.warning(request, error.messages[0])
                similar = error.params["similar"]
            else:
                apply_errors(worker_form, placement_form, error=error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": worker.full_name})
            return redirect("placements:receipt", pk=worker.first_placement.pk)
    context = {
        "worker_form": worker_form,
        "placement_form": placement_form,
        "similar": similar,
    }
    return render(request, "placements/register.html", context)


def _blank_register_fields() -> SafeString:
    """The empty registration form's fields, the same for every officer: kept, and held in the
    process, per language and version of the reference data, which its lists of regencies,
    countries and agencies are read from (placements/apps.py renews the version with the
    agencies). Drawing its 25 fields took a third of the registration's GET and POST in a CPU
    profile; the forms are built only to draw them (a quarter of the kept page's view time)."""
    # The template's own output, escaped when it was drawn.
    return mark_safe(
        reference_held(
            f"register-fields:{get_language()}",
            lambda: render_to_string(
                "placements/_register_fields.html",
                {"worker_form": WorkerForm(), "placement_form": PlacementForm(prefix="placement")},
            ),
        )
    )


def _similar_to(fields: dict, user) -> list:
    return people_selectors.similar_people(
        full_name=fields.get("full_name", ""),
        birth_date=fields.get("birth_date"),
        passport_number=fields.get("passport_number", ""),
        user=user,
    )


@login_required
@permission_required("people.view_person", raise_exception=True)
def worker_detail(request, pk: int):
    """Whole identity data, for a user in scope; every such view is audited."""
    # Most workers are flagged with nobody and took part in no programme: the person's read
    # says so, and the page asks for the flags and the programmes only when there are some.
    try:
        worker = selectors.worker_for_page(request.user, pk)
    except NotFoundOrNotYours:
        audit_if_out_of_scope(Person, request.user, pk=pk)
        raise Http404 from None
    if worker.merged_into_id is not None:
        messages.info(request, _("This record was merged into another: here is the one kept."))
        return redirect("placements:worker", pk=worker.merged_into_id)
    audit_identity_viewed(actor=request.user, obj=worker, regency_id=worker.home_regency_id)
    counter_service_started(request, person=worker)
    placements = selectors.worker_placements(worker, request.user)
    active = next((p for p in placements if p.is_active), None)
    home_regency = selectors.home_regency_of(worker)
    if home_regency is not None:
        worker.home_regency = home_regency
    context = {
        "worker": worker,
        "registered_at": office_names()[worker.registered_by_office_id].name,
        "placements": placements,
        "active": active,
        "duplicates": people_selectors.open_duplicates_of(worker, request.user)
        if worker.flagged
        else [],
    }
    if active is not None:
        context |= _stage_panel_context(active)
    return render(request, "placements/worker_detail.html", context)


@login_required
@permission_required("people.change_person", raise_exception=True)
@require_http_methods(["GET", "POST"])
def worker_edit(request, pk: int):
    worker = get_in_scope_or_404(Person.objects.current(), request.user, "change", pk=pk)
    # The edit form shows identity data whole: seeing it is audited like the worker page.
    audit_identity_viewed(actor=request.user, obj=worker, regency_id=worker.home_regency_id)
    form = WorkerEditForm(request.POST or None, instance=worker)
    if request.method == "POST" and form.is_valid():
        fields = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("version", "residence_confirmed")
        }
        if call_service(
            form,
            services.worker_update,
            actor=request.user,
            worker=worker,
            fields=fields,
            expected_version=form.cleaned_data["version"],
            residence_confirmed=form.cleaned_data["residence_confirmed"],
        ):
            messages.success(request, _("The changes are saved."))
            return redirect("placements:worker", pk=worker.pk)
    return render(request, "placements/worker_edit.html", {"form": form, "worker": worker})


@login_required
@permission_required("placements.add_placement", raise_exception=True)
@require_http_methods(["GET", "POST"])
def placement_new(request, pk: int):
    worker = get_in_scope_or_404(Person.objects.current(), request.user, "change", pk=pk)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placement = call_service(
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
    kept_related(placement, "documents")
    moves = {Move.FORWARD: [], Move.BACK: [], Move.CANCEL: []}
    for stage, move in moves_from(placement.stage):
        problems = (
            services.transition_problems(placement, stage, "") if move == Move.FORWARD else []
        )
        moves[move].append({"stage": stage, "label": Stage(stage).label, "problems": problems})
    held = {document.kind for document in placement.documents.all()}
    missing = missing_documents(placement)
    return {
        "placement": placement,
        "forward": next(iter(moves[Move.FORWARD]), None),
        "back": moves[Move.BACK],
        "cancel": next(iter(moves[Move.CANCEL]), None),
        "checklist": [
            {"label": DocumentKind(kind).label, "held": kind in held}
            for kind in DOCUMENTS_TO_LEAVE.get(placement.stage, [])
        ],
        "documents": placement.documents.all(),
        "move_form": move_form,
        # The upload's select starts at the document the stage still needs.
        "upload_fields": _blank_upload_fields(missing[0] if missing else None, get_language())
        if upload_form is None
        else (field_html(upload_form["kind"]), field_html(upload_form["file"])),
    }


@functools.lru_cache(maxsize=64)
def _blank_upload_fields(kind: str | None, language: str) -> tuple[SafeString, SafeString]:
    """The empty upload form's two fields, drawn once per process for each document the select
    starts at and language: they hold nothing of the database."""
    form = DocumentUploadForm(initial={"kind": kind})
    return field_html(form["kind"]), field_html(form["file"])


@login_required
@permission_required("placements.view_placement", raise_exception=True)
@require_safe
def placement_history(request, pk: int):
    """The placement's moves, oldest first: the lines alone for the stage panel, which asks for
    them when its history is opened (htmx), else a page of their own. The panel is drawn on the
    worker page and after every move and upload, the history opened now and then: read there,
    it cost each of them a query and its lines."""
    # The page names the placement by its destination and receipt number, not by the person:
    # who they are is on the worker page, read (and audited) there.
    placement = get_in_scope_or_404(
        Placement.objects.select_related("destination"), request.user, pk=pk
    )
    lines = _history_lines(placement)
    if request.htmx:
        return HttpResponse(lines)
    return render(
        request, "placements/placement_history.html", {"placement": placement, "lines": lines}
    )


def _history_lines(placement: Placement) -> SafeString:
    """The placement's moves as the panel lists them, one `<li>` each, written in one pass: the
    template's loop cost a tenth of a millisecond a line. Only the columns shown are read, as
    values rather than three model instances a line, and each time is written by `rows.when`.
    Who moved it and from which office is written once for each of them: a placement moved
    back and forth lists dozens of lines by a few officers."""
    words = _history_words()
    months, labels = words["months"], words["labels"]
    zone = timezone.get_current_timezone()
    written: dict[tuple, str] = {}
    lines = []
    # Escaped as format_html_join escaped them, without its cost a line.
    for changed_at, to_state, reason, *by in selectors.placement_history(placement):
        who = written.get(tuple(by))
        if who is None:
            actor_id, first_name, last_name, username, office = by
            # As User.get_full_name, else the username.
            name = (f"{first_name} {last_name}".strip() or username) if actor_id else None
            who = written[tuple(by)] = (
                f"{words['imported'] if name is None else text(name)} ({text(office)})"
            )
        lines.append(
            f"<li>{text(when(changed_at, months, zone))} · {labels[to_state]} · {who}"
            f"{f' · {text(reason)}' if reason else ''}</li>"
        )
    return mark_safe("".join(lines))


@per_language
def _history_words() -> dict:
    """The history's month names, stages' labels (escaped) and its word for an imported move."""
    return {
        "months": month_names(),
        "labels": labels_of(Stage.choices),
        "imported": text(_("imported record")),
    }


def _stage_panel(request, placement: Placement, **forms) -> HttpResponse:
    """The refreshed panel, and the placement's row of the worker's placements table swapped out
    of band (htmx): a move or an upload changes no other row. `placement` is read with what the
    panel and the row show (`_PANEL_RELATED`). The answer is a fragment, written without a
    template and the page's context processors: the panel reads only the request, its messages,
    the user's permissions and the CSRF token (render() cost a fifth of a move's CPU)."""
    context = _stage_panel_context(placement, **forms) | {
        "request": request,
        "messages": get_messages(request),
        "perms": PermWrapper(request.user),
        "csrf_token": csrf_token(request),
    }
    return HttpResponse(stage_moved(context))


# What the panel and the placement's table row read of a placement besides its own columns:
# the forward move's guards read the agency and the worker, the panel and the row the
# destination (as the move's service reads them).
_PANEL_RELATED = ("agency", "worker", "destination")


@login_required
@permission_required("placements.change_placement", raise_exception=True)
@require_POST
def placement_move(request, pk: int):
    """Apply one transition; answers the refreshed stage panel (htmx) or the worker page.

    The service reads and locks the placement, in the user's scope or not at all: the view reads
    it only when no move is made, for the panel that says why."""
    form = StageMoveForm(request.POST)
    moved = None
    if form.is_valid():
        try:
            moved = call_service(
                form,
                services.placement_transition,
                actor=request.user,
                placement=Placement(pk=pk),
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except NotFoundOrNotYours:
            audit_if_out_of_scope(Placement, request.user, "change", pk=pk)
            raise Http404 from None
    if moved:
        placement = moved
        messages.success(
            request,
            _("The placement is now at: %(stage)s.") % {"stage": Stage(placement.stage).label},
        )
        form = None
    else:
        placement = get_in_scope_or_404(
            Placement.objects.select_related(*_PANEL_RELATED), request.user, "change", pk=pk
        )
    if request.htmx:
        return _stage_panel(request, placement, move_form=form)
    if form is not None:
        flash_errors(request, form)
    return redirect("placements:worker", pk=placement.worker_id)


@login_required
@permission_required("placements.change_placement", raise_exception=True)
@require_POST
def document_upload(request, pk: int):
    placement = get_in_scope_or_404(
        Placement.objects.select_related(*_PANEL_RELATED), request.user, "change", pk=pk
    )
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid() and call_service(
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
        flash_errors(request, form)
    return redirect("placements:worker", pk=placement.worker_id)


@login_required
@permission_required("placements.view_placement", raise_exception=True)
def document_download(request, pk: int):
    """Documents are served only through this view, to users in scope, and audited."""
    document = get_in_scope_or_404(
        PlacementDocument.objects.select_related("placement"), request.user, pk=pk
    )
    document_viewed(actor=request.user, document=document, regency_id=document.placement.regency_id)
    return private_file_response(document)


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
    counter_service_finished(request, placement=placement)
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
        if form.is_valid() and call_service(
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


PLACEMENTS_PER_PAGE = 50


def _placements_listed(request):
    """The placements list's view, its stage, sector and sex (a code outside the choices is
    ignored), its dashboard filters (from a figure's link) and the placements; with a bad
    dashboard filter no placements (the form names it)."""
    view = request.GET.get("view")
    if view not in selectors.VIEWS:
        view = "registered"
    choices = {"stage": Stage.values, "sector": Sector.values, "sex": Sex.values}
    chosen = {
        name: request.GET.get(name) if request.GET.get(name) in values else ""
        for name, values in choices.items()
    }
    filter_form = records_filter_form(request.GET, request.user)
    if filter_form is not None and not filter_form.is_valid():
        return view, chosen, filter_form, None
    filters = filter_form.filters() if filter_form is not None else None
    placements = selectors.placements_for(request.user, view, filters=filters, **chosen)
    return view, chosen, filter_form, placements


@login_required
@permission_required("placements.view_placement", raise_exception=True)
def placement_list(request):
    """The placements of the user's scope behind a dashboard figure, newest registered first
    (the departed ones newest departed first), a page at a time without counting them."""
    view, chosen, filter_form, placements = _placements_listed(request)
    page = keyset_page(
        Placement.objects.none() if placements is None else placements,
        field=selectors.newest_first_by(view),
        params=request.GET,
        size=PLACEMENTS_PER_PAGE,
    )
    context = {
        "placements": page.rows,
        "keyset": page,
        "filter_form": filter_form,
        "records_export": "placements:placements_export",
        "view": view,
        "views": [
            ("registered", _("Registered")),
            ("departed", _("Departed")),
            ("active", _("Under way now")),
        ],
        "selects": [
            ("stage", _("Stage"), _("All stages"), Stage.choices, chosen["stage"]),
            ("sector", _("Sector"), _("All sectors"), Sector.choices, chosen["sector"]),
            ("sex", _("Sex"), _("Both"), Sex.choices, chosen["sex"]),
        ],
        # The dashboard's filters of the link, kept when the stage, sector or sex changes.
        "kept": [
            (name, request.GET[name])
            for name in ("from", "to", "province", "regency", "scheme", "destination")
            if request.GET.get(name)
        ],
    }
    status = 400 if placements is None else 200
    return render(request, "placements/placement_list.html", context, status=status)


@login_required
@permission_required("placements.view_placement", raise_exception=True)
def placement_export(request, fmt: str):
    """The placements listed, as CSV or XLSX: identity numbers masked, audited, capped."""
    view, *_listing, listed = _placements_listed(request)
    if listed is None:
        return placement_list(request)  # the list, naming the bad filter
    header = [
        _("Registered"), _("Departed"), _("Name"), _("NIK"), _("Sex"), _("Scheme"),
        _("Destination"), _("Sector"), _("Stage"), _("Home regency"), _("Office"),
    ]  # fmt: skip
    rows = (
        [
            f"{timezone.localtime(placement.created_at):%Y-%m-%d}",
            f"{placement.departed_on:%Y-%m-%d}" if placement.departed_on else "",
            placement.worker.full_name,
            mask_nik(placement.worker.nik),
            placement.worker.get_sex_display(),
            placement.get_scheme_display(),
            str(placement.destination),
            placement.get_sector_display(),
            placement.get_stage_display(),
            placement.regency.name,
            placement.office.name,
        ]
        for placement in listed.order_by(f"-{selectors.newest_first_by(view)}", "-pk")[
            : RECORDS_CAP + 1
        ].iterator(chunk_size=2000)
    )
    return records_response(request, fmt=fmt, what="penempatan", header=header, rows=rows)
