"""Documents that leave the system, built from what their recipient may see (the disclosure
selector) and checked by the outbound check before they go (`beredskab.cases.outbound`).

Each builder returns the document's content with its free text as the recipient will get it:
restricted items left out, restricted values found in free text blacked out unless released.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .disclosure import Disclosure, Recipient, SubjectView
from .outbound import Leak, Passage, Secret, find_leaks, redact, secrets_for


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
