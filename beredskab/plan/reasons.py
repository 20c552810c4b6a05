"""Why the routing answers as it does, as data, and the one place that puts it into words.

`opening.opening_status` and `routing.route` explain themselves with `RoutingReason`s: a
`ReasonCode` and its parameters (names and phone numbers from the plan, moments, the reason a
unit is closed), never with sentences. This module words them:

    reason_text(RoutingReason(ReasonCode.OPEN_UNTIL, {"until": ..., "now": ...}))  # "Åben nu til 15:00"
    reasons_text(reasons)   # the reasons as sentences: "Lukket nu (weekend). Ring til døgnvagten ..."
    danish_text(reasons)    # the same in Danish whatever language is active (what a record keeps)

Words come from gettext (Danish source strings, English in the catalogue), in the active
language. A moment is worded relative to `now`: "15:00" today, "i morgen kl. 08:00", else
"mandag 28. december kl. 08:00". A public holiday is named in English by the `holidays`
package when English is active. Texts of the plan in a reason (a target group's name, an
instruction, the emergency instruction, an own route's title) are `PlanWords`: the plan's
Danish and its translations, worded in the active language where the plan translates them,
else in Danish (`untranslated_places` names them, so a page or an answer can say so). A fact
of the plan the plan coordinator has not confirmed (a phone number, an e-mail address ...) is
named in the reason's `unconfirmed` parameter and worded with "(ikke bekræftet)" right after it.
"""

import contextvars
import datetime
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import holidays
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from beredskab.core.workdays import to_local


class ReasonCode(enum.StrEnum):
    """What a reason says; the parameters each needs are named beside it."""

    # Why a unit is closed all day or now (`OpeningStatus.closed_because`).
    WEEKEND = "weekend"
    OUTSIDE_HOURS = "outside_hours"
    PUBLIC_HOLIDAY = "public_holiday"  # date, name (Danish, from `holidays`)
    CLOSURE_DAY = "closure_day"  # name: one of the plan's closure days
    SPECIAL_CLOSED_DAY = "special_closed_day"  # note ("" when the plan gives none)
    CLOSED_WEEKDAY = "closed_weekday"  # weekday: 0 (Monday) to 6
    # A contact's opening status.
    ALWAYS_OPEN = "always_open"
    NO_HOURS = "no_hours"
    OPEN_UNTIL = "open_until"  # until, now
    CLOSED_NOW = "closed_now"  # because (a reason above)
    OPENS = "opens"  # at, now
    # How to reach a contact, and its place in the route. A reason naming a fact of the plan the
    # plan coordinator has not confirmed names its parameter in `unconfirmed` too: ("phone",).
    PLAN_TEXT = "plan_text"  # text: the plan's own words (an instruction) (, each fact it names, unconfirmed)
    CALL_UNIT = "call_unit"  # name, phone (, unconfirmed)
    WRITE_TO_UNIT = "write_to_unit"  # name, email (, unconfirmed)
    VISIT_URL = "visit_url"  # name, url (, unconfirmed)
    VISIT_ADDRESS = "visit_address"  # name, address (, unconfirmed)
    CONTACT_VIA = "contact_via"  # name, via: the unit has no contact of its own; reach it through `via`
    OR_OUT_OF_HOURS = "or_out_of_hours"  # unit: an alternative to the first out-of-hours contact
    OUT_OF_HOURS_ALTERNATIVES = "out_of_hours_alternatives"  # names: the plan offers several
    CALL_NUMBER = "call_number"  # phone
    REQUIRED_BEFORE_REPORT = "required_before_report"
    REQUIRED_ONE_OF = "required_one_of"  # names: contact one of these before a report
    FORWARDS_TO = "forwards_to"  # unit
    ENTRY_CLOSED = "entry_closed"  # unit, because
    ALSO_CLOSED = "also_closed"  # unit
    # The whole answer.
    ACUTE = "acute"  # phone
    NO_TARGET_GROUP = "no_target_group"
    GENERAL_CONTACT = "general_contact"  # unit
    AGE_UNKNOWN = "age_unknown"  # group
    AGE = "age"  # age, group
    DISTRICT = "district"  # postcode, district
    POSTCODE_OUTSIDE_DISTRICTS = "postcode_outside_districts"  # postcode, unit
    NO_POSTCODE = "no_postcode"  # unit
    DISTRICT_POSTCODES_UNCONFIRMED = "district_postcodes_unconfirmed"
    VIA_FRONT_DESK = "via_front_desk"  # desk, unit
    RECEIVES = "receives"  # unit
    CALL_OUT_OF_HOURS_FIRST = "call_out_of_hours_first"  # unit, because, out_of_hours, phone (, unconfirmed)
    CONTACT_OUT_OF_HOURS_FIRST = "contact_out_of_hours_first"  # unit, because, out_of_hours
    NO_OUT_OF_HOURS = "no_out_of_hours"  # unit, because
    ADVICE_REQUIRED = "advice_required"  # names
    ADVICE_REQUIRED_ONE_OF = "advice_required_one_of"  # names
    OWN_ROUTE_IN_PLAN = "own_route_in_plan"  # title, unit: a topic the plan covers, with its own route
    ROUTE_OUTSIDE_PLAN = "route_outside_plan"  # title, unit: a topic the plan leaves to another route
    # Intake: the report went to the plan's fallback for a person to check.
    ROUTED_FOR_CHECK = "routed_for_check"  # unit


