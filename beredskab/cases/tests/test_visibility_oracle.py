"""The scale forms of the visibility rules (issue 20) against the forms they replaced.

`reports_hidden_from` asks "a report in an adult's case the user may not see" per report (a
correlated NOT EXISTS) and `secret_case_ids` is a UNION filtered by a correlated NOT EXISTS.
Both are negated by their callers (`exclude`), where SQL's NULL (a report with no case, no
hold) can turn a rule around. The old set forms are kept here as the oracle; every user of a
matrix (team, leaders named or not, protector, shared units, break-glass, adults units, no
role, deactivated) must get the same answer from both, for every report and case of a
combinatorial scene (tracks, units, protection, shares, break-glass, restrictions, holds,
closed cases, reports outside any case)."""

import datetime
import itertools
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from beredskab.accounts.models import Unit
from beredskab.cases.models import (
    Audience,
    BreakGlassAccess,
    Case,
    CasePerson,
    CaseReport,
    CaseShare,
    CaseStatus,
    DisclosureRestriction,
    ProtectedCaseMember,
    ReportHold,
    Track,
)
from beredskab.cases.policies import (
    case_policy,
    hidden_protected_case_ids,
    reports_hidden_from,
    restricted_case_ids,
    secret_case_ids,
)
from beredskab.core.roles import CASE_ROLES, Role
from beredskab.intake.hooks import taken_reports
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy

from .factories import add_parent, make_report, open_case

pytestmark = pytest.mark.django_db


# --- the oracle: the forms before issue 20 (commit 41ad5cc) -----------------------------------


def old_secret_case_ids(user):
    visible = case_policy.visible(user, Case.objects.all()).values("pk")
    return Case.objects.filter(Q(protected=True) | Q(pk__in=restricted_case_ids())).exclude(pk__in=visible).values("pk")


def old_reports_hidden_from(user) -> Q:
    case_ids = hidden_protected_case_ids(user)
    leads = user.unit_ids_with_role(Role.UNIT_LEADER)
    held = Q(hold__case_id__in=case_ids, hold__released_at__isnull=True) & ~Q(hold__case__unit_id__in=leads)
    adult_cases = Case.objects.filter(track=Track.ADULTS).exclude(pk__in=case_policy.visible(user, Case.objects.all()))
    return Q(case_link__case_id__in=case_ids) | held | Q(case_link__case_id__in=adult_cases.values("pk"))


def old_report_hidden(user) -> Q:
    leads = user.unit_ids_with_role(Role.UNIT_LEADER)
    unchecked = Q(needs_check=True) & ~taken_reports() & ~Q(receiving_unit_id__in=leads)
    return unchecked | old_reports_hidden_from(user)


def old_visible_reports(user, queryset):
    return queryset.filter(receiving_unit_id__in=user.unit_ids_with_role(*CASE_ROLES)).exclude(old_report_hidden(user))


# --- the scene --------------------------------------------------------------------------------

SHARES = ("none", "familieraadgivning", "revoked", "taskforce-voksne")
RESTRICTIONS = ("none", Audience.ALL_OUTSIDE, Audience.OTHER_UNITS, "lifted", "on_a_person")
BREAK_GLASS = ("none", "active", "expired")


def _pk_set(queryset):
    return set(queryset.values_list("pk", flat=True))


