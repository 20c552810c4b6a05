"""The journal and the tasks of the case."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.accounts.models import User
from beredskab.core import dates

from .. import forms, selectors, services
from ..models import JournalEntry, Task, TaskStatus
from ..view_helpers import case_for_page, case_work_required, form_page, post_action


@require_http_methods(["GET", "POST"])
@case_work_required
def journal_add(request, reference: str):
    case = case_for_page(request, reference)
    corrects = None
    number = request.GET.get("retter") or request.POST.get("retter")
    if number:
        try:
            corrects = JournalEntry.objects.get(case=case, number=int(number))
        except (JournalEntry.DoesNotExist, ValueError):
            raise Http404 from None
        if not selectors.disclosure_for(request.user, case).may_show(corrects):
            raise Http404  # a unit the case is shared with may not see (or correct) this entry
    # A unit the case is shared with sees only the people it may see (disclosure restrictions).
    people = selectors.disclosure_for(request.user, case).visible(list(case.people.all()))
    form = forms.JournalForm(
        request.POST or None,
        people=people,
        initial={"occurred_on": dates.today(), "kind": corrects.kind if corrects else "note"},
    )

    def perform(data):
        return services.journal_entry_add(
            actor=request.user,
            case=case,
            corrects=corrects,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            body=data["body"],
            participants=form.chosen_people(people),
            no_family=data.get("no_family", False),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Ret journalnotat nr. %(n)s") % {"n": corrects.number} if corrects else _("Nyt journalnotat"),
        intro=_("Journalen ændres aldrig. En rettelse er et nyt notat, der henviser til det, det retter.")
        if corrects
        else "",
        action="write_journal",
        anchor="journal",
        success=_("Notatet er gemt i journalen."),
        template="cases/journal_form.html",
        context={"corrects": corrects},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def task_add(request, reference: str):
    case = case_for_page(request, reference)
    people = list(case.people.all())
    form = forms.TaskForm(request.POST or None, unit_id=case.unit_id, people=people, initial={"owner": request.user.pk})

    def perform(data):
        return services.task_add(
            actor=request.user,
            case=case,
            owner=User.objects.filter(pk=data["owner"]).first(),
            title=data["title"],
            details=data["details"],
            due_on=data["due_on"],
            people=form.chosen_people(people),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request, case, form, perform, title=_("Ny opgave"), anchor="opgaver", success=_("Opgaven er oprettet.")
    )


@require_POST
@case_work_required
def task_close(request, reference: str, task_id: int):
    case = case_for_page(request, reference, audit=False)
    task = get_object_or_404(Task, pk=task_id, case=case)
    status = TaskStatus.CANCELLED if request.POST.get("status") == TaskStatus.CANCELLED else TaskStatus.DONE
    return post_action(
        request,
        case,
        lambda: services.task_close(actor=request.user, task=task, status=status),
        success=_("Opgaven er afsluttet."),
        anchor="opgaver",
    )