@dataclass(frozen=True)
class PlanWords:
    """A text of the plan inside a reason, with its place in the file (`target_groups[born].name`)
    and the plan's translations of it: `str()` gives it in the active language, or in Danish when
    the plan has no translation (`in_language` says which)."""

    danish: str
    place: str = ""
    translations: tuple[tuple[str, str], ...] = ()  # (language code, text)

    @classmethod
    def of(cls, plan, place: str, danish: str) -> "PlanWords":
        """The text at `place` of `plan` (a `Plan`: its `translations`, see `validation.translations`)."""
        found = ((language, texts.get(place)) for language, texts in (plan.translations or {}).items())
        return cls(danish, place, tuple((language, text) for language, text in found if text))

    def in_language(self) -> tuple[str, str]:
        """(text, lang) in the active language: lang "da" when the Danish is shown for want of a translation."""
        language = (translation.get_language() or "da").split("-")[0]
        if language == "da":
            return self.danish, ""
        text = _unmarked(dict(self.translations).get(language) or "")  # markers alone translate nothing
        return (text, "") if text.strip() else (self.danish, "da")

    def __str__(self) -> str:
        text, lang = self.in_language()
        if _MARK_DANISH.get():  # inside `reason_html`: its markers around a Danish text, none of the text's own
            text = _unmarked(text)
            return f"{_START}{text}{_END}" if lang == "da" else text
        return text


# `reason_html` words a reason with these private-use characters around the plan's texts shown in
# Danish for want of a translation, then escapes it and makes them `<span lang="da">`.
_MARK_DANISH = contextvars.ContextVar("mark_danish", default=False)
_START, _END = "\ue000", "\ue001"


def _unmarked(text: str) -> str:
    """The text without `reason_html`'s marker characters (a text of the plan may hold them)."""
    return text.replace(_START, "").replace(_END, "")


def reason_html(reason: "RoutingReason") -> SafeString:
    """`reason_text` as HTML for a page: escaped, the plan's words shown in Danish for want of a
    translation (a closure day's name, a special day's note) inside `<span lang="da">`."""
    token = _MARK_DANISH.set(True)
    try:
        text = reason_text(reason)
    finally:
        _MARK_DANISH.reset(token)
    return mark_safe(escape(text).replace(_START, '<span lang="da">').replace(_END, "</span>"))  # noqa: S308


@dataclass(frozen=True)
class RoutingReason:
    """A reason as data. `params` hold plain values (text, numbers, dates, moments, nested
    reasons); `str(reason)` words it in the active language."""

    code: ReasonCode
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return reason_text(self)

    def to_dict(self) -> dict:
        """JSON-ready: {"code": "open_until", "params": {"until": "2026-11-24T15:00:00+01:00", ...}}."""
        return {"code": str(self.code), "params": {key: _plain(value) for key, value in self.params.items()}}