class Scene:
    def __init__(self, make_user, worker, leader):
        self.units = {u.code: u for u in Unit.objects.all()}
        self.worker, self.leader = worker, leader
        self.users = {
            "worker (named)": worker,
            "worker2 (not named)": make_user(Role.CHILD_CASEWORKER, "straxen"),
            "leader (protector)": leader,
            "leader2 (not named)": make_user(Role.UNIT_LEADER, "straxen"),
            "other_worker (shares, break-glass)": make_user(Role.CHILD_CASEWORKER, "familieraadgivning"),
            "other_leader": make_user(Role.UNIT_LEADER, "familieraadgivning"),
            "taskforce (adults)": make_user(Role.ADULT_TASKFORCE, "taskforce-voksne"),
            "taskforce2 (named on adult)": make_user(Role.ADULT_TASKFORCE, "taskforce-voksne"),
            "adult_leader": make_user(Role.UNIT_LEADER, "taskforce-voksne"),
            "two units": make_user(Role.CHILD_CASEWORKER, "familieraadgivning"),
            "no role": make_user(),
            "frontline": make_user(Role.FRONTLINE, "skole-demo"),
            "deactivated": make_user(Role.CHILD_CASEWORKER, "straxen"),
        }
        from beredskab.accounts import services as accounts

        adults = self.units["taskforce-voksne"]
        accounts.role_assign(actor=None, user=self.users["two units"], role=Role.ADULT_TASKFORCE, unit=adults)
        type(worker).objects.filter(pk=self.users["deactivated"].pk).update(is_active=False)
        self.users["deactivated"].refresh_from_db()
        self.base_case = open_case(worker)
        self.person = add_parent(self.base_case, worker)
        self.base_report = make_report()
        self.n = 0

    def clone_report(self, unit, **fields):
        self.n += 1
        report = Report.objects.get(pk=self.base_report.pk)
        report.pk = None
        report.reference = f"T-{self.n:05d}"
        report.submission_token = uuid.uuid4()
        report.receiving_unit = unit
        report.needs_check = fields.pop("needs_check", False)
        report.taken_in = False
        for name, value in fields.items():
            setattr(report, name, value)
        report.save()
        return report

    def case(self, unit, track, protected, closed):
        self.n += 1
        case = Case.objects.get(pk=self.base_case.pk)
        case.pk = None
        case.reference = f"S-{self.n:05d}"
        case.unit = self.units[unit]
        case.track = track
        case.status = CaseStatus.CLOSED if closed else CaseStatus.RECEIVED
        case.closed_at = timezone.now() if closed else None
        if protected:
            protector = self.leader if unit == "straxen" else self.users["adult_leader"]
            case.protected, case.protected_at, case.protected_by = True, timezone.now(), protector
        case.save()
        if protected:
            named = self.worker if unit == "straxen" else self.users["taskforce2 (named on adult)"]
            ProtectedCaseMember.objects.create(case=case, user=named, added_at=timezone.now(), added_by=self.leader)
        return case

    def share(self, case, kind):
        if kind == "none":
            return
        unit = self.units["familieraadgivning" if kind == "revoked" else kind]
        if unit.pk == case.unit_id:
            return
        CaseShare.objects.create(
            case=case,
            unit=unit,
            purpose="Samarbejde",
            shared_at=timezone.now(),
            shared_by=self.worker,
            revoked_at=timezone.now() if kind == "revoked" else None,
        )

    def restrict(self, case, kind):
        if kind == "none":
            return
        item = case
        audience = kind
        if kind == "lifted":
            audience = Audience.ALL_OUTSIDE
        if kind == "on_a_person":
            item = CasePerson.objects.get(pk=self.person.pk)
            audience = Audience.OTHER_UNITS
        DisclosureRestriction.objects.create(
            case=case,
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            audience=audience,
            reason="Fare",
            created_at=timezone.now(),
            created_by=self.worker,
            lifted_at=timezone.now() if kind == "lifted" else None,
            lifted_by=self.worker if kind == "lifted" else None,
        )

    def break_glass(self, case, kind):
        if kind == "none":
            return
        now = timezone.now()
        for key in ("other_worker (shares, break-glass)", "two units"):
            BreakGlassAccess.objects.create(
                case=case,
                user=self.users[key],
                reason="Akut behov for at se sagen i nat.",
                granted_at=now - datetime.timedelta(hours=2),
                expires_at=now + datetime.timedelta(hours=1) if kind == "active" else now - datetime.timedelta(hours=1),
            )

    def build(self):
        combos = itertools.product(
            ("straxen", "familieraadgivning", "taskforce-voksne"),
            (Track.CHILDREN, Track.ADULTS),
            (False, True),
            (False, True),
        )
        extras = itertools.cycle(itertools.product(SHARES, RESTRICTIONS, BREAK_GLASS))
        received_by = itertools.cycle(("straxen", "familieraadgivning", "taskforce-voksne"))
        for unit, track, protected, closed in combos:
            for _ in range(3):
                share, restriction, glass = next(extras)
                case = self.case(unit, track, protected, closed)
                self.share(case, share)
                self.restrict(case, restriction)
                self.break_glass(case, glass)
                # A report in the case, received by a unit that may not be the case's (a track
                # correction moves the case, not the report).
                report = self.clone_report(self.units[next(received_by)], needs_check=closed)
                CaseReport.objects.create(case=case, report=report, added_at=timezone.now(), added_by=self.worker)
                Report.objects.filter(pk=report.pk).update(taken_in=True)
                # Reports held for it: standing and released.
                for released in (None, timezone.now()):
                    held = self.clone_report(self.units[next(received_by)], needs_check=bool(released))
                    ReportHold.objects.create(report=held, case=case, held_at=timezone.now(), released_at=released)
        # Reports outside any case: checked and unchecked, in every unit.
        for code in ("straxen", "familieraadgivning", "taskforce-voksne", "skole-demo"):
            self.clone_report(self.units[code])
            self.clone_report(self.units[code], needs_check=True)
        return self


