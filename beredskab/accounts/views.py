from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role

from . import kept_drafts, twofactor
from .forms import EmailLoginForm, NewPasswordForm, PasswordLinkRequestForm, TotpCodeForm
from .models import RoleGrantReview
from .services import password_links_send, password_set_by_link, role_grant_review
from .session_security import sessions_revoke_all

# The code pages show no menu: nothing behind them is reachable yet.
_NO_MENU = {"nav_entries": []}


def _sso_login_url(next_url: str) -> str:
    """The start of the municipal single sign-on, or "" when it is not configured."""
    if not settings.OIDC_ENABLED:
        return ""
    try:
        url = reverse("oidc_authentication_init")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    """E-mail and password; then the second factor when the user has or needs one."""

    template_name = "accounts/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        next_url = self.get_redirect_url() or str(self.get_default_redirect_url())
        user = self.request.user
        if twofactor.is_verified(user):
            return next_url
        return twofactor.second_step_url(user, next_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_login_url"] = _sso_login_url(self.get_redirect_url())
        return context


class LogoutView(auth_views.LogoutView):
    """'Log af'. The browser keeps a ticket naming the user for a short while, so a form sent
    afterwards from another open tab is kept for them, not lost (beredskab.accounts.kept_drafts)."""

    def post(self, request, *args, **kwargs):
        user = request.user if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        if user is not None:
            _remember_who_logged_out(request, response, user)
        return response


def _remember_who_logged_out(request, response, user) -> None:
    """This browser's ticket names the user for a short while (kept_drafts.lifetime()), so a
    form sent afterwards from another of its tabs is kept for them instead of lost."""
    ticket = kept_drafts.ticket_read(request)
    key = ticket.key if ticket else kept_drafts.new_browser_key()
    kept_drafts.ticket_write(response, key=key, owner_id=user.pk)


def _next_url(request) -> str:
    return twofactor.safe_next(request, request.POST.get("next") or request.GET.get("next"))


@login_required
def two_factor_verify(request):
    """Step two of the login: the code from the user's authenticator app."""
    next_url = _next_url(request)
    if twofactor.is_verified(request.user):
        return redirect(next_url)
    if twofactor.confirmed_device(request.user) is None:
        return redirect(twofactor.second_step_url(request.user, next_url))
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.totp_verify(user=request.user, token=form.cleaned_data["code"])
        if result.ok:
            twofactor.mark_session_verified(request, result.device)
            return redirect(next_url)
        if result.locked_until:
            seconds = max(1, int((result.locked_until - timezone.now()).total_seconds()) + 1)
            form.add_error(
                "code", _("For mange forkerte koder. Vent %(seconds)s sekunder, og prøv igen.") % {"seconds": seconds}
            )
        else:
            form.add_error("code", _("Koden er forkert eller udløbet. Skriv den kode, appen viser nu."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url, **_NO_MENU})


@login_required
def two_factor_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), then give a code."""
    next_url = _next_url(request)
    if twofactor.confirmed_device(request.user) is not None:
        return redirect(twofactor.second_step_url(request.user, next_url))
    key = twofactor.pending_key(request.session)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.totp_enrol(user=request.user, key_hex=key, token=form.cleaned_data["code"])
        if device is not None:
            twofactor.mark_session_verified(request, device)
            messages.success(
                request, _("To-faktor-login er sat op. Næste gang du logger ind, skal du bruge en kode fra appen.")
            )
            return redirect(next_url)
        form.add_error(
            "code",
            _("Koden passer ikke. Tjek at du har skannet koden ovenfor, og skriv den kode, appen viser nu."),
        )
    context = {
        "form": form,
        "next": next_url,
        "secret": twofactor.secret_for_display(key),
        "qr_code": twofactor.qr_code_data_uri(twofactor.provisioning_uri(request.user, key)),
        "required": twofactor.two_factor_required(request.user),
        **_NO_MENU,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def account(request):
    """Min konto: who am I, my roles, my two-factor status, and 'Log ud alle steder'."""
    context = {
        "device": twofactor.confirmed_device(request.user),
        "two_factor_required": twofactor.two_factor_required(request.user),
        "assignments": request.user.role_assignments.select_related("unit"),
    }
    return render(request, "accounts/account.html", context)


@require_POST
@login_required
def logout_everywhere(request):
    """End every session of this user, on every device, including this one."""
    user = request.user
    sessions_revoke_all(actor=user, user=user)
    logout(request)
    messages.success(request, _("Du er logget ud på alle enheder."))
    response = redirect("accounts:login")
    _remember_who_logged_out(request, response, user)
    return response


def admin_login(request):
    """The admin's login address. Anonymous visitors go to our login page (password, then the
    second factor); a logged-in user without admin access gets the admin's own refusal page."""
    if request.user.is_authenticated:
        from django.contrib import admin

        return admin.site.login(request)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("accounts:login") + (f"?{query}" if query else ""))


@login_required
def role_reviews(request):
    """A unit leader's list of roles a system administrator granted in their units: keep or
    revoke each. Posting answers one."""
    units = request.user.unit_ids_with_role(Role.UNIT_LEADER)
    if not units:
        raise PermissionDenied
    if request.method == "POST":
        review = RoleGrantReview.objects.filter(pk=request.POST.get("review") or 0, unit_id__in=units).first()
        if review is None:
            raise PermissionDenied
        try:
            role_grant_review(actor=request.user, review=review, keep=request.POST.get("keep") == "1")
        except (PolicyDenied, ValidationError) as error:
            messages.error(request, getattr(error, "reason", None) or " ".join(error.messages))
        else:
            messages.success(request, _("Tildelingen er gennemgået."))
        return redirect("accounts:role_reviews")
    pending = (
        RoleGrantReview.objects.filter(unit_id__in=units, reviewed_at__isnull=True)
        .select_related("user", "unit", "granted_by")
        .order_by("granted_at")
    )
    return render(request, "accounts/role_reviews.html", {"pending": list(pending)})


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Ask for a link to choose a new password. The answer is the same whether the address
    belongs to a user or not, so the page tells nobody who has an account."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordLinkRequestForm
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form):
        users = list(form.get_users(form.cleaned_data["email"]))
        password_links_send(actor=None, users=users, request=self.request)
        return redirect(self.success_url)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        password_set_by_link(user=form.user, form=form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.success_url)


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