def _plain(value: Any) -> Any:
    if isinstance(value, PlanWords):
        return str(value)
    if isinstance(value, RoutingReason):
        return value.to_dict()
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


_TEMPLATES = {
    ReasonCode.WEEKEND: _("weekend"),
    ReasonCode.OUTSIDE_HOURS: _("uden for åbningstid"),
    ReasonCode.CLOSURE_DAY: _("lukkedag: %(name)s"),
    ReasonCode.ALWAYS_OPEN: _("Åben døgnet rundt"),
    ReasonCode.NO_HOURS: _("Åbningstiden står ikke i planen"),
    ReasonCode.OPEN_UNTIL: _("Åben nu til %(until)s"),
    ReasonCode.CLOSED_NOW: _("Lukket nu (%(because)s)"),
    ReasonCode.PLAN_TEXT: "%(text)s",
    ReasonCode.CALL_UNIT: _("Ring til %(name)s på %(phone)s"),
    ReasonCode.WRITE_TO_UNIT: _("Skriv til %(name)s på %(email)s"),
    ReasonCode.VISIT_URL: _("Kontakt %(name)s via %(url)s"),
    ReasonCode.VISIT_ADDRESS: _("Henvend dig til %(name)s, %(address)s"),
    ReasonCode.CONTACT_VIA: _("%(name)s kontaktes via %(via)s"),
    ReasonCode.OR_OUT_OF_HOURS: _("Eller i stedet for %(unit)s"),
    ReasonCode.OUT_OF_HOURS_ALTERNATIVES: _("Uden for åbningstid kan du vælge mellem %(names)s."),
    ReasonCode.CALL_NUMBER: _("Ring %(phone)s"),
    ReasonCode.REQUIRED_BEFORE_REPORT: _("Skal kontaktes før underretning"),
    ReasonCode.REQUIRED_ONE_OF: _("Kontakt én af %(names)s før underretning"),
    ReasonCode.FORWARDS_TO: _("Sender videre til %(unit)s"),
    ReasonCode.ENTRY_CLOSED: _("%(unit)s er lukket nu (%(because)s)"),
    ReasonCode.ALSO_CLOSED: _("%(unit)s er også lukket nu"),
    ReasonCode.ACUTE: _("Akut fare: ring %(phone)s først."),
    ReasonCode.NO_TARGET_GROUP: _("Planen nævner ingen kontakt for denne alder."),
    ReasonCode.GENERAL_CONTACT: _("Kontakt kommunens generelle indgang, %(unit)s."),
    ReasonCode.AGE_UNKNOWN: _("Alder ukendt: planen sender henvendelsen til %(group)s."),
    ReasonCode.AGE: _("%(age)s år: %(group)s."),
    ReasonCode.DISTRICT: _("Postnummer %(postcode)s hører til %(district)s."),
    ReasonCode.POSTCODE_OUTSIDE_DISTRICTS: _(
        "Postnummer %(postcode)s hører ikke til et distrikt i planen; %(unit)s tager imod."
    ),
    ReasonCode.NO_POSTCODE: _("Uden postnummer tager %(unit)s imod."),
    ReasonCode.DISTRICT_POSTCODES_UNCONFIRMED: _("Distrikternes postnumre er ikke bekræftet af kommunen."),
    ReasonCode.VIA_FRONT_DESK: _("Henvendelsen går via %(desk)s, som sender den videre til %(unit)s."),
    ReasonCode.RECEIVES: _("%(unit)s modtager henvendelsen."),
    ReasonCode.CALL_OUT_OF_HOURS_FIRST: _(
        "%(unit)s er lukket nu (%(because)s): kontakt først %(out_of_hours)s på %(phone)s."
    ),
    ReasonCode.CONTACT_OUT_OF_HOURS_FIRST: _("%(unit)s er lukket nu (%(because)s): kontakt først %(out_of_hours)s."),
    ReasonCode.NO_OUT_OF_HOURS: _("%(unit)s er lukket nu (%(because)s), og planen har ingen vagt."),
    ReasonCode.ADVICE_REQUIRED: _("Planen kræver sparring med %(names)s før underretning."),
    ReasonCode.OWN_ROUTE_IN_PLAN: _("Planen dækker emnet og har et eget spor for det: %(title)s (%(unit)s)."),
    ReasonCode.ROUTE_OUTSIDE_PLAN: _("Planen dækker ikke emnet; det har sit eget spor: %(title)s (%(unit)s)."),
    ReasonCode.ADVICE_REQUIRED_ONE_OF: _("Planen kræver sparring med én af %(names)s før underretning."),
    ReasonCode.ROUTED_FOR_CHECK: _("Kunne ikke visiteres efter planen; sendt til %(unit)s til kontrol."),
}

