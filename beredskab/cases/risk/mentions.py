"""Free text that names the child's family or network (`check_mentions`), for the risk gate.

While the gate is closed, a text a service is about to record that names a family or network
person not named as taking part is asked about (`NetworkMentioned`): the worker names them
(then the gate decides) or confirms they are only mentioned. While it is open, only people who
must not be contacted are asked about. Names are found however they are written (genitive,
other spellings, look-alike letters, invisible characters, a title and a surname), and so are
family words ("far", "morbroren", "forældremøde").
"""

import itertools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import gettext as _

from beredskab.cases.models import YesNoUnknown
from beredskab.core.text import consonant_skeleton, fold, words_of

from .gate import GateClosed, gate_decision


class NetworkMentioned(GateClosed):
    """While the gate is closed, free text names a person of the family or network who is not
    named as taking part. The user is asked: name them (then the gate refuses) or confirm that
    they are only mentioned."""

    question = True

    def __init__(self, mentions: list[str], *, case=None):
        adult = case is not None and case.is_adult
        text = (
            _(
                "Teksten nævner %(who)s fra borgerens familie eller netværk. Deltog personen, så vælg vedkommende, "
                "så risikoporten kan tage stilling. Nævnes personen kun, så bekræft det."
            )
            if adult
            else _(
                "Teksten nævner %(who)s fra barnets familie eller netværk. Deltog personen, så vælg vedkommende, "
                "så risikoporten kan tage stilling. Nævnes personen kun, så bekræft det."
            )
        )
        super().__init__(
            text % {"who": ", ".join(mentions)},
            case=case,
        )
        self.mentions = mentions


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