@pytest.fixture
def scene(plan, make_user, worker, leader):
    return Scene(make_user, worker, leader).build()


def test_the_scene_covers_the_cases_that_matter(scene):
    assert Case.objects.filter(track=Track.ADULTS, protected=True).exists()
    assert Report.objects.filter(case_link__isnull=True, hold__isnull=True).count() >= 8
    assert Report.objects.filter(hold__released_at__isnull=False).exists()
    assert Case.objects.filter(pk__in=restricted_case_ids()).exists()
    assert BreakGlassAccess.objects.filter(expires_at__gt=timezone.now(), case__track=Track.ADULTS).exists()
    assert CaseShare.objects.filter(revoked_at__isnull=True, case__track=Track.ADULTS).exists()
    # The rules tell some of it apart for some users (the matrix is not all-visible).
    worker = scene.users["worker2 (not named)"]
    assert _pk_set(Report.objects.filter(reports_hidden_from(worker)))
    assert _pk_set(Case.objects.filter(pk__in=secret_case_ids(worker)))


def test_secret_case_ids_is_the_old_set_for_every_user(scene):
    for name, user in scene.users.items():
        new = _pk_set(Case.objects.filter(pk__in=secret_case_ids(user)))
        old = _pk_set(Case.objects.filter(pk__in=old_secret_case_ids(user)))
        assert new == old, name
        # And as a subquery negated (radar, matching exclude it).
        assert _pk_set(Case.objects.exclude(pk__in=secret_case_ids(user))) == _pk_set(
            Case.objects.exclude(pk__in=old_secret_case_ids(user))
        ), name


def test_reports_hidden_from_is_the_old_rule_for_every_user_and_report(scene):
    everything = _pk_set(Report.objects.all())
    for name, user in scene.users.items():
        hidden_new = _pk_set(Report.objects.filter(reports_hidden_from(user)))
        hidden_old = _pk_set(Report.objects.filter(old_reports_hidden_from(user)))
        assert hidden_new == hidden_old, name
        shown_new = _pk_set(Report.objects.exclude(reports_hidden_from(user)))
        shown_old = _pk_set(Report.objects.exclude(old_reports_hidden_from(user)))
        assert shown_new == shown_old, name
        # No report falls between filter and exclude (SQL's NULL under NOT).
        assert hidden_new | shown_new == everything, name
        assert not hidden_new & shown_new, name


def test_the_report_policy_is_the_old_one_on_every_path(scene):
    reports = list(Report.objects.all())
    for name, user in scene.users.items():
        new = _pk_set(report_policy.visible(user, Report.objects.all()))
        assert new == _pk_set(old_visible_reports(user, Report.objects.all())), name
        # Inside a subquery (the goals' check, matching) and on a narrowed queryset.
        everything = Report.objects.all()
        assert _pk_set(everything.exclude(pk__in=report_policy.visible(user, everything).values("pk"))) == (
            _pk_set(everything) - new
        ), name
        untaken = Report.objects.filter(taken_in=False)
        assert _pk_set(report_policy.visible(user, untaken)) == new & _pk_set(untaken), name
        # One report at a time (the report's page).
        for report in reports:
            assert report_policy.can(user, "view", report) == (report.pk in new), (name, report.reference)


def test_the_report_policy_on_narrowed_querysets_is_the_old_one(scene):
    """Callers narrow the reports first, some through the same joins the rule negates (the
    taskforce's reports outside a case, a case's reports, the reports held for a case)."""
    some_cases = list(Case.objects.order_by("pk")[::7])
    narrowed = [
        Report.objects.filter(case_link__isnull=True),
        Report.objects.filter(case_link__isnull=False),
        Report.objects.filter(hold__released_at__isnull=True, hold__isnull=False),
        Report.objects.filter(receiving_unit=scene.units["straxen"], case_link__isnull=True),
        Report.objects.select_related("case_link__case", "hold__case"),
        *(Report.objects.filter(case_link__case=case) for case in some_cases),
        *(Report.objects.filter(hold__case=case) for case in some_cases),
    ]
    for name, user in scene.users.items():
        for queryset in narrowed:
            new = _pk_set(report_policy.visible(user, queryset))
            assert new == _pk_set(old_visible_reports(user, queryset)), (name, str(queryset.query)[-200:])
