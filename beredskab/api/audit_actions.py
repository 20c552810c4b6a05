from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

TOKEN_CREATED = register("api.token_created", _("API-nøgle oprettet"), ActionKind.SECURITY)
TOKEN_REVOKED = register("api.token_revoked", _("API-nøgle tilbagekaldt"), ActionKind.SECURITY)
# One event per request a token makes: which token, which operation; never what was sent.
TOKEN_USED = register("api.token_used", _("API-nøgle brugt"), ActionKind.SECURITY)
TOKEN_REFUSED = register("api.token_refused", _("API-nøgle afvist (udløbet eller tilbagekaldt)"), ActionKind.SECURITY)
STATISTICS_VIEWED = register("api.statistics_viewed", _("Statistik hentet"), ActionKind.READ)