_ALTERNATIVES = (ReasonCode.REQUIRED_ONE_OF, ReasonCode.ADVICE_REQUIRED_ONE_OF, ReasonCode.OUT_OF_HOURS_ALTERNATIVES)

_CLOSED_ON_WEEKDAY = (
    _("lukket om mandagen"),
    _("lukket om tirsdagen"),
    _("lukket om onsdagen"),
    _("lukket om torsdagen"),
    _("lukket om fredagen"),
    _("lukket om lørdagen"),
    _("lukket om søndagen"),
)


def reason_text(reason: RoutingReason) -> str:
    """One reason in words, in the active language (no closing full stop unless the words have one)."""
    params = reason.params
    match reason.code:
        case ReasonCode.CLOSED_WEEKDAY:
            return str(_CLOSED_ON_WEEKDAY[params["weekday"]])
        case ReasonCode.SPECIAL_CLOSED_DAY if params.get("note"):
            return gettext("særlig lukkedag: %(note)s") % {"note": _words(params["note"], params)}
        case ReasonCode.SPECIAL_CLOSED_DAY:
            return gettext("særlig lukkedag")
        case ReasonCode.PUBLIC_HOLIDAY:
            return gettext("helligdag: %(name)s") % {"name": holiday_name(params["date"], params["name"])}
        case ReasonCode.OPENS:  # worked out past a closure day that is not confirmed: marked
            text = opens_text(params["at"], params["now"])
            return unconfirmed_text(text) if params.get("unconfirmed") else text
        case ReasonCode.PLAN_TEXT if params.get("unconfirmed"):  # the plan's words naming such a fact
            text = str(_words(params["text"], params))
            return mark_unconfirmed(text, {name: params[name] for name in params["unconfirmed"]})
    if reason.code in _ALTERNATIVES:  # "SSP eller sikkerhedskonsulenten": the plan asks for one of them
        or_word = gettext("eller")
        params = {**params, "names": f" {or_word} ".join(str(_words(name, params)) for name in params["names"])}
    unconfirmed = params.get("unconfirmed", ())
    words = {key: _words(value, reason.params) for key, value in params.items() if key != "unconfirmed"}
    for key in unconfirmed:  # "06 60 09 01 (ikke bekræftet)": the mark on the fact it qualifies
        words[key] = unconfirmed_text(words[key])
    return str(_TEMPLATES[reason.code]) % words


def unconfirmed_text(fact: Any) -> str:
    """A fact of the plan the plan coordinator has not confirmed, marked so in the active language:
    "06 60 09 01 (ikke bekræftet)" (as the action cards and the report form mark one)."""
    return f"{fact} ({gettext('ikke bekræftet')})"


# After a fact in a text: a space, punctuation or the end (not the rest of a longer number or address).
_FACT_END = r"(?=[\s,;:!?)\]]|[.](?:\s|$)|$)"


def _fact_pattern(name: str, value: str) -> re.Pattern:
    """How a text of the plan writes a fact: a number as its digits, spaced or not ("06600900",
    "06 60 09 00"; "+45 70 20 30 40" also without +45), a web address with or without
    "https://" and its final "/", an e-mail address or an address as written (any spacing)."""
    if name == "phone" or name.startswith("more_phones["):
        digits = re.sub(r"\D", "", value)
        national = digits[-8:] if re.match(r"^(\+|00)45", value.strip()) and len(digits) > 8 else ""
        numbers = "|".join(r"[\s.-]?".join(number) for number in filter(None, (digits, national)))
        return re.compile(rf"(?<![\d+])\+?(?:{numbers})(?!\d)")
    if name == "url":
        core = re.escape(re.sub(r"^https?://", "", value.strip(), flags=re.IGNORECASE).rstrip("/"))
        return re.compile(rf"(?<![\w./])(?:https?://)?{core}/?{_FACT_END}", re.IGNORECASE)
    words = r"\s+".join(re.escape(word) for word in value.split())
    return re.compile(rf"(?<![\w.@-]){words}{_FACT_END}", re.IGNORECASE)


def mark_unconfirmed(text: str, facts: Mapping[str, str]) -> str:
    """The text (the plan's own words, e.g. an instruction) with each fact it names that is not
    confirmed followed by "(ikke bekræftet)": {"phone": "114"} marks "… politiet på 114 (ikke
    bekræftet)". A fact the text does not name adds nothing."""
    if not facts:
        return text
    # one pass over every fact: a number given twice (as the phone and a further number) is marked once
    pattern = "|".join(f"(?:{_fact_pattern(name, value).pattern})" for name, value in facts.items())
    return re.sub(pattern, lambda found: unconfirmed_text(found.group(0)), text, flags=re.IGNORECASE)


def unconfirmed_ways(unit) -> dict[str, str]:
    """The ways to reach a unit the plan coordinator has not confirmed, by fact name, in this
    order: {"phone": "114", "email": ..., "address": ..., "url": ..., "more_phones[1]": "06 60 09 01"}."""
    ways = {name: getattr(unit, name) for name in ("phone", "email", "address", "url")}
    ways = {name: value for name, value in ways.items() if value and unit.is_unconfirmed(name)}
    more = unit.more_phone_facts
    # named as `models.more_phone_field` names them (not imported: the models import this module)
    return ways | {f"more_phones[{i}]": number for i, (number, _label, unconfirmed) in enumerate(more) if unconfirmed}


def named_unconfirmed(text: str, unit) -> dict[str, str]:
    """The unconfirmed ways to reach `unit` that `text` names (see `mark_unconfirmed`)."""
    return {name: value for name, value in unconfirmed_ways(unit).items() if _fact_pattern(name, value).search(text)}


def _words(value: Any, params: Mapping[str, Any]) -> Any:
    """A parameter as the words put into a template: a nested reason worded, a moment relative
    to the reason's `now`, a list of names joined."""
    if isinstance(value, RoutingReason):
        return reason_text(value)
    if isinstance(value, datetime.datetime):
        return describe_moment(value, params["now"])
    if isinstance(value, tuple | list):
        return ", ".join(str(_words(item, params)) for item in value)
    if isinstance(value, str) and _MARK_DANISH.get():  # inside `reason_html`: no markers but its own
        return _unmarked(value)
    return value


def untranslated_places(reasons: Iterable[RoutingReason]) -> list[str]:
    """The places in the plan file of the plan's texts these reasons show in Danish, in the active
    language, for want of a translation (none while Danish is active)."""
    places: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, PlanWords) and value.in_language()[1] == "da" and value.place not in places:
            places.append(value.place)
        elif isinstance(value, RoutingReason):
            for item in value.params.values():
                visit(item)
        elif isinstance(value, tuple | list):
            for item in value:
                visit(item)

    for reason in reasons:
        visit(reason)
    return places


