from django.conf import settings

from .navigation import entries_for


def shell(request):
    """What the page shell needs on every page: the menu, the demo banner and the quick exit.
    (The municipality's name comes from `beredskab.accounts.context_processors`.)"""
    user = getattr(request, "user", None)
    return {
        "nav_entries": entries_for(user) if user is not None else [],
        "demo_mode": settings.DEMO_RELAX_2FA,
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }
