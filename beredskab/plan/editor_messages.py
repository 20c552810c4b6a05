"""The file format's validation messages in the plan editor's words (see `editor`)."""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

# The file format's messages (English: the file and its command-line tools speak English), said
# to the coordinator in the page's language. Every message the validation can write has a
# pattern here (tests/test_editor_messages enumerates the validation's `error` calls); one that
# has none is shown as a Danish general message, never in English. `v` is the value as the
# message quotes it (`show`: "text" quoted, else its repr).
_VALUE = r'(?P<v>".*"|\S+)'
_W = r'(?P<w>".*"|\S+)'


def _rule(pattern: str, words) -> tuple[re.Pattern, Any]:
    return re.compile(f"^{pattern}$"), words


MESSAGES_IN_WORDS = [
    _rule(r"is required", _("Skal udfyldes.")),
    _rule(r"must not be empty", _("Skal have mindst én række.")),
    _rule(
        rf"{_VALUE} must be a short number \(3-4 digits\) or 8 digits",
        _("%(v)s skal være et kort nummer (3-4 cifre) eller 8 cifre."),
    ),
    _rule(rf"{_VALUE} is not a valid phone number", _("%(v)s er ikke et gyldigt telefonnummer.")),
    _rule(rf"{_VALUE} is not a valid e-mail address", _("%(v)s er ikke en gyldig e-mailadresse.")),
    _rule(rf"{_VALUE} is not a valid web address", _("%(v)s er ikke en gyldig webadresse.")),
    _rule(
        rf"{_VALUE} (is not a valid time range|must be a time range like .*)",
        _("%(v)s er ikke et tidsrum som 08:00-15:00 (flere tidsrum adskilt af komma)."),
    ),
    _rule(r"time ranges overlap", _("Tidsrummene overlapper hinanden.")),
    _rule(rf"{_VALUE} is not the code of a unit in units", _("%(v)s er ikke koden på en enhed i planen.")),
    _rule(rf"{_VALUE} is not the code of a partner", _("%(v)s er ikke koden på en samarbejdspartner.")),
    _rule(rf"{_VALUE} is not the code of a group in target_groups", _("%(v)s er ikke koden på en målgruppe i planen.")),
    _rule(rf"{_VALUE} is not the code of a centre in centres", _("%(v)s er ikke koden på et center i planen.")),
    _rule(rf"{_VALUE} is not the code of a reader in readers", _("%(v)s er ikke koden på en læser i planen.")),
    _rule(
        rf"{_VALUE} must be lower-case letters, digits and hyphens",
        _("%(v)s må kun indeholde små bogstaver, tal og bindestreg."),
    ),
    _rule(rf"{_VALUE} is already used by .*", _("%(v)s er allerede brugt af en anden række.")),
    _rule(
        r"is too long \((?P<n>\d+) characters; at most (?P<max>\d+)\)", _("Er for lang (%(n)s tegn; højst %(max)s).")
    ),
    _rule(rf"{_VALUE} is not one of: (?P<choices>.*)", _("%(v)s er ikke en af: %(choices)s.")),
    _rule(
        rf"{_VALUE} is not a valid month \(use YYYY-MM or e\.g\. april 2024\)",
        _("%(v)s er ikke en gyldig måned (skriv ÅÅÅÅ-MM eller fx april 2024)."),
    ),
    _rule(
        r"(?P<due>\S+) is more than (?P<n>\d+) years after adoption \((?P<adopted>\S+)\); "
        r"at the latest (?P<latest>\S+)",
        _("%(due)s ligger mere end %(n)s år efter vedtagelsen (%(adopted)s); senest %(latest)s."),
    ),
    _rule(
        r"(?P<due>\S+) must be after the adoption date \((?P<adopted>\S+)\)",
        _("%(due)s skal ligge efter vedtagelsesdatoen (%(adopted)s)."),
    ),
    _rule(rf"{_VALUE} is listed twice", _("%(v)s står der to gange.")),
    _rule(
        r"professionals cannot report anonymously \(barnets lov § 133\)",
        _("Fagpersoner kan ikke underrette anonymt (barnets lov § 133)."),
    ),
    _rule(r"lists a topic twice", _("Et emne står der to gange.")),
    _rule(
        r"max \((?P<hi>-?\d+)\) is below min \((?P<lo>-?\d+)\)",
        _("Den højeste alder (%(hi)s) er lavere end den laveste (%(lo)s)."),
    ),
    _rule(r'must be "always" or weekdays .*', _("Skal være døgnet rundt eller ugedage med tidsrum.")),
    _rule(r"must be one time range like .*", _("Skal være ét tidsrum som 09:00-12:00, eller lukket.")),
    _rule(rf"{_VALUE} is not a date", _("%(v)s er ikke en dato.")),
    _rule(
        r"needs a way to reach it: .*",
        _("Skal have en måde at blive kontaktet på: telefon, e-mail, hjemmeside, adresse eller en anden enhed."),
    ),
    _rule(
        r"is required for an out-of-hours contact \((?P<choices>.*)\)",
        _("Skal udfyldes for en kontakt uden for åbningstid (%(choices)s)."),
    ),
    _rule(
        r"is only for out-of-hours contacts \(role: out_of_hours\)",
        _("Bruges kun for kontakter uden for åbningstid (rolle: out_of_hours)."),
    ),
    _rule(r"is only for front desks \(role: front_desk\)", _("Bruges kun for en indgang (rolle: front_desk).")),
    _rule(
        rf"{_VALUE} is not a supported format version \(use (?P<n>.*)\)",
        _("%(v)s er ikke en understøttet formatversion (brug %(n)s)."),
    ),
    _rule(r"the code (?P<v>\S+) is used twice", _("Koden %(v)s er brugt to gange.")),
    _rule(
        r"a rule of kind (?P<kind>\S+) needs (?P<name>\S+) \(a whole number from 1\)",
        _("En regel af typen %(kind)s skal have %(name)s (et helt tal fra 1)."),
    ),
    _rule(r"a rule of kind (?P<kind>\S+) takes no (?P<name>\S+)", _("En regel af typen %(kind)s har ikke %(name)s.")),
    _rule(rf"{_VALUE} is not a valid date \(use YYYY-MM-DD\)", _("%(v)s er ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD).")),
    _rule(r"must be a mapping \(key: value lines\)", _("Skal være en samling felter (linjer med navn: værdi).")),
    _rule(r"must be a list \(lines starting with '- '\)", _("Skal være en liste (linjer, der begynder med '- ').")),
    _rule(r"must be text", _("Skal være tekst.")),
    _rule(
        r"looks like a CPR number; the plan is public",
        _("Ligner et CPR-nummer. Planen er offentlig: skriv ingen personoplysninger."),
    ),
    _rule(r"contains a NUL character", _("Indeholder et NUL-tegn, som ikke er tilladt.")),
    _rule(
        r"contains a Unicode direction control \(.*\)",
        _("Indeholder et usynligt tegn, der vender skriftens retning, som ikke er tilladt."),
    ),
    _rule(rf"{_VALUE} must be true or false", _("%(v)s skal være ja eller nej (true eller false).")),
    _rule(rf"{_VALUE} must be a whole number", _("%(v)s skal være et helt tal.")),
    _rule(r"(?P<v>\S+) must be between (?P<lo>-?\d+) and (?P<hi>-?\d+)", _("%(v)s skal være mellem %(lo)s og %(hi)s.")),
    _rule(r"(?P<v>\S+) must be at least (?P<lo>-?\d+)", _("%(v)s skal være mindst %(lo)s.")),
    _rule(
        rf"{_VALUE} must be a date \(YYYY-MM-DD\), not a time",
        _("%(v)s skal være en dato (ÅÅÅÅ-MM-DD), ikke et tidspunkt."),
    ),
    _rule(r'unknown key \(did you mean "(?P<k>.*)"\?\)', _('Ukendt felt (mente du "%(k)s"?).')),
    _rule(r"unknown key \(allowed: (?P<keys>.*)\)", _("Ukendt felt (tilladte: %(keys)s).")),
    _rule(r"must be a non-empty text", _("Skal være en tekst, der ikke er tom.")),
    _rule(r"must say why the value is not confirmed", _("Skal sige, hvorfor værdien ikke er bekræftet.")),
    _rule(r'an unconfirmed fact needs a "value"', _('En ikke-bekræftet oplysning skal have en værdi ("value").')),
    _rule(
        rf"{_VALUE} is the guide's own word for a reader; choose another",
        _("%(v)s er handleguidens eget ord for en læser; vælg et andet."),
    ),
    _rule(rf"{_VALUE} has a procedure already", _("%(v)s har allerede en procedure.")),
    _rule(
        r"is required when the plan has more than one target group",
        _("Skal udfyldes, når planen har mere end én målgruppe."),
    ),
    _rule(
        rf"{_VALUE} forwards to {_W}, which does not receive reports for this group",
        _("%(v)s sender videre til %(w)s, som ikke modtager underretninger for denne målgruppe."),
    ),
    _rule(
        r"overlaps another group \(age (?P<n>-?\d+) is already covered\)",
        _("Overlapper en anden målgruppe (alder %(n)s er allerede dækket)."),
    ),
    _rule(
        rf"{_VALUE} has role (?P<role>\S+); .* must be a unit with role (?P<roles>.*)",
        _("%(v)s har rollen %(role)s; her skal det være en enhed med rollen %(roles)s."),
    ),
    _rule(r"a unit cannot forward to itself", _("En enhed kan ikke sende videre til sig selv.")),
    _rule(r"a unit cannot be reached via itself", _("En enhed kan ikke nås via sig selv.")),
    _rule(
        r"leads back to itself \((?P<cycle>.*)\): the chain .*",
        _(
            "Fører tilbage til sig selv (%(cycle)s): kæden skal ende ved en enhed med egen telefon, e-mail, "
            "hjemmeside eller adresse."
        ),
    ),
    _rule(r'postcode "(?P<v>.*)" is also in (?P<where>.*)', _("Postnummer %(v)s står også i %(where)s.")),
    _rule(
        r"give either unit or one_of .*",
        _("Angiv enten én enhed (unit) eller en liste af enheder, som planen beder om én af (one_of)."),
    ),
    _rule(
        r"lists at least two different units \(else use unit\)",
        _("Skal nævne mindst to forskellige enheder (ellers brug unit)."),
    ),
    _rule(rf"{_VALUE} is not a 4-digit postcode", _("%(v)s er ikke et postnummer med 4 cifre.")),
    _rule(r'"(?P<v>.*)" is reserved for the unknown-age choice', _('"%(v)s" er forbeholdt valget "ukendt alder".')),
    _rule(
        rf"{_VALUE} is not a language code other than da \(e\.g\. en\)",
        _("%(v)s er ikke en anden sprogkode end da (fx en)."),
    ),
    _rule(
        r"names no text of the plan that can be translated",
        _("Henviser ikke til en tekst i planen, der kan oversættes."),
    ),
]


GENERAL_MESSAGE = _("Værdien passer ikke til planens filformat.")


def in_words(message: str) -> str:
    """A validation message (without its place) in the page's language; one without a pattern
    (a new message not yet given one) as a general Danish message, never in English."""
    for pattern, words in MESSAGES_IN_WORDS:
        if match := pattern.match(message):
            return str(words) % {k: v or "" for k, v in match.groupdict().items()}
    return str(GENERAL_MESSAGE)


def placed_in_words(error: str) -> str:
    """A validation error with its place (`units[1].phone: ...`), its message in words."""
    where, sep, message = error.partition(": ")
    return f"{where}: {in_words(message)}" if sep else in_words(error)
