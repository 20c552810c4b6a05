"""The API's shapes. Input serializers check types and bounds only; the rules are the forms',
services' and policies' (the report form's ReportForm, cases' services), so they hold here too.
Output serializers document what the views return (the schema is generated from them)."""

import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from beredskab.cases.models import CaseStatus, NetworkStepKind, Track
from beredskab.cases.selectors import CHOOSABLE_READ_PURPOSES
from beredskab.intake.models import Knowledge, ReporterKind
from beredskab.plan.models import AcuteStep, ContactUnit, OpeningHours, Partner, SignGroup, TargetGroup

# A moment the routing answers for: the plan's calendar is sensible within these years.
EARLIEST, LATEST = (
    datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
)


class Text(serializers.CharField):
    """A string that can be stored: no lone surrogates (which JSON allows and UTF-8 does not)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise serializers.ValidationError(_("Teksten indeholder tegn, vi ikke kan gemme.")) from None
        return value


class Moment(serializers.DateTimeField):
    """A date and time between EARLIEST and LATEST. DRF's field makes a naive time aware in the
    server's zone, which overflows at the ends of the calendar (year 1, year 9999): refused
    here with the field's message, never a 500."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
        except (OverflowError, ValueError):
            moment = None
        if moment is None or not EARLIEST <= moment < LATEST:
            raise serializers.ValidationError(_("Vælg et tidspunkt mellem år 2000 og 2099."))
        return moment


def text(max_length: int = 200, **kwargs) -> Text:
    return Text(required=False, allow_blank=True, default="", max_length=max_length, **kwargs)


