"""Possible duplicates and merges: list in the user's scope, resolve, merge, undo."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pmi_portal.access.scoping import get_in_scope_or_404
from pmi_portal.people import selectors as people_selectors
from pmi_portal.people import services
from pmi_portal.people.forms import DuplicateResolveForm, MergeForm, MergeUndoForm
from pmi_portal.people.models import Person, PersonMerge, PossibleDuplicate
from pmi_portal.web.forms import call_service, flash_errors


@login_required
@permission_required("people.view_possibleduplicate", raise_exception=True)
def duplicates(request):
    """Possible duplicates in the user's scope, open ones first, to check and resolve.

    A flag is in scope when either person is; the other person, if outside the user's scope,
    is shown by office only.
    """
    show_all = request.GET.get("all") == "1"
    flags = PossibleDuplicate.objects.restrict(request.user).select_related(
        "worker__registered_by_office", "similar_to__registered_by_office", "flagged_by"
    )
    if not show_all:
        flags = flags.filter(resolution=PossibleDuplicate.Resolution.OPEN)
    flags = list(flags.order_by("-flagged_at")[:200])
    visible = people_selectors.visible_person_ids(
        request.user, {pk for flag in flags for pk in (flag.worker_id, flag.similar_to_id)}
    )
    may_merge = request.user.has_perm("people.merge_person")
    rows = [
        {
            "flag": flag,
            "sides": [
                (flag.worker, flag.worker_id in visible),
                (flag.similar_to, flag.similar_to_id in visible),
            ],
            "may_merge": may_merge
            and flag.resolution
            in (PossibleDuplicate.Resolution.OPEN, PossibleDuplicate.Resolution.SAME)
            and {flag.worker_id, flag.similar_to_id} <= visible,
        }
        for flag in flags
    ]
    context = {
        "rows": rows,
        "show_all": show_all,
        "form": DuplicateResolveForm(),
        "merge_form": MergeForm(),
    }
    return render(request, "people/duplicates.html", context)


@login_required
@permission_required("people.change_possibleduplicate", raise_exception=True)
@require_POST
def duplicate_resolve(request, pk: int):
    flag = get_in_scope_or_404(PossibleDuplicate.objects.all(), request.user, "change", pk=pk)
    form = DuplicateResolveForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.duplicate_resolve,
        actor=request.user,
        flag=flag,
        resolution=form.cleaned_data["resolution"],
        note=form.cleaned_data["note"],
    ):
        messages.success(request, _("The flag is resolved."))
    flash_errors(request, form)
    return redirect("people:duplicates")


@login_required
@permission_required("people.merge_person", raise_exception=True)
@require_POST
def duplicate_merge(request, pk: int):
    """Merge the two people of a flag; the head says which record is kept."""
    flag = get_in_scope_or_404(PossibleDuplicate.objects.all(), request.user, "view", pk=pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        keep_id = form.cleaned_data["keep"]
        if keep_id not in (flag.worker_id, flag.similar_to_id):
            form.add_error("keep", _("Choose one of the two records of this flag."))
        else:
            merge_id = flag.similar_to_id if keep_id == flag.worker_id else flag.worker_id
            keep = get_in_scope_or_404(Person.objects.all(), request.user, "merge", pk=keep_id)
            merge = get_in_scope_or_404(Person.objects.all(), request.user, "merge", pk=merge_id)
            if call_service(
                form,
                services.person_merge,
                actor=request.user,
                keep=keep,
                merge=merge,
                note=form.cleaned_data["note"],
            ):
                messages.success(
                    request, _("The records are merged into %(name)s.") % {"name": keep.full_name}
                )
                return redirect("people:merges")
    flash_errors(request, form)
    return redirect("people:duplicates")


@login_required
@permission_required("people.view_personmerge", raise_exception=True)
def merges(request):
    """Merges in the user's scope, newest first, each with what moved and a way to undo it."""
    records = (
        PersonMerge.objects.restrict(request.user)
        .select_related(
            "kept__registered_by_office", "merged__registered_by_office", "merged_by", "undone_by"
        )
        .order_by("-merged_at")[:200]
    )
    context = {
        "records": records,
        "form": MergeUndoForm(),
        "may_undo": request.user.has_perm("people.merge_person"),
    }
    return render(request, "people/merges.html", context)


@login_required
@permission_required("people.merge_person", raise_exception=True)
@require_POST
def merge_undo(request, pk: int):
    record = get_in_scope_or_404(PersonMerge.objects.all(), request.user, "view", pk=pk)
    form = MergeUndoForm(request.POST)
    if form.is_valid() and call_service(
        form,
        services.person_merge_undo,
        actor=request.user,
        merge_record=record,
        reason=form.cleaned_data["reason"],
    ):
        messages.success(request, _("The merge is undone: the two records are separate again."))
    flash_errors(request, form)
    return redirect("people:merges")