def sentence(text: str) -> str:
    """The text with a full stop at the end, unless it ends a sentence already."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def reasons_text(reasons: Iterable[RoutingReason]) -> str:
    """The reasons as sentences, in the active language."""
    return " ".join(sentence(reason_text(reason)) for reason in reasons)


def danish_text(reasons: Iterable[RoutingReason]) -> str:
    """The reasons as Danish sentences, whatever language is active: the wording a record keeps."""
    with translation.override("da"):
        return reasons_text(reasons)


def describe_moment(moment: datetime.datetime, now: datetime.datetime) -> str:
    """ "15:00" today, "i morgen kl. 08:00", or "mandag 28. december kl. 08:00" (Copenhagen time)."""
    moment, now = to_local(moment), to_local(now)
    clock = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        return clock
    if days == 1:
        return gettext("i morgen kl. %(time)s") % {"time": clock}
    return gettext("%(day)s kl. %(time)s") % {"day": date_format(moment, "l j. F"), "time": clock}


def opens_text(moment: datetime.datetime, now: datetime.datetime) -> str:
    """ "Åbner i dag kl. 08:00", "Åbner i morgen kl. 08:00", "Åbner mandag 28. december kl. 08:00"."""
    when = describe_moment(moment, now)
    if to_local(moment).date() == to_local(now).date():
        return gettext("Åbner i dag kl. %(time)s") % {"time": when}
    return gettext("Åbner %(when)s") % {"when": when}


@lru_cache(maxsize=32)
def _english_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("DK", years=year, language="en_US"))


def holiday_name(day: datetime.date, danish_name: str) -> str:
    """The public holiday's name in the active language (Danish unless English is active)."""
    if (translation.get_language() or "da").startswith("en"):
        return _english_holidays(day.year).get(day, danish_name)
    return danish_name


def number_to_call(unit) -> tuple[str, bool] | None:
    """(number, unconfirmed): the number to call a unit on, its main `phone` or a further one
    (`more_phones`), a confirmed one before one the plan coordinator has not confirmed, else the
    first; None when the unit has no number."""
    numbers = [(unit.phone, unit.is_unconfirmed("phone"))] if unit.phone else []
    numbers += [(number, unconfirmed) for number, _label, unconfirmed in unit.more_phone_facts]
    return next((n for n in numbers if not n[1]), numbers[0] if numbers else None)


def fact_param(name: str, value: Any, unconfirmed: bool) -> dict:
    """A reason's parameter for a fact of the plan, naming it in `unconfirmed` when it is."""
    return {name: value, "unconfirmed": (name,)} if unconfirmed else {name: value}


_OTHER_WAYS = (  # after a number, in this order
    (ReasonCode.WRITE_TO_UNIT, "email"),
    (ReasonCode.VISIT_URL, "url"),
    (ReasonCode.VISIT_ADDRESS, "address"),
)


def how_to_reach(unit) -> RoutingReason:
    """How to reach a contact unit: the plan's instruction ("Ring til døgnvagten via politiet på
    114"), else call its phone, else write to its e-mail address, else its other numbers, its web
    address, its address, or the unit it is reached through. A number the plan coordinator has
    confirmed comes before one that is not (`number_to_call`); a fact that is not confirmed is
    named so (the reason's `unconfirmed`), and worded "06 60 09 01 (ikke bekræftet)"."""
    if unit.instruction:  # the plan's words, a fact they name that is not confirmed marked in them
        text = PlanWords.of(unit.plan, f"units[{unit.code}].instruction", unit.instruction)
        named = named_unconfirmed(unit.instruction, unit)
        marked = {**named, "unconfirmed": tuple(named)} if named else {}
        return RoutingReason(ReasonCode.PLAN_TEXT, {"text": text, **marked})
    number = number_to_call(unit)
    if number is not None and (unit.phone or not unit.email):  # the e-mail before the further numbers
        return RoutingReason(ReasonCode.CALL_UNIT, {"name": unit.name, **fact_param("phone", *number)})
    for code, name in _OTHER_WAYS:
        if value := getattr(unit, name):
            return RoutingReason(code, {"name": unit.name, **fact_param(name, value, unit.is_unconfirmed(name))})
    via = unit.reached_via.name if unit.reached_via_id else ""
    return RoutingReason(ReasonCode.CONTACT_VIA, {"name": unit.name, "via": via})