# --- the plan in force -----------------------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "08:00"})
class ClockTime(serializers.TimeField):
    """A time of day in Copenhagen as the plan states it, "08:00" (a closing 00:00 is midnight)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


# The plan file's own bounds (plan/validation/target_groups.py). Stated here because a model
# field's range otherwise comes from the database (SQLite: 64-bit, PostgreSQL: smallint), and the
# committed schema must be the same on both (api/tests/test_schema.py).
AGES = {"min_age": {"max_value": 130}, "max_age": {"max_value": 130}}


class OpeningHoursSerializer(serializers.ModelSerializer):
    opens = ClockTime()
    closes = ClockTime()

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        extra_kwargs = {"weekday": {"validators": []}}  # its choices bound it


def _unconfirmed_fields(obj) -> list[str]:
    """The facts of a unit or partner the plan coordinator has not confirmed ("phone", "hours" ...)."""
    return [name for name in obj.fact_fields() if obj.is_unconfirmed(name)]


class UnitSerializer(serializers.ModelSerializer):
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    unconfirmed_fields = serializers.SerializerMethodField(
        help_text="The facts of this unit the plan does not confirm (phone, email, address, url, hours; "
        "a further number as more_phones[0], more_phones[1], ...)."
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_unconfirmed_fields(self, unit) -> list[str]:
        return _unconfirmed_fields(unit)

    class Meta:
        model = ContactUnit
        fields = [
            "code",
            "name",
            "role",
            "org_unit_code",
            "phone",
            "more_phones",
            "email",
            "address",
            "url",
            "description",
            "always_open",
            "closed_on_public_holidays",
            "opening_hours",
            "unconfirmed_fields",
        ]


class TargetGroupSerializer(serializers.ModelSerializer):
    receiving_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    warning_signs = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)

    class Meta:
        model = TargetGroup
        fields = ["code", "name", "min_age", "max_age", "description", "receiving_unit", "warning_signs"]
        extra_kwargs = AGES


class SignGroupSerializer(serializers.ModelSerializer):
    signs = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = SignGroup
        fields = ["name", "min_age", "max_age", "signs"]
        extra_kwargs = AGES


class AcuteStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = AcuteStep
        fields = ["text", "detail"]


class PartnerSerializer(serializers.ModelSerializer):
    unconfirmed_fields = serializers.SerializerMethodField(
        help_text="The facts of this partner the plan does not confirm (phone, email, url)."
    )

    class Meta:
        model = Partner
        fields = ["code", "kind", "name", "purpose", "phone", "email", "url", "legal_reference", "unconfirmed_fields"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_unconfirmed_fields(self, partner) -> list[str]:
        return _unconfirmed_fields(partner)


class SignChoiceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="What to send in a report's observed_signs.")
    text = serializers.CharField()


class SignChoiceGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    signs = SignChoiceSerializer(many=True)


class PlanSerializer(serializers.Serializer):
    municipality_code = serializers.CharField()
    municipality_name = serializers.CharField()
    title = serializers.CharField()
    version_label = serializers.CharField()
    adopted_on = serializers.DateField(allow_null=True)
    adopted_on_precision = serializers.ChoiceField(
        choices=["day", "month", "year"],
        help_text="How precisely the plan states its adoption date: for 'month' and 'year' the day "
        "(and month) of adopted_on are not the plan's.",
    )
    unconfirmed = serializers.ListField(
        child=serializers.CharField(),
        help_text="Places in the plan file of the values the plan coordinator has not confirmed "
        "(adoption.adopted_on, units[straxen].phone ...): show them as not confirmed.",
    )
    emergency_name = serializers.CharField()
    emergency_phone = serializers.CharField()
    units = UnitSerializer(many=True)
    target_groups = TargetGroupSerializer(many=True)
    sign_groups = SignGroupSerializer(many=True)
    acute_steps = AcuteStepSerializer(many=True)
    partners = PartnerSerializer(many=True)
    report_signs = SignChoiceGroupSerializer(
        many=True, help_text="The signs a report may tick, as the form offers them."
    )


# --- whom to contact now -----------------------------------------------------------------------


class RouteQuerySerializer(serializers.Serializer):
    age = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=130, default=None)
    postcode = serializers.RegexField(r"^\d{4}$", required=False, default="")
    acute = serializers.BooleanField(required=False, default=False)
    at = Moment(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    params = serializers.DictField()


class MorePhoneSerializer(serializers.Serializer):
    phone = serializers.CharField()
    label = serializers.CharField(allow_blank=True)
    unconfirmed = serializers.BooleanField(help_text="The plan coordinator has not confirmed this number.")


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    phone_uri = serializers.CharField(allow_blank=True)
    more_phones = MorePhoneSerializer(many=True, help_text="Further numbers of this contact.")
    email = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    reached_via = serializers.CharField(allow_blank=True)
    open_now = serializers.BooleanField(allow_null=True)
    opens_at = serializers.DateTimeField(allow_null=True)
    open_until = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    reasons = ReasonSerializer(many=True)
    unconfirmed = serializers.BooleanField()
    unconfirmed_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="The facts of this contact shown that the plan coordinator has not confirmed: phone, email, "
        "address, url, hours, more_phones[0] ..., closure_days (its opening status rests on a closure day of "
        "the plan that is not confirmed).",
    )
    unit_code = serializers.CharField(allow_blank=True)
    forwards_to = serializers.CharField(allow_blank=True)
    forwards_to_name = serializers.CharField(allow_blank=True)
    required_before_report = serializers.BooleanField()
    required_one_of = serializers.ListField(child=serializers.CharField())


class RouteGroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField(allow_null=True)


class RouteUnitSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    org_unit_code = serializers.CharField(allow_blank=True)


class RouteAnswerSerializer(serializers.Serializer):
    target_group = RouteGroupSerializer(allow_null=True)
    receiving_unit = RouteUnitSerializer(allow_null=True)
    contacts = ContactSerializer(many=True)
    reason = serializers.CharField(allow_blank=True)
    reasons = ReasonSerializer(many=True)
    at = serializers.DateTimeField()
    age = serializers.IntegerField(allow_null=True)
    acute = serializers.BooleanField()
    out_of_hours = serializers.BooleanField()
    unconfirmed = serializers.ListField(
        child=serializers.CharField(),
        help_text="Facts of the whole answer the plan coordinator has not confirmed: district_postcodes (the "
        "postcode was matched against them), out_of_hours_phone (the out-of-hours number the reasons give), "
        "closure_days (the unit that takes the case is closed today for one of the plan's closure days). "
        "A reason naming such a fact lists its parameter in params.unconfirmed (['phone']; a closure day's "
        "['name'], an opening moment worked out past one ['at'], a number an instruction names ['phone']).",
    )
    untranslated = serializers.ListField(
        child=serializers.CharField(),
        help_text="Places in the plan file of the plan's texts shown in Danish: the plan has no translation "
        "into the language asked for (Accept-Language).",
    )
    untranslated_notice = serializers.CharField(
        allow_blank=True, help_text="Says so in the language asked for; empty when every text is translated."
    )


# --- reports -------------------------------------------------------------------------------------


class ReportSubmitSerializer(serializers.Serializer):
    """The public report form's fields. The form's own rules (who must give a name, a CPR number
    that is a date, at least one way to find the person ...) are checked by the form itself."""

    reporter_kind = serializers.ChoiceField(choices=ReporterKind.choices)
    reporter_anonymous = serializers.BooleanField(required=False, default=False)
    reporter_name = text()
    reporter_organisation = text()
    reporter_role = text()
    reporter_phone = text(30)
    reporter_email = text(254)
    subject_name = text()
    subject_cpr = text(20)
    subject_birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    subject_approximate_age = serializers.IntegerField(required=False, allow_null=True, default=None)
    subject_address = text(300)
    subject_postcode = text(10)
    subject_institution = text(300)
    subject_languages = text()
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    other_children = text(2000)
    subject_knows = serializers.ChoiceField(choices=Knowledge.choices, required=False, default=Knowledge.UNKNOWN)
    family_knows = serializers.ChoiceField(choices=Knowledge.choices, required=False, default=Knowledge.UNKNOWN)
    is_acute = serializers.BooleanField(required=False, default=False)
    observed_signs = serializers.ListField(
        child=Text(max_length=100), required=False, default=list, max_length=200, help_text="Ids from /plan/ signs."
    )
    narrative = Text(max_length=20000)


class ReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    receiving_unit = serializers.CharField(help_text="The unit of the plan that received the report.")
    is_acute = serializers.BooleanField()
    adult_inquiry = serializers.BooleanField(help_text="Routed to the adults unit: an inquiry under serviceloven.")
    receipt_working_days = serializers.IntegerField(help_text="Working days within which a receipt is sent (§ 137).")
    contact_working_days = serializers.IntegerField(allow_null=True)
    created = serializers.BooleanField(help_text="False when the idempotency key gave back an earlier report.")


class ReportListItemSerializer(serializers.Serializer):
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    is_acute = serializers.BooleanField()
    receiving_unit = serializers.CharField(source="receiving_unit.code")
    adult_inquiry = serializers.BooleanField(source="is_adult_inquiry")


class ReportListQuerySerializer(serializers.Serializer):
    unit = serializers.SlugField(required=False, max_length=50)
    acute = serializers.BooleanField(required=False, allow_null=True, default=None)


# --- cases ---------------------------------------------------------------------------------------


class CaseListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    unit = serializers.SlugField(required=False, max_length=50)
    flagged = serializers.BooleanField(required=False, allow_null=True, default=None)
    deadline_before = serializers.DateField(
        required=False, help_text="Only cases with a running deadline due on or before this day."
    )

    def validate_deadline_before(self, value):
        if not datetime.date(2000, 1, 1) <= value < datetime.date(2100, 1, 1):
            raise serializers.ValidationError(_("Vælg en dato mellem år 2000 og 2099."))
        return value


class SubjectSerializer(serializers.Serializer):
    """The child or citizen as the caller may see them: a withheld value is null and named."""

    name = serializers.CharField(allow_null=True)
    cpr_masked = serializers.CharField(allow_null=True)
    birth_date = serializers.DateField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    withheld = serializers.ListField(child=serializers.CharField())


class ClockSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    law = serializers.CharField(allow_blank=True)
    due_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField()


class CaseListItemSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    track = serializers.ChoiceField(choices=Track.choices)
    unit = serializers.CharField()
    flagged = serializers.BooleanField()
    protected = serializers.BooleanField()
    has_owner = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    subject = SubjectSerializer()
    next_deadline = ClockSerializer(allow_null=True)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    relation = serializers.CharField()
    name = serializers.CharField(allow_null=True)


class GateSerializer(serializers.Serializer):
    open = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class CaseSummarySerializer(CaseListItemSerializer):
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    clocks = ClockSerializer(many=True)
    people = PersonSerializer(many=True)
    risk_gate = GateSerializer()
    read_purpose = serializers.CharField()


class CaseReadQuerySerializer(serializers.Serializer):
    # One of the case page's short list, never free text: a query string ends up in access logs,
    # and a typed purpose could carry a name there.
    purpose = serializers.ChoiceField(
        choices=[(p.value, p.label) for p in CHOOSABLE_READ_PURPOSES],
        required=False,
        help_text="Why the case is read (logged).",
    )


class NetworkStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NetworkStepKind.choices)
    people = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31), min_length=1)
    occurred_on = serializers.DateField()
    summary = Text(max_length=5000)
    mentions_confirmed = serializers.BooleanField(required=False, default=False)


class NetworkStepResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    occurred_on = serializers.DateField()
    gate_basis = serializers.CharField()


# --- statistics ----------------------------------------------------------------------------------


class StatisticsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099)


class CountsSerializer(serializers.Serializer):
    """Counts by key; a count from 1 to 4 is null (suppressed: it could point to a person), and
    when only one is, so is the next smallest (the total would give it away). Every other count
    is rounded to the nearest 5; the total is rounded by itself, from the unrounded counts."""

    total = serializers.IntegerField(allow_null=True)
    by_key = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    suppressed_below = serializers.IntegerField()
    rounded_to = serializers.IntegerField(help_text="Every count shown is rounded to the nearest multiple of this.")
    reports_by_month = CountsSerializer()
    reports_by_reporter = CountsSerializer()
    acute_reports = serializers.IntegerField(allow_null=True)
    cases_opened_by_track = CountsSerializer()
    open_cases_by_status = CountsSerializer()
    flagged_cases_opened = serializers.IntegerField(allow_null=True)


# --- pages and errors ----------------------------------------------------------------------------


def paged(item: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The shape of one page of a list (DRF's page-number pagination)."""
    fields = {
        "count": serializers.IntegerField(),
        "next": serializers.CharField(allow_null=True),
        "previous": serializers.CharField(allow_null=True),
        "results": item(many=True),
    }
    return type(name, (serializers.Serializer,), fields)


CaseListPageSerializer = paged(CaseListItemSerializer, "CaseListPageSerializer")
ReportListPageSerializer = paged(ReportListItemSerializer, "ReportListPageSerializer")


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: validation, not_authenticated, risk_gate_closed ...")
    message = serializers.CharField(help_text="For people, in Danish or English (Accept-Language).")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
