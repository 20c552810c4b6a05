"""Keep what the user typed when a form's request cannot be handled the normal way.

Two kinds of request would otherwise throw away everything typed into a form:

- A multipart upload Django will not take in whole: a part whose headers are longer than its
  multipart parser allows (a file with a very long name: `MultiPartParserError`), more fields
  than DATA_UPLOAD_MAX_NUMBER_FIELDS (`TooManyFieldsSent`), more files than
  DATA_UPLOAD_MAX_NUMBER_FILES (`TooManyFilesSent`), more text than DATA_UPLOAD_MAX_MEMORY_SIZE
  (`RequestDataTooBig`). Django raises while reading `request.POST` and answers with the 400
  page. For a view marked `@keeps_input_on_upload_error`, `KeepTypedInputMiddleware` lets the
  request through instead, with the fields Django read before the problem as `request.POST`
  (the text fields come before the files in our forms), no files, and the problem in
  `input_problem(request)`. The CSRF check still runs on those fields (the token comes first).
- A CSRF failure on a public form (an expired or blocked cookie, a browser that sends no
  Referer). For a view marked `@keeps_input_on_csrf_failure`, and only when the browser says the
  post came from a page of this site (`Sec-Fetch-Site: same-origin`, which another site cannot
  make a browser send), `csrf_failure_rescue` calls the view with the posted fields and the
  problem, so the form is shown again with them and a fresh token. Nothing is stored.

Either way the view must show the form again with `input_problem(request).message` and never
act on the data. Every other view keeps Django's behaviour (our own 400 and 403 pages, which
say what to do).

A third way to lose a form is to change the page's language. A form page may give its language
buttons to the form itself (`<button form="..." name="skift_sprog" value="en">`, see
intake/form.html): they send what was typed, and the view shows it again, unchecked, in the
chosen language (`language_switch`, `typed_values`, `remember_language`). Nothing is kept
anywhere but in the page: no session, no browser storage a shared device would hold on to.
"""

from dataclasses import dataclass
from functools import partial

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.datastructures import ImmutableList, MultiValueDict
from django.utils.translation import gettext as _

UPLOAD_PROBLEMS = (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


@dataclass(frozen=True)
class InputProblem:
    """Why the form is shown again. `about_files`: the problem concerns the attached files
    (the view puts the message at its file field), else it is shown for the whole form.
    `status`: the HTTP status of the page that shows the form again."""

    message: str
    about_files: bool
    status: int


def keeps_input_on_upload_error(view):
    """Mark a view that shows its form again on `input_problem(request)` after an upload problem."""
    view.keeps_input_on_upload_error = True
    return view


def keeps_input_on_csrf_failure(view):
    """Mark a public form view that shows its form again on `input_problem(request)` after a
    CSRF failure. Only for views anyone may open: the view is called from the CSRF check, so
    middleware that runs after it for other views (the second-factor check) does not run."""
    view.keeps_input_on_csrf_failure = True
    return view


def input_problem(request) -> InputProblem | None:
    """The problem that kept this request from being taken in whole, or None."""
    return getattr(request, "_input_problem", None)


def upload_problem_for(error: Exception) -> InputProblem:
    """The Danish message for an upload Django would not read in whole."""
    if isinstance(error, TooManyFilesSent):
        message, about_files = _("Du har vedhæftet flere filer, end vi kan modtage. Vedhæft færre filer."), True
    elif isinstance(error, TooManyFieldsSent):
        message = _(
            "Formularen indeholdt flere felter, end vi kan modtage. Kontrollér det, du har skrevet, og send igen."
        )
        about_files = False
    elif isinstance(error, RequestDataTooBig):
        message = _("Teksten fylder mere, end vi kan modtage på én gang. Gør den kortere, og send igen.")
        about_files = False
    elif "header" in str(error).lower():
        message = _(
            "Vi kunne ikke modtage bilagene, fordi et filnavn er for langt. "
            "Giv filen et kortere navn, og vedhæft den igen."
        )
        about_files = True
    else:
        message, about_files = _("Vi kunne ikke læse de vedhæftede filer. Vedhæft dem igen."), True
    return InputProblem(message=message, about_files=about_files, status=400)


def _view(request):
    try:
        return resolve(request.path_info).func
    except Resolver404:
        return None


def _parse_keeping_what_was_read(request, meta, post_data):
    """`HttpRequest.parse_file_upload`, except that an upload problem is recorded on the request
    and answered with the fields read before it (and no files) instead of raised."""
    request.upload_handlers = ImmutableList(
        request.upload_handlers, warning="You cannot alter upload handlers after the upload has been processed."
    )
    parser = None
    try:
        parser = MultiPartParser(meta, post_data, request.upload_handlers, request.encoding)
        return parser.parse()
    except UPLOAD_PROBLEMS as error:
        request._input_problem = upload_problem_for(error)
        # Django's parser fills `_post` part by part; what it holds was read in full.
        read = getattr(parser, "_post", None)
        post = QueryDict(mutable=True)
        for name, values in read.lists() if read is not None else ():
            post.setlist(name, values)
        post._mutable = False
        return post, MultiValueDict()


class KeepTypedInputMiddleware:
    """See the module docstring. Must come before CsrfViewMiddleware (which reads request.POST)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            view = _view(request)
            if getattr(view, "keeps_input_on_upload_error", False):
                request.parse_file_upload = partial(_parse_keeping_what_was_read, request)
        return self.get_response(request)


def csrf_failure_rescue(request):
    """The marked public form again with what was posted (see the module docstring), or None."""
    if request.method != "POST" or request.headers.get("Sec-Fetch-Site") != "same-origin":
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if not getattr(match.func, "keeps_input_on_csrf_failure", False):
        return None
    try:
        request.POST  # noqa: B018 - read now: an unreadable body is no input to keep
    except UPLOAD_PROBLEMS:
        return None
    request._input_problem = InputProblem(
        message=_(
            "Det, du sendte, blev ikke modtaget, fordi siden ikke kunne bekræfte, at det kom fra denne "
            "side. Det, du har skrevet, står her stadig. Send igen. Sker det igen, så tillad cookies for "
            "denne side, eller ring til os."
        ),
        about_files=False,
        status=403,
    )
    return match.func(request, *match.args, **match.kwargs)


# --- changing the language of a form page without losing the form ---------------------------

LANGUAGE_FIELD = "skift_sprog"


def language_switch(request) -> str | None:
    """The language chosen with a form's own language buttons, activated for this response, or
    None when the request is no such switch. The view then shows the form again, unchecked,
    with `typed_values` as its initial values, and passes the response to `remember_language`."""
    if request.method != "POST":
        return None
    code = request.POST.get(LANGUAGE_FIELD, "")
    if code not in dict(settings.LANGUAGES):
        return None
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


def typed_values(form) -> dict:
    """What was typed into a bound form, as initial values for an unbound one (files aside:
    a file cannot be handed back to the browser)."""
    return {
        name: field.widget.value_from_datadict(form.data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
        if not isinstance(field.widget, forms.FileInput)
    }


def remember_language(response, code: str | None):
    """Keep the chosen language for the next pages, as Django's set_language view does."""
    if code:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
