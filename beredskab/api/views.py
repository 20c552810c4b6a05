"""The API's views: thin. Each checks the caller (authentication, token scope, capability),
reads its input through a serializer, and calls the pages' own selectors and services."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from beredskab.plan.routing import route
from beredskab.plan.selectors import plan_in_force_at

from . import cases as case_api
from . import selectors, serializers, submission
from .errors import ApiError
from .models import Scope
from .permissions import CaseWork, ReadsStatistics, TokenScope
from .throttles import CountsEveryCall

ERROR = OpenApiResponse(serializers.ErrorSerializer, description="One error shape for every error.")
ERRORS = dict.fromkeys((400, 401, 403, 404, 405, 406, 415, 429), ERROR)


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _plan(at=None):
    """The version in force at `at` (default: now)."""
    plan = plan_in_force_at(at)
    if plan is None and at is not None and at < timezone.now():
        # Before the first version the system knows of: not "no plan", but not known.
        raise ApiError(
            404,
            "no_plan_at",
            _("Det vides ikke, hvilken version af planen der var i kraft på det tidspunkt. Spørg uden tidspunkt."),
        )
    if plan is None:
        raise ApiError(503, "no_plan", _("Der er ingen plan i kraft. Ring 112, hvis nogen er i fare."))
    return plan


class PlanView(CountsEveryCall, APIView):
    """The plan in force: units with hours, target groups with warning signs, acute steps, partners."""

    permission_classes = [AllowAny, TokenScope]
    scopes = {"GET": Scope.READ_PLAN}

    @extend_schema(responses={200: serializers.PlanSerializer, **ERRORS, 503: ERROR}, operation_id="plan_in_force")
    def get(self, request):
        return Response(serializers.PlanSerializer(selectors.plan_payload(_plan())).data)


class RouteView(CountsEveryCall, APIView):
    """Whom to contact now, for an age, a postcode, acute danger and a moment (default now)."""

    permission_classes = [AllowAny, TokenScope]
    scopes = {"GET": Scope.READ_PLAN}

    @extend_schema(
        parameters=[serializers.RouteQuerySerializer],
        responses={200: serializers.RouteAnswerSerializer, **ERRORS, 503: ERROR},
        operation_id="whom_to_contact",
    )
    def get(self, request):
        query = _query(serializers.RouteQuerySerializer, request)
        answer = route(
            _plan(query["at"]),
            age=query["age"],
            postcode=query["postcode"] or None,
            acute=query["acute"],
            at=query["at"] or timezone.now(),
        )
        return Response(answer.to_dict())


class ReportsView(CountsEveryCall, APIView):
    """POST: a report, exactly as the public form takes it. GET: the reports of the caller's units."""

    scopes = {"POST": Scope.SUBMIT_REPORTS, "GET": Scope.READ_CASES}

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny(), TokenScope()]
        return [IsAuthenticated(), TokenScope(), CaseWork()]

    @extend_schema(
        request=serializers.ReportSubmitSerializer,
        parameters=[
            OpenApiParameter(
                submission.IDEMPOTENCY_HEADER,
                location=OpenApiParameter.HEADER,
                required=True,
                type=str,
                description="A UUID made once per report; a retry with the same key and report gives the first back.",
            )
        ],
        responses={201: serializers.ReceiptSerializer, 200: serializers.ReceiptSerializer, **ERRORS, 503: ERROR},
        operation_id="report_submit",
    )
    def post(self, request):
        submission.refuse_if_limited(request)
        key = submission.idempotency_key(request)
        serializer = serializers.ReportSubmitSerializer(data=request.data)
        if not serializer.is_valid():
            submission.count_invalid(request)
            serializer.is_valid(raise_exception=True)
        report, created = submission.submit(request, serializer.validated_data, key)
        return Response(submission.receipt(report, created), status=201 if created else 200)

    @extend_schema(
        parameters=[serializers.ReportListQuerySerializer],
        responses={200: serializers.ReportListPageSerializer, **ERRORS},
        operation_id="report_list",
    )
    def get(self, request):
        query = _query(serializers.ReportListQuerySerializer, request)
        reports = selectors.reports_for_caller(user=request.user, unit=query.get("unit"), acute=query["acute"])
        pages = Pages()
        page = pages.paginate_queryset(reports, request, view=self)
        return pages.get_paginated_response(serializers.ReportListItemSerializer(page, many=True).data)


class CaseListView(CountsEveryCall, APIView):
    """The cases the caller may see (need-to-know), paged, by status, unit, flag and deadline."""

    permission_classes = [IsAuthenticated, TokenScope, CaseWork]
    scopes = {"GET": Scope.READ_CASES}

    @extend_schema(
        parameters=[serializers.CaseListQuerySerializer],
        responses={200: serializers.CaseListPageSerializer, **ERRORS},
        operation_id="case_list",
    )
    def get(self, request):
        query = _query(serializers.CaseListQuerySerializer, request)
        cases = selectors.cases_for_caller(user=request.user, **query)
        pages = Pages()
        page = pages.paginate_queryset(cases, request, view=self)
        return pages.get_paginated_response(case_api.list_rows(request.user, page))


class CaseDetailView(CountsEveryCall, APIView):
    """A case's summary as the caller may see it; the read is audited with its purpose."""

    permission_classes = [IsAuthenticated, TokenScope, CaseWork]
    scopes = {"GET": Scope.READ_CASES}

    @extend_schema(
        parameters=[serializers.CaseReadQuerySerializer],
        responses={200: serializers.CaseSummarySerializer, **ERRORS},
        operation_id="case_summary",
    )
    def get(self, request, reference: str):
        purpose = _query(serializers.CaseReadQuerySerializer, request).get("purpose")
        return Response(case_api.summary(request.user, reference, purpose))


class NetworkStepView(CountsEveryCall, APIView):
    """Record a step involving the family or network (contact, letter, meeting, documents, file
    access) through the same service as the page: the risk gate decides (409 when closed)."""

    permission_classes = [IsAuthenticated, TokenScope, CaseWork]
    scopes = {"POST": Scope.WRITE_CASES}

    @extend_schema(
        request=serializers.NetworkStepSerializer,
        parameters=[
            OpenApiParameter(
                submission.IDEMPOTENCY_HEADER,
                location=OpenApiParameter.HEADER,
                required=False,
                type=str,
                description=(
                    "A UUID made once per step; a retry with the same key and step gives the first step back "
                    "(200) instead of recording it again. Recommended."
                ),
            )
        ],
        responses={
            201: serializers.NetworkStepResultSerializer,
            200: serializers.NetworkStepResultSerializer,
            **ERRORS,
            409: ERROR,
        },
        operation_id="network_step_record",
    )
    def post(self, request, reference: str):
        key = submission.optional_idempotency_key(request)
        step, created = case_api.record_network_step(request.user, reference, request.data, key)
        return Response(step, status=201 if created else 200)


class StatisticsView(CountsEveryCall, APIView):
    """Aggregates for a year (no personal data; counts of 1-4 suppressed)."""

    permission_classes = [IsAuthenticated, TokenScope, ReadsStatistics]
    scopes = {"GET": Scope.READ_STATISTICS}

    @extend_schema(
        parameters=[serializers.StatisticsQuerySerializer],
        responses={200: serializers.StatisticsSerializer, **ERRORS},
        operation_id="statistics",
    )
    def get(self, request):
        year = _query(serializers.StatisticsQuerySerializer, request).get("year")
        return Response(selectors.statistics(user=request.user, year=year))


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar); its script is a separate
    request and the page has no inline style, so the site's CSP holds."""

    template_name = "api/swagger_ui.html"
    authentication_classes = []
    permission_classes = [AllowAny]
