"""One-time tokens for staff forms: a form sent twice makes its record once.

A double click, a re-sent post after a slow answer, or the browser's "send again" would
otherwise write two journal entries, network steps or decisions, which are append-only and can
never be deleted. The public report form has its own token (intake `submission_token`); this is
the same idea for every staff form that creates something:

- `add_token(form)` gives the form a hidden `submission_token`: a new one each time the form is
  shown empty (so two tabs have two tokens), the posted one when it comes back with an error;
- `submit_once(...)` claims the token (a row in `FormSubmission`, whose unique token decides
  between two posts arriving together) in the transaction that makes the record, and stores
  where the record is shown. A second post of the same token raises `AlreadySubmitted`: the
  page then sends the user to the record already made (`already_submitted_response`), or, when
  what was posted differs (the page was sent, then changed after "back"), shows the form again
  with everything typed and a fresh token, so nothing is lost and nothing is made twice.

A refusal (the service raises) releases the token: the corrected form can be sent again. What
the refusing service itself wrote outside its own transaction (the gate's audited refusals)
stays written, as it would without the token.

`manage.py apply_retention` deletes tokens after `TOKEN_DAYS`.
"""

import datetime
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .models import FormSubmission

TOKEN_FIELD = "submission_token"  # noqa: S105 - a field name
TOKEN_DAYS = 30
# Posted values that are not what the user typed (they change between two sends of one page).
_NOT_CONTENT = frozenset({"csrfmiddlewaretoken", TOKEN_FIELD, "mentions_token"})


def expired_tokens_delete(*, now) -> None:
    """Delete the one-time tokens older than TOKEN_DAYS (called by the retention job): they
    matter only while a page can be sent again, and hold ids and a keyed digest only."""
    FormSubmission.objects.filter(created_at__lt=now - datetime.timedelta(days=TOKEN_DAYS)).delete()


def add_token(form) -> None:
    """Give a form instance its one-time token field (see the module)."""
    name = TOKEN_FIELD
    if name not in form.fields:
        form.fields[name] = forms.UUIDField(required=False, widget=forms.HiddenInput)
    if not form.is_bound:
        form.initial[name] = uuid.uuid4()


def token_used(token) -> bool:
    """Whether a token was already claimed (a form checks this while validating, so a page
    sent twice is told so next to its content; `submit_once` decides, race-free)."""
    return bool(token) and FormSubmission.objects.filter(token=token).exists()


def _form_name(form) -> str:
    return f"{type(form).__module__}.{type(form).__qualname__}"[:100]


def content_digest(data) -> str:
    """A keyed digest of what was posted (not the token or the CSRF value): it tells a page sent
    twice apart from one changed in between, and nothing typed can be read back from it."""
    digest = hashlib.sha256()
    for key in sorted(data):
        if key.rsplit("-", 1)[-1] in _NOT_CONTENT:
            continue
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        digest.update("\x00".join([key, *map(str, values)]).encode() + b"\x01")
    return salted_hmac("beredskab.core.submissions", digest.hexdigest(), algorithm="sha256").hexdigest()


def _posted_token(data) -> str:
    return next((data[k] for k in data if k.rsplit("-", 1)[-1] == TOKEN_FIELD and data[k]), "")


def redirect_if_done(request, *, fallback_url: str) -> HttpResponse | None:
    """For a page whose object is gone or closed once its form was sent (a revoked share, a
    reviewed access, an approved assessment): the same page sent again by the same user goes to
    what the first send made, instead of "not found". None otherwise."""
    if request.method != "POST":
        return None
    token = _posted_token(request.POST)
    try:
        previous = FormSubmission.objects.filter(token=uuid.UUID(token)).first() if token else None
    except ValueError:
        return None
    if previous is None or previous.user_id != request.user.pk or previous.digest != content_digest(request.POST):
        return None
    return already_submitted_response(request, AlreadySubmitted(previous, same=True), None, fallback_url=fallback_url)


