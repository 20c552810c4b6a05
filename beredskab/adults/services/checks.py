"""What every service of the adult track starts with: the locked case, the policy, and the risk
gate worded for an adult."""

from django.utils.translation import gettext as _

from beredskab.cases.case_events import lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case, CasePerson
from beredskab.cases.risk.gate import GateClosed, gate_decision, require_gate
from beredskab.cases.risk.mentions import NetworkMentioned, check_mentions

from ..policies import adult_policy


def locked_adult_case(actor, case: Case, action: str = "work") -> Case:
    """The case row locked for the transaction, after the policy allowed `action` on it (an
    adult case, the case's own unit, open). Raises PolicyDenied."""
    case = lock_case(case)
    adult_policy.require(actor, action, case)
    return case


def case_people(case: Case, people) -> list[CasePerson]:
    """The chosen people, as the case's own family/network rows (anything else is refused)."""
    chosen = list(people or [])
    found = list(CasePerson.objects.filter(case=case, pk__in=[p.pk for p in chosen]))
    if len(found) != len({p.pk for p in chosen}):
        raise CaseError(_("Vælg personer fra sagens familie og netværk."))
    return found


def require_adult_gate(case: Case, *, what: str, people=(), family: bool = False):
    """`beredskab.cases.risk.gate.require_gate`, with the refusal worded for an adult citizen."""
    try:
        return require_gate(case, what=what, people=people, family=family)
    except GateClosed as refusal:
        if refusal.question:
            raise
        decision = gate_decision(case)
        raise GateClosed(
            _(
                "%(what)s er ikke tilladt nu. %(why)s Risikoen for borgeren skal vurderes, før familie eller "
                "netværk inddrages. Kun en leder kan tilsidesætte risikoporten, med en skriftlig begrundelse."
            )
            % {"what": what, "why": decision.reason},
            case=case,
            what=what,
        ) from None


class CitizenNetworkMentioned(NetworkMentioned):
    """`NetworkMentioned`, asked about the citizen's family or network."""

    def __init__(self, mentions: list[str], *, case=None):
        GateClosed.__init__(
            self,
            _(
                "Teksten nævner %(who)s fra borgerens familie eller netværk. Deltog personen, så vælg vedkommende, "
                "så risikoporten kan tage stilling. Nævnes personen kun, så bekræft det."
            )
            % {"who": ", ".join(mentions)},
            case=case,
        )
        self.mentions = mentions


def check_citizen_mentions(case: Case, texts, **kwargs) -> list[str]:
    """`beredskab.cases.risk.mentions.check_mentions`, with the question worded for an adult citizen."""
    try:
        return check_mentions(case, texts, **kwargs)
    except NetworkMentioned as question:
        raise CitizenNetworkMentioned(question.mentions, case=question.case) from None
