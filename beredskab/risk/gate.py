"""The risk gate (barnets lov § 18, stk. 3): when negative social control or an honour-related
conflict may be involved, the risk is assessed before the parents or the network are involved.

The rule, once:

- **Closed until decided.** Every case here is about a possible NSK/ÆRK concern, so a case
  starts with the gate closed. It opens only by
  (a) a screening that rules NSK/ÆRK out, with a written reason, approved by a leader who did
      not screen (four eyes),
  (b) a *current* approved risk assessment: the latest version, approved, its reassessment
      date not passed, and approved (or confirmed with a reason) after the last new report or
      reopening, or
  (c) a leader's override with a written reason (removing the flag is an override too).
- **About people, not pages.** Every service that writes something that can involve a person
  of the child's family or network calls `require_gate` inside its transaction, naming the
  people (or saying the family as such is involved). Free text that names such a person is
  caught by `check_mentions` and asked about.

`gate_decision(case)` decides; `require_gate` enforces; `gated` marks each service with what
it involves (a test enumerates the services and holds every one to its mark) and writes a
refused attempt to the audit log.
"""

import datetime
import functools
import itertools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases import audit_actions as case_audit_actions
from beredskab.cases.errors import CaseError
from beredskab.cases.models import GateBasis, GateResetCause, NetworkStepKind, YesNoUnknown
from beredskab.core.policies import Decision
from beredskab.core.text import consonant_skeleton, fold, words_of
from beredskab.core.workdays import to_local

from .models import AssessmentStatus, GateConfirmation, GateOverride, OverrideKind, RiskAssessment

LAW = "barnets lov § 18, stk. 3"


@dataclass(frozen=True)
class GateDecision(Decision):
    """Open (`allowed`) or closed, with `reason`: always a sentence the case page shows."""

    basis: str = ""
    assessment: RiskAssessment | None = None
    override: GateOverride | None = None
    screening: object | None = None

    def audit_values(self) -> dict:
        """What an audit event records about the gate (codes and ids, never text)."""
        return {
            "basis": self.basis,
            "assessment": self.assessment.version if self.assessment else None,
            "override": self.override.pk if self.override else None,
            "screening": getattr(self.screening, "pk", None),
        }


class GateClosed(CaseError):
    """Raised by services when the gate refuses; `reason` is shown to the user."""

    def __init__(self, reason, *, case=None, what: str = ""):
        super().__init__(reason)
        self.case = case
        self.what = what


class NetworkMentioned(GateClosed):
    """While the gate is closed, free text names a person of the family or network who is not
    named as taking part. The user is asked: name them (then the gate refuses) or confirm that
    they are only mentioned."""

    def __init__(self, mentions: list[str], *, case=None):
        super().__init__(
            _(
                "Teksten nævner %(who)s fra barnets familie eller netværk. Deltog personen, så vælg vedkommende, "
                "så risikoporten kan tage stilling. Nævnes personen kun, så bekræft det."
            )
            % {"who": ", ".join(mentions)},
            case=case,
        )
        self.mentions = mentions


# --- what the case holds, read from prefetched rows when the page already has them -------------


