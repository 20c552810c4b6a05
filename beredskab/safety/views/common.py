from django.urls import reverse

from beredskab.cases.view_helpers import form_page


def overview_url(case, anchor: str = "") -> str:
    return reverse("safety:overview", args=[case.reference]) + (f"#{anchor}" if anchor else "")


def safety_form(request, case, form, perform, *, title, anchor, success, intro="", submit=""):
    return form_page(
        request,
        case,
        form,
        perform,
        title=title,
        intro=intro,
        submit=submit,
        anchor=anchor,
        success=success,
        template="cases/form.html",
        context={"cancel_url": overview_url(case, anchor)},
    )
