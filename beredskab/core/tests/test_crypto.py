import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from beredskab.core import crypto
from beredskab.core.crypto import blind_index, person_ref_for_cpr
from beredskab.core.models import KeyCheck

OLD_KEY = crypto.generate_key()
NEW_KEY = crypto.generate_key()


def _raw(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM core_keycheck WHERE id = %s", [pk])
        return cursor.fetchone()[0]


# --- encrypt / decrypt --------------------------------------------------------------------


def test_round_trip_keeps_danish_text_and_randomises_the_ciphertext():
    text = "Ærø, Østerbro og Åbenrå – 010203-1234"
    first, second = crypto.encrypt(text), crypto.encrypt(text)
    assert first != second and text not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == text


def test_a_changed_token_or_a_wrong_key_fails_loudly_without_showing_the_value():
    token = crypto.encrypt("hemmelig")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(crypto.DecryptionError) as excinfo:
        crypto.decrypt(tampered)
    assert "hemmelig" not in str(excinfo.value)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_missing_or_malformed_keys_are_a_configuration_error():
    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


def test_first_key_encrypts_and_every_key_decrypts():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        old_token = crypto.encrypt("a")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert crypto.decrypt(old_token) == "a"
        assert crypto.key_status(old_token) is crypto.KeyStatus.OLDER
        assert crypto.key_status(crypto.encrypt("b")) is crypto.KeyStatus.PRIMARY
        assert crypto.key_status(crypto.rotate(old_token)) is crypto.KeyStatus.PRIMARY
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert crypto.key_status(old_token) is crypto.KeyStatus.UNREADABLE


# --- the model field ----------------------------------------------------------------------


@pytest.mark.django_db
def test_encrypted_field_stores_only_ciphertext_and_reads_plain_text():
    check = KeyCheck.objects.create(name="probe", value="Fortroligt: Ærlig snak")
    raw = _raw(check.pk)
    assert "Fortroligt" not in raw and raw.startswith("gAAAAA")  # a Fernet token
    assert KeyCheck.objects.get(pk=check.pk).value == "Fortroligt: Ærlig snak"
    assert KeyCheck.objects.filter(pk=check.pk).values_list("value", flat=True).get() == "Fortroligt: Ærlig snak"


@pytest.mark.django_db
def test_encrypted_field_refuses_lookups_that_cannot_work():
    KeyCheck.objects.create(name="probe", value="x")
    with pytest.raises(FieldError):
        list(KeyCheck.objects.filter(value="x"))
    with pytest.raises(FieldError):
        list(KeyCheck.objects.filter(value__icontains="x"))
    assert KeyCheck.objects.filter(value__isnull=False).count() == 1


def test_encrypted_field_cannot_be_unique():
    from django.db import models
    from django.test.utils import isolate_apps

    from beredskab.core.fields import EncryptedTextField

    with isolate_apps("beredskab.core"):

        class Bad(models.Model):
            secret = EncryptedTextField(unique=True)

            class Meta:
                app_label = "core"

            def __str__(self):
                return "bad"

        errors = Bad.check()
    assert [e.id for e in errors] == ["core.E001"]


def test_generate_key_prints_a_usable_key(capsys):
    call_command("rotate_encryption_keys", "--generate-key")
    key = capsys.readouterr().out.strip()
    with override_settings(FIELD_ENCRYPTION_KEYS=[key]):
        assert crypto.decrypt(crypto.encrypt("x")) == "x"


# --- blind index ----------------------------------------------------------------------------


def test_blind_index_is_stable_normalised_keyed_and_purpose_bound():
    a = blind_index("010203-1234", purpose="cpr")
    assert a == blind_index("0102031234", purpose="cpr") == blind_index(" 010203 1234 ", purpose="cpr")
    assert len(a) == 64 and "0102031234" not in a
    assert blind_index("0102031235", purpose="cpr") != a
    with override_settings(BLIND_INDEX_KEY="another-key-another-key-another-key"):
        assert blind_index("0102031234", purpose="cpr") != a
    assert blind_index("Anna  Hansen", purpose="name") == blind_index("anna hansen", purpose="name")
    assert blind_index("0102031234", purpose="phone") != a


def test_blind_index_known_answer():
    """Pinned, so a change to the normalisation or the message format (which would orphan every
    stored index) fails here first."""
    with override_settings(BLIND_INDEX_KEY="test-key"):
        import hashlib
        import hmac

        expected = hmac.new(b"test-key", b"cpr\x000102031234", hashlib.sha256).hexdigest()
        assert blind_index("010203-1234", purpose="cpr") == expected


def test_blind_index_refuses_bad_input():
    with pytest.raises(ValueError):
        blind_index("12345", purpose="cpr")
    with pytest.raises(ValueError):
        blind_index("x", purpose="Not A Purpose")
    with override_settings(BLIND_INDEX_KEY=""), pytest.raises(ImproperlyConfigured):
        blind_index("0102031234", purpose="cpr")


def test_person_ref_for_cpr_is_the_shared_convention():
    ref = person_ref_for_cpr("010203-1234")
    assert ref == "cpr:" + blind_index("0102031234", purpose="cpr")
    assert len(ref) <= 128 and "010203" not in ref


def test_development_keys_are_marked_and_used_only_without_environment_keys(settings):
    assert settings.FIELD_ENCRYPTION_KEYS == [settings.INSECURE_DEV_FIELD_ENCRYPTION_KEY]
    assert "INSECURE" in settings.BLIND_INDEX_KEY
