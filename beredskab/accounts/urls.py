from django.urls import path

from . import idle, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("log-ud-alle-steder/", views.logout_everywhere, name="logout_everywhere"),
    path("to-faktor/", views.two_factor_verify, name="two_factor_verify"),
    path("to-faktor/opsaet/", views.two_factor_setup, name="two_factor_setup"),
    path("roller-til-gennemgang/", views.role_reviews, name="role_reviews"),
    path("ny-adgangskode/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path("ny-adgangskode/sendt/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path("ny-adgangskode/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("ny-adgangskode/faerdig/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("session/status/", idle.session_status, name="session_status"),
    path("session/forlaeng/", idle.session_keepalive, name="session_keepalive"),
    path("gemt-tekst/<int:draft_id>/slet/", idle.kept_draft_discard, name="kept_draft_discard"),
]
