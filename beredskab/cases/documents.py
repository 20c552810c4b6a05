"""Documents that leave the system, built from what their recipient may see (the disclosure
selector) and checked by the outbound check before they go (`beredskab.cases.outbound`).

Each content builder returns the document's content with its free text as the recipient will
get it: restricted items left out, restricted values found in free text blacked out unless
released. The `*_pdf` functions render a document as a PDF (`beredskab.core.pdf`); the views
send it with `pdf_response`.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.core.pdf import render_pdf
from beredskab.intake.deadlines import adult_contact_working_days

from .disclosure import Disclosure, Recipient, SubjectView
from .models import CaseStatus
from .outbound import Leak, Passage, Secret, find_leaks, redact, secrets_for
from .tracks import words


@dataclass
class OutboundDocument:
    name: str  # which kind of document (for the release record and the audit log)
    recipient: str  # who gets it, as a code (never a name)
    passages: list[Passage]
    secrets: list[Secret]
    leaks: list[Leak] = field(default_factory=list)

    def __post_init__(self):
        self.leaks = find_leaks(self.passages, self.secrets)

    def leaked_secrets(self) -> list[Secret]:
        seen: dict[str, Secret] = {}
        for leak in self.leaks:
            seen.setdefault(leak.secret.key, leak.secret)
        return list(seen.values())

    def text(self, value: str, released: frozenset = frozenset()) -> str:
        return redact(value, self.secrets, released=released)


@dataclass
class FileAccessContent:
    subject: SubjectView
    reports: list[dict]  # {"case_report", "show_reporter", "narrative"}
    reports_withheld: int
    journal: list[dict]  # {"entry", "body"}
    journal_withheld: int
    decisions: list[dict]  # {"decision", "title", "text"}
    decisions_withheld: int
    interventions: list
    document: OutboundDocument


def file_access_content(case, person, *, today, released: frozenset = frozenset()) -> FileAccessContent:
    """What a family or network member gets with their file access (aktindsigt): every
    restriction that covers them applied, the reporter withheld by default in an NSK/ÆRK case,
    and restricted values in free text blacked out unless `released`."""
    disclosure = Disclosure(case, Recipient.for_person(person))
    case_reports = list(case.case_reports.all())
    journal = list(case.journal.all())
    decisions = list(case.decisions.all())
    visible_reports = disclosure.visible(case_reports)
    visible_journal = disclosure.visible(journal)
    visible_decisions = disclosure.visible(decisions)
    passages = [
        Passage(_("Underretning %(ref)s") % {"ref": cr.report.reference}, cr.report.narrative) for cr in visible_reports
    ]
    passages += [Passage(_("Journalnotat nr. %(n)s") % {"n": e.number}, e.body) for e in visible_journal]
    passages += [
        Passage(_("Beslutning: %(t)s") % {"t": d.title}, f"{d.title}\n{d.text}\n{d.legal_basis}")
        for d in visible_decisions
    ]
    document = OutboundDocument(
        name="file_access",
        recipient=f"person:{person.relation}",
        passages=passages,
        secrets=secrets_for(case, disclosure, reporter_withheld=lambda cr: not disclosure.may_show_reporter(cr)),
    )
    return FileAccessContent(
        subject=disclosure.subject(on=today),
        reports=[
            {
                "case_report": cr,
                "show_reporter": disclosure.may_show_reporter(cr),
                "narrative": document.text(cr.report.narrative, released),
            }
            for cr in visible_reports
        ],
        reports_withheld=len(case_reports) - len(visible_reports),
        journal=[{"entry": e, "body": document.text(e.body, released)} for e in visible_journal],
        journal_withheld=len(journal) - len(visible_journal),
        decisions=[
            {
                "decision": d,
                "title": document.text(d.title, released),
                "text": document.text(d.text, released),
                "legal_basis": document.text(d.legal_basis, released),
            }
            for d in visible_decisions
        ],
        decisions_withheld=len(decisions) - len(visible_decisions),
        interventions=disclosure.visible(list(case.interventions.all())),
        document=document,
    )


def file_access_pdf(case, person, content: FileAccessContent) -> bytes:
    """The file access (aktindsigt) for `person` as a PDF, from `file_access_content`."""
    return render_pdf(
        "cases/pdf/file_access.html",
        {"case": case, "person": person, "content": content, "today": timezone.now(), "words": words(case)},
    )


def receipt_letter_pdf(case, case_report) -> bytes:
    """The receipt letter to the reporter of `case_report` (barnets lov § 137; on an adult's case
    the serviceloven letter, which promises counselling and the unit's contact time) as a PDF: only
    what the reporter may see, never a CPR number, and what it states about the case from the
    records only (never an assessment not yet made)."""
    disclosure = Disclosure(case, Recipient.reporter())
    template = "cases/pdf/receipt_letter_adult.html" if case.is_adult else "cases/pdf/receipt_letter.html"
    return render_pdf(
        template,
        {
            "contact_days": adult_contact_working_days(case.unit),
            "case": case,
            "report": case_report.report,
            "child_name": disclosure.value(case, "subject_name") if case.subject_name else "",
            "show_child_name": bool(case.subject_name) and disclosure.may_show(case, "subject_name"),
            "today": timezone.now(),
            "professional": case_report.needs_feedback,
            "assessed": case_report.urgent_assessment_id is not None,
            "case_closed": case.status == CaseStatus.CLOSED,
            "feedback_given": case_report.feedback_sent_on is not None,
        },
    )
