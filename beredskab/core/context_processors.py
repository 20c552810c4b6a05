from django.conf import settings

from .navigation import entries_for


def shell(request):
    """What the page shell needs on every page: the municipality's name and the menu."""
    from beredskab.accounts.selectors import current_municipality_name

    user = getattr(request, "user", None)
    return {
        "municipality_name": current_municipality_name(),
        "nav_entries": entries_for(user) if user is not None else [],
        "demo_mode": settings.DEMO_RELAX_2FA,
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }
