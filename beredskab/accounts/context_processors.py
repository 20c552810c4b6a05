from .selectors import current_municipality_name


def municipality(request):
    """The name of the municipality this installation serves, for the page shell and PDFs."""
    return {"municipality_name": current_municipality_name()}
