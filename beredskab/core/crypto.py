"""Encryption at rest and keyed look-up hashes (blind indexes).

Field encryption
    `encrypt` / `decrypt` use a MultiFernet over `settings.FIELD_ENCRYPTION_KEYS`: the first key
    encrypts, every key decrypts. Rotation: put a new key first (keep the old ones after it),
    run `manage.py rotate_encryption_keys`, check with `--check` that nothing is left under an
    old key, then remove the old key. Fernet is AES-128-CBC with HMAC-SHA256 (authenticated):
    a changed or swapped token fails to decrypt instead of giving wrong data.

Blind index
    `blind_index(value, purpose=...)` is HMAC-SHA256 with `settings.BLIND_INDEX_KEY` over a
    normalised value, so a record can be found by an exact value (a CPR number) without the
    value being stored in clear. It is keyed because there are only a few million possible CPR
    numbers: an unkeyed hash could be reversed by hashing them all. The purpose is part of the
    hashed message, so the same value gives unrelated indexes for unrelated uses. The blind
    index key cannot be rotated by this module: changing it changes every index (re-index from
    the encrypted values first).

Keys come only from the environment (config/env.py). Development and tests fall back to fixed,
public, clearly marked keys (config/settings/base.py); production refuses to start without
real ones (config/settings/production.py).
"""

import hashlib
import hmac
import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from beredskab.core.text import ascii_identifier

_PURPOSE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key (wrong keys or a damaged
    value). The message never contains the value."""


class KeyStatus(StrEnum):
    PRIMARY = "primary"  # encrypted with the first (current) key
    OLDER = "older"  # readable, but only with a later (older) key: rotate it
    UNREADABLE = "unreadable"  # no configured key opens it


def _configured_keys() -> tuple[str, ...]:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: field encryption needs at least one key.")
    return keys


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    try:
        return tuple(Fernet(key) for key in keys)
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key "
            "(32 url-safe base64-encoded bytes; make one with generate_key())."
        ) from None


def _multi() -> MultiFernet:
    return MultiFernet(list(_fernets(_configured_keys())))


def generate_key() -> str:
    """A new random key for FIELD_ENCRYPTION_KEYS."""
    return Fernet.generate_key().decode("ascii")


def encrypt(plaintext: str) -> str:
    """The plaintext encrypted with the first configured key, as ASCII text."""
    return _multi().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _multi().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError("An encrypted value could not be decrypted with the configured keys.") from None


def rotate(token: str) -> str:
    """The token re-encrypted with the first key (its original timestamp is kept)."""
    try:
        return _multi().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        raise DecryptionError("An encrypted value could not be decrypted with the configured keys.") from None


def encrypt_bytes(data: bytes) -> bytes:
    """Bytes (a file's content) encrypted with the first configured key."""
    return _multi().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _multi().decrypt(token)
    except InvalidToken:
        raise DecryptionError("An encrypted file could not be decrypted with the configured keys.") from None


def rotate_bytes(token: bytes) -> bytes:
    try:
        return _multi().rotate(token)
    except InvalidToken:
        raise DecryptionError("An encrypted file could not be decrypted with the configured keys.") from None


def key_status(token: str | bytes) -> KeyStatus:
    """Which of the configured keys opens the token (without returning the plaintext)."""
    primary, *older = _fernets(_configured_keys())
    data = token if isinstance(token, bytes) else token.encode("ascii", errors="replace")
    try:
        primary.decrypt(data)
        return KeyStatus.PRIMARY
    except InvalidToken:
        pass
    for fernet in older:
        try:
            fernet.decrypt(data)
            return KeyStatus.OLDER
        except InvalidToken:
            continue
    return KeyStatus.UNREADABLE


# --- blind index --------------------------------------------------------------------------


def normalise(value: str, *, purpose: str) -> str:
    """The form of a value that is hashed. CPR numbers: the ten digits only (so 010101-1234 and
    0101011234 match). Other values: Unicode NFKC, case-folded, whitespace collapsed."""
    if purpose == "cpr":
        digits = re.sub(r"[^0-9]", "", ascii_identifier(value))
        if len(digits) != 10:
            raise ValueError("A CPR number has 10 digits.")
        return digits
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) keyed with BLIND_INDEX_KEY over `purpose` and the normalised value."""
    if not _PURPOSE.match(purpose):
        raise ValueError("purpose must be a short lower-case identifier, e.g. 'cpr'.")
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY is not set.")
    message = f"{purpose}\x00{normalise(value, purpose=purpose)}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def person_ref_for_cpr(cpr: str) -> str:
    """The audit log's pseudonymous reference to a person identified by a CPR number.

    Every app that records a look-up on a person known by CPR uses this, so a citizen's
    access log (audit app) finds all of them.
    """
    return "cpr:" + blind_index(cpr, purpose="cpr")
