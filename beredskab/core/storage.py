"""Files encrypted at rest, with the same keys and rotation as the encrypted fields
(`core.crypto`: Fernet, the first key of FIELD_ENCRYPTION_KEYS encrypts, every key decrypts).

A file's content is encrypted before it reaches the disk and decrypted when it is opened, so a
copy of the files folder (a backup, a stolen disk) holds no readable attachment. Files are
kept under random names outside the web root and are only ever served by views that check
who may see them.
"""

import os

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from . import crypto


@deconstructible
class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(crypto.encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("Encrypted files are written through save(), never opened for writing.")
        with super()._open(name, "rb") as stored:
            return ContentFile(crypto.decrypt_bytes(stored.read()), name=name)

    def raw(self, name) -> bytes:
        """The stored (encrypted) bytes, for key rotation and checks."""
        with super()._open(name, "rb") as stored:
            return stored.read()

    def replace_raw(self, name, data: bytes) -> None:
        """Write re-encrypted bytes in place (key rotation): to a temporary file, then renamed."""
        path = self.path(name)
        temporary = f"{path}.rotating"
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)


def encrypted_storage() -> EncryptedFileSystemStorage:
    """The storage of every file with personal data (settings decide its folder)."""
    return EncryptedFileSystemStorage()