def _rows(case, name: str, queryset):
    cache = getattr(case, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(queryset)


def _active_override(case) -> GateOverride | None:
    rows = _rows(case, "gate_overrides", case.gate_overrides.filter(revoked_at__isnull=True))
    active = [o for o in rows if o.revoked_at is None]
    return max(active, key=lambda o: (o.granted_at, o.pk)) if active else None


def _latest_assessment(case) -> RiskAssessment | None:
    rows = _rows(case, "risk_assessments", case.risk_assessments.order_by("-version")[:1])
    return max(rows, key=lambda a: a.version) if rows else None


def _after_reset(case, moment) -> bool:
    """Was this made after the last new report or reopening (so with it in view)?"""
    return case.gate_reset_at is None or (moment is not None and moment > case.gate_reset_at)


def _current_screening(case):
    """The latest screening, if it was made after the last new report or reopening."""
    rows = _rows(case, "screenings", case.screenings.all())
    latest = max(rows, key=lambda s: (s.screened_at, s.pk)) if rows else None
    return latest if latest is not None and _after_reset(case, latest.screened_at) else None


def _approved_screen_out(case):
    screening = _current_screening(case)
    if screening is not None and not screening.nsk_aerk_possible and screening.gate_approved_at is not None:
        return screening
    return None


def _confirmed_after_reset(case, assessment: RiskAssessment) -> bool:
    """Written (completed) after the last new report or reopening, or confirmed since: an
    assessment completed before them and only approved after is confirmed too."""
    if _after_reset(case, assessment.completed_at):
        return True
    rows = _rows(case, "gate_confirmations", GateConfirmation.objects.filter(case=case))
    return any(c.assessment_id == assessment.pk and _after_reset(case, c.confirmed_at) for c in rows)


def _date(day: datetime.date) -> str:
    return date_format(day, "j. F Y")


def today() -> datetime.date:
    """The date in Copenhagen: a reassessment date runs out at local midnight."""
    return to_local(timezone.now()).date()


# --- the rule ---------------------------------------------------------------------------------


def gate_decision(case, *, on: datetime.date | None = None) -> GateDecision:
    """Is the gate open for this case now, and why (or why not)?

    Open by (in this order) a leader's active override, a screening ruling NSK/ÆRK out that a
    leader approved, or the latest risk assessment while approved, not past its reassessment
    date (`on`, default today in Copenhagen, is the last day it counts) and approved or confirmed
    after the last new report or reopening. Otherwise closed. Source: barnets lov § 18, stk. 3."""
    on = on or today()
    override = _active_override(case)
    if override is not None and (case.gate_reset_at is None or override.granted_at >= case.gate_reset_at):
        if override.kind == OverrideKind.NOT_INVOLVED:
            reason = _("En leder har fjernet markeringen af mulig NSK/ÆRK med en skriftlig begrundelse.")
        else:
            reason = _("Risikoporten er tilsidesat af en leder.")
        return GateDecision(True, reason, basis=GateBasis.OVERRIDE, override=override)
    if not case.nsk_aerk_flag:
        screening = _approved_screen_out(case)
        if screening is not None:
            return GateDecision(
                True,
                _("Screeningen den %(date)s konkluderede, at NSK/ÆRK ikke er involveret, og en leder har godkendt det.")
                % {"date": _date(to_local(screening.screened_at).date())},
                basis=GateBasis.SCREENED_OUT,
                screening=screening,
            )
    assessment = _latest_assessment(case)
    if assessment is None:
        return GateDecision(False, _("Der er ingen godkendt risikovurdering."))
    if assessment.status != AssessmentStatus.APPROVED:
        return GateDecision(
            False,
            _(
                "Den nyeste risikovurdering (version %(v)s) har status “%(status)s”. Porten følger kun den "
                "nyeste version, og kun når den er godkendt."
            )
            % {"v": assessment.version, "status": AssessmentStatus(assessment.status).label},
        )
    if assessment.reassessment_on is None or assessment.reassessment_on < on:
        return GateDecision(
            False,
            _("Risikovurderingen (version %(v)s) skulle revurderes senest %(date)s.")
            % {
                "v": assessment.version,
                "date": _date(assessment.reassessment_on) if assessment.reassessment_on else "–",
            },
        )
    if not _confirmed_after_reset(case, assessment):
        cause = (
            GateResetCause(case.gate_reset_cause).label
            if case.gate_reset_cause in GateResetCause.values
            else _("Sagen er ændret")
        )
        return GateDecision(
            False,
            _(
                "%(cause)s, efter at risikovurderingen (version %(v)s) blev godkendt. Vurdér risikoen igen, eller "
                "bekræft den gældende vurdering med en begrundelse."
            )
            % {"cause": cause, "v": assessment.version},
        )
    return GateDecision(
        True,
        _("Risikovurderingen (version %(v)s) er godkendt og gælder til og med %(date)s.")
        % {"v": assessment.version, "date": _date(assessment.reassessment_on)},
        basis=GateBasis.ASSESSMENT,
        assessment=assessment,
    )


def awaiting_confirmation(case) -> RiskAssessment | None:
    """The latest assessment when it is approved and current but the gate is closed only
    because a new report came or the case was reopened since (the worker may confirm it)."""
    assessment = _latest_assessment(case)
    if (
        assessment is None
        or assessment.status != AssessmentStatus.APPROVED
        or assessment.reassessment_on is None
        or assessment.reassessment_on < today()
        or _confirmed_after_reset(case, assessment)
    ):
        return None
    return assessment


def screening_awaiting_approval(case):
    """The latest screening when it rules NSK/ÆRK out, was made after the last new report or
    reopening, and a leader has not approved it yet."""
    screening = _current_screening(case)
    if screening is not None and not screening.nsk_aerk_possible and screening.gate_approved_at is None:
        return screening
    return None


def refusal_reason(what: str, decision: GateDecision) -> str:
    return _(
        "%(what)s er ikke tilladt nu. %(why)s Efter barnets lov § 18, stk. 3 skal risikoen for barnet vurderes, "
        "før forældre eller netværk inddrages. Kun en leder kan tilsidesætte risikoporten, med en skriftlig "
        "begrundelse."
    ) % {"what": what, "why": decision.reason}


def check_network_step(case, step: str | None = None) -> GateDecision:
    """The gate's answer for one of the five "Inddragelse" steps (or in general), with the
    refusal worded for that step. The pages ask it to show or disable a button."""
    if step is not None and step not in NetworkStepKind.values:
        raise ValueError(f"Unknown network step {step!r}")
    decision = gate_decision(case)
    if decision.allowed:
        return decision
    what = NetworkStepKind(step).label if step else _("Inddragelse af forældre eller netværk")
    return GateDecision(False, refusal_reason(what, decision))


def require_gate(case, *, what: str, people=(), family: bool = False, planned: bool = False):
    """The one check for every write that can involve the child's family or network.

    `people` are the case's family/network persons the record involves; `family=True` says the
    record involves the family as such (a family-oriented intervention). With neither, nothing
    is involved and None is returned. `planned=True` (a contact the worker is about to make)
    also refuses, with the gate open, people marked "må ikke kontaktes" and possible
    perpetrators nobody has recorded may be contacted. Returns the open `GateDecision`, or
    raises `GateClosed` (or `CaseError`) with the Danish reason."""
    people = list(people)
    if any(p.case_id != case.pk for p in people):
        raise CaseError(_("Vælg personer fra sagens familie og netværk."))
    if not people and not family:
        return None
    decision = gate_decision(case)
    if not decision.allowed:
        raise GateClosed(refusal_reason(what, decision), case=case, what=what)
    if planned:
        barred = [p for p in people if p.may_contact == YesNoUnknown.NO]
        if barred:
            raise CaseError(
                _("%(who)s må ikke kontaktes ifølge sagen. Ret oplysningen om personen først, hvis det er ændret.")
                % {"who": ", ".join(p.get_relation_display() for p in barred)}
            )
        # A possible perpetrator is contacted only on a recorded decision that they may be.
        undecided = [p for p in people if p.possible_perpetrator and p.may_contact != YesNoUnknown.YES]
        if undecided:
            raise CaseError(
                _(
                    "%(who)s er mulig udøver. Angiv først på personen, at vedkommende må kontaktes, og hvorfor, "
                    "hvis risikovurderingen giver grundlag for det."
                )
                % {"who": ", ".join(p.get_relation_display() for p in undecided)}
            )
    return decision


# --- free text that names the family ------------------------------------------------------------

# Words for family members as a worker writes them ("Møde med far", "morbroren ringede"), with
# their inflected forms. "fare" (danger) is deliberately not among them.
_RELATION_WORDS_TEXT = """
far faren fars farens fader faderen faders faderens fædre fædrene
mor moren mors morens moder moderen moders moderens mødre mødrene
forælder forælderen forælders forælderens forældre forældrene forældres forældrenes
stedfar stedfaren stedfars stedmor stedmoren stedmors papfar papfaren papfars papmor papmoren papmors
bonusfar bonusfaren bonusmor bonusmoren bonusforælder plejefar plejemor plejeforældre plejeforældrene
værge værgen værges værgens
bror broren brors brorens brødre brødrene storebror storebroren storebrors lillebror lillebroren lillebrors
halvbror halvbroren halvbrors halvbrødre søster søsteren søsters søsterens søstre søstrene
storesøster storesøsteren lillesøster lillesøsteren halvsøster halvsøsteren søskende søskendene
bedstefar bedstefaren bedstefars bedstemor bedstemoren bedstemors bedsteforældre bedsteforældrene
farfar farfaren farfars farmor farmoren farmors morfar morfaren morfars mormor mormoren mormors
onkel onklen onkels onklens onkler onklerne farbror farbroren farbrors morbror morbroren morbrors
tante tanten tantes tantens tanter tanterne faster fasteren fasters moster mosteren mosters
fætter fætteren fætters fætre fætrene kusine kusinen kusines kusiner kusinerne
familie familien familiens familier familierne slægt slægten slægtens slægtning slægtningen slægtninge
slægtningene svoger svogeren svigerinde svigerfar svigermor svigerfamilie svigerfamilien svigerforældre
ægtefælle ægtefællen ægtemand ægtemanden hustru hustruen kæreste kæresten kærestens forlovede forloveden
broder broderen broders brodern papa pappa mama mamma brudgom brudgommen gommen
"""
RELATION_WORDS = frozenset(fold(word) for word in _RELATION_WORDS_TEXT.split())
# The first part of compound words about the family ("forældremøde", "familiebehandling",
# "hjemmebesøg"): a word that starts with one of these names the family too.
RELATION_STEMS = tuple(fold(word) for word in ("forældre", "familie", "hjemmebesøg", "svigerfamilie", "slægts"))
# Two words that together name a family member ("hendes mand").
RELATION_PHRASES = frozenset(
    (fold(a), fold(b))
    for a, b in (
        ("hendes", "mand"),
        ("hendes", "mands"),
        ("hans", "kone"),
        ("hans", "hustru"),
        ("hendes", "svoger"),
        ("min", "far"),
        ("min", "mor"),
    )
)
# Words that say a contact took place ("ringede", "mødte", "fortalte"): in a text that weighs
# the case (a screening, a consultation's question) a family member is asked about only in a
# sentence that also says this, so analysis can name the family freely.
_CONTACT_WORDS_TEXT = """
ringede ringet ringer talte talt snakkede snakket mødte mødtes mødet skrev skrevet sms smsede mailede
besøgte besøgt hjemmebesøg fortalte fortalt kontaktede kontaktet henvendte henvendt informerede informeret
orienterede orienteret sendte sendt brev telefonisk
"""
CONTACT_WORDS = frozenset(fold(word) for word in _CONTACT_WORDS_TEXT.split())
# Forms of address that go before a surname ("Hr. Testesen ringede").
_TITLES = frozenset({"hr", "fru", "frk", "mr", "mrs", "ms"})

# The user's answer to "are these people only mentioned?": True from code, or the mentions a
# page asked about (see `check_mentions`).
type MentionsAnswer = bool | Collection[str]


@dataclass(frozen=True)
class _NameKeys:
    words: frozenset  # name words of three letters or more
    short: frozenset  # two-letter name words: a hit only when written with a capital
    skeletons: frozenset  # consonant skeletons: other spellings, when written with a capital
    phrase: str


def _name_keys(case, person) -> _NameKeys:
    """How a person's name can stand in a text. The child's own first name and surname are left
    out (a father sharing the surname is not named by it), a middle name is not."""
    child = words_of(getattr(case, "subject_name", "") or "")
    childs_own = {child[0], child[-1]} if child else set()
    words = [w for w in words_of(person.name) if w not in childs_own]
    long_words = frozenset(w for w in words if len(w) >= 3)
    skeletons = frozenset(k for k in (consonant_skeleton(w) for w in long_words) if len(k) >= 3)
    return _NameKeys(long_words, frozenset(w for w in words if len(w) == 2), skeletons, " ".join(words_of(person.name)))


def _text_words(text: str) -> list[tuple[str, bool]]:
    """(folded word, written with a capital) for each word of a text, invisible characters
    (zero-width spaces, soft hyphens) removed first so they cannot split a name."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", text or "") if unicodedata.category(c) != "Cf")
    return [(fold(w), w[:1].isupper()) for w in re.findall(r"[^\W\d_]+", visible)]


def _names(keys: _NameKeys, word: str, capital: bool) -> bool:
    if word in keys.words or (word.endswith("s") and word[:-1] in keys.words):  # "Karims" (genitive)
        return True
    if capital and word in keys.short:
        return True
    return capital and len(word) >= 3 and consonant_skeleton(word) in keys.skeletons


def _addressed(person, words: list[tuple[str, bool]]) -> bool:
    """A person named by a title or an initial and their surname ("Fru Testesen", "K. Testesen"),
    also when the child shares the surname."""
    name = words_of(person.name)
    if len(name) < 2:
        return False
    surnames = set(name[1:])
    for (word, _capital), (following, _next_capital) in itertools.pairwise(words):
        if following in surnames and (word in _TITLES or word == name[0][:1]):
            return True
    return False


def _family_words(words: list[tuple[str, bool]]) -> set[str]:
    plain = [w for w, _capital in words]
    found = {w for w in plain if w in RELATION_WORDS}
    found |= {w for w in plain if w.startswith(RELATION_STEMS)}
    found |= {f"{a} {b}" for a, b in itertools.pairwise(plain) if (a, b) in RELATION_PHRASES}
    return found


def mentioned(case, text: str, *, relation_words: bool, people=None) -> list[str]:
    """Who of the case's family and network a text seems to name: the relation ("Far") of each
    person whose name occurs (also genitive, other spellings, look-alike letters, split by
    invisible characters, or a title and surname), and the family words ("far", "morbroren",
    "forældremøde", "hendes mand") when `relation_words`."""
    words = _text_words(text)
    if not words:
        return []
    phrase = " " + " ".join(w for w, _capital in words) + " "
    found = []
    for person in people if people is not None else case.people.all():
        keys = _name_keys(case, person)
        by_name = any(_names(keys, w, capital) for w, capital in words) or (
            keys.phrase and f" {keys.phrase} " in phrase
        )
        if by_name or _addressed(person, words):
            # The relation only: the question must not echo a name the reader may not see.
            label = str(person.get_relation_display())
            if label not in found:
                found.append(label)
    if relation_words:
        found.extend(f"“{w}”" for w in sorted(_family_words(words)))
    return found


def _contact_sentences(text: str) -> list[str]:
    """The sentences of a text that say a contact took place."""
    sentences = re.split(r"(?<=[.!?\n])\s+", text or "")
    return [s for s in sentences if {w for w, _capital in _text_words(s)} & CONTACT_WORDS]


def check_mentions(
    case,
    texts,
    *,
    named=(),
    relation_words: bool = True,
    confirmed=False,
    contacts_only: bool = False,
    writer=None,
) -> list[str]:
    """Refuse (`NetworkMentioned`) free text that names family or network people who are not
    among `named`: while the gate is closed, anyone of them (and family words, with
    `relation_words`); while it is open, only people who must not be contacted. `confirmed` is
    the user's answer that they are only mentioned: True from code, or from a page the exact
    mentions it asked about (so a confirmation posted before the question counts for nothing).
    `contacts_only`: a text that weighs the case rather than records what happened is asked
    about only in sentences that say a contact took place (`CONTACT_WORDS`). Returns what was
    found (the caller's audit event records that it was confirmed, never the names).
    `writer`: for someone outside the case team (a unit it is shared with) a person withheld
    from them is still asked about (the gate comes first), but only as "someone from the family
    or network": the question names neither them nor their relation."""
    named_ids = {p.pk for p in named}
    others = [p for p in case.people.all() if p.pk not in named_ids]
    hidden: list = []
    if writer is not None:
        from beredskab.cases.selectors import disclosure_for

        disclosure = disclosure_for(writer, case)
        hidden = [p for p in others if not (disclosure.may_show(p) and disclosure.may_show(p, "name"))]
        others = [p for p in others if p not in hidden]
    if gate_decision(case).allowed:
        others = [p for p in others if p.may_contact == YesNoUnknown.NO]
        hidden = [p for p in hidden if p.may_contact == YesNoUnknown.NO]
        relation_words = False
    found: list[str] = []
    if contacts_only:
        texts = [sentence for text in texts for sentence in _contact_sentences(text)]
    for text in texts:
        hits = mentioned(case, text or "", relation_words=relation_words, people=others)
        if hidden and mentioned(case, text or "", relation_words=False, people=hidden):
            hits.append(_("en person fra familie eller netværk"))
        for hit in hits:
            if hit not in found:
                found.append(hit)
    answered = confirmed is True or (not isinstance(confirmed, bool) and set(found) <= set(confirmed or ()))
    if found and not answered:
        raise NetworkMentioned(found, case=case)
    return found


def audit_refusal(*, actor, case, by: str, kind: str = "", question: bool = False) -> None:
    """Write that the gate refused an attempt (a security event), or only asked about family
    named in a text (`question`, its own action so it does not bury the refusals)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=case_audit_actions.FAMILY_MENTION_ASKED if question else case_audit_actions.NETWORK_STEP_REFUSED,
            target=case,
            person_ref=case.person_ref,
            purpose=Purpose.CASE_WORK,
            new={"case": case.reference, "service": by, "kind": kind},
        )


# --- the mark every case service carries ---------------------------------------------------------


class Involves:
    """What a service's record can involve, for the gate (`gated`)."""

    NEVER = "never"  # internal work: assessments, screening, clocks, access, restrictions
    PEOPLE = "people"  # may involve family or network people, decided by its input
    ALWAYS = "always"  # always involves the family or network


def gated(involves: str):
    """Mark a service with what it involves, and audit every attempt the gate refuses.

    Every public service of the case apps carries this mark; a test enumerates them and runs
    each `PEOPLE`/`ALWAYS` service with the gate closed, so a new service cannot skip the rule."""
    if involves not in (Involves.NEVER, Involves.PEOPLE, Involves.ALWAYS):
        raise ValueError(involves)

    def mark(service):
        if involves == Involves.NEVER:
            service.gate_involves = involves
            return service

        @functools.wraps(service)
        def run(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except GateClosed as refusal:
                if refusal.case is not None:
                    audit_refusal(
                        actor=kwargs.get("actor"),
                        case=refusal.case,
                        by=service.__name__,
                        kind=kwargs.get("kind", ""),
                        question=isinstance(refusal, NetworkMentioned),
                    )
                raise

        run.gate_involves = involves
        return run

    return mark