@dataclass
class AlreadySubmitted(Exception):
    """The token was used before. `same` when by this user with the same content."""

    previous: FormSubmission
    same: bool


def _record_label(result) -> str:
    meta = getattr(result, "_meta", None)
    if meta is None or getattr(result, "pk", None) is None:
        return ""
    return f"{meta.label_lower}:{result.pk}"[:100]


def _url_of(result, default_url: str) -> str:
    if isinstance(result, HttpResponseRedirect):
        return result["Location"]
    return default_url


def submit_once(*, user, form, perform: Callable[[], object], default_url: str | Callable[[object], str]):
    """Run `perform()` (which calls the service) once for the form's token; returns its result.

    `default_url` (or a function of the result) is where the record is shown, used when
    `perform` returns no redirect. Raises AlreadySubmitted for a token already used; whatever
    `perform` raises is raised again, with the token released. A form without a token (a page
    from before this mechanism, a script) is run as it is."""
    token = form.cleaned_data.pop(TOKEN_FIELD, None)  # not for the service
    if not token:
        return perform()

    def url_of(result) -> str:
        return _url_of(result, default_url(result) if callable(default_url) else default_url)

    return claim_once(
        user=user, token=token, name=_form_name(form), digest=content_digest(form.data), perform=perform, url_of=url_of
    )


def claim_once(
    *, user, token: uuid.UUID, name: str, digest: str, perform: Callable[[], object], url_of=lambda result: ""
):
    """Claim `token` (a form's token, or an API call's Idempotency-Key) and run `perform()` in the
    same transaction; returns its result. The claim records what was made (`record`, "app.model:pk")
    and where it is shown (`url_of(result)`). Raises AlreadySubmitted when the token was claimed
    before (`same`: by this user with this `digest` of the content); whatever `perform` raises is
    raised again, with the token released."""
    failure = None
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(
                    token=token, user_id=user.pk, form=name[:100], digest=digest, created_at=timezone.now()
                )
        except IntegrityError:
            previous = FormSubmission.objects.filter(token=token).first()
            if previous is None:  # released by a refused first post in the meantime
                return claim_once(user=user, token=token, name=name, digest=digest, perform=perform, url_of=url_of)
            raise AlreadySubmitted(previous, same=previous.user_id == user.pk and previous.digest == digest) from None
        try:
            result = perform()
        except Exception as error:
            if connection.needs_rollback:
                raise  # the database refused: nothing of this post can be kept
            failure = error
            claim.delete()  # released; what the refusal itself recorded is kept (see the module)
        else:
            claim.redirect_url = url_of(result)[:500]
            claim.record = _record_label(result)
            claim.save(update_fields=["redirect_url", "record"])
    if failure is not None:
        raise failure
    return result


def claimed_record(previous: FormSubmission, model):
    """The record a claim made, as an instance of `model` (None when it is not one, or gone)."""
    label, _sep, pk = previous.record.partition(":")
    if label != model._meta.label_lower or not pk.isdigit():
        return None
    return model._default_manager.filter(pk=int(pk)).first()


def already_submitted_response(request, already: AlreadySubmitted, form, *, fallback_url: str) -> HttpResponse | None:
    """The answer to a second post of a token: a redirect to the record the first one made
    (with a message), or None after putting a fresh token and an explanation on `form`, which
    the page then shows again with everything typed (status 409)."""
    if already.same or form is None:
        messages.info(
            request,
            _("Formularen var allerede sendt, og det, du sendte, er gemt. Der er ikke oprettet noget nyt."),
        )
        return redirect(already.previous.redirect_url or fallback_url)
    data = form.data.copy()
    data[form.add_prefix(TOKEN_FIELD)] = str(uuid.uuid4())
    form.data = data
    form.add_error(
        None,
        _(
            "Denne formular er allerede sendt én gang. Det, du har skrevet nu, er ikke gemt endnu: "
            "kontrollér det, og send igen."
        ),
    )
    return None
