"""Checking an uploaded file before anyone stores it: what its bytes are (never what the browser
or the file name says), and whether ClamAV finds malware in it.

Type detection: `filetype` (pure Python, MIT, no dependencies; widely used and stable for the
formats we take) recognises images and PDF by their signatures. Office files are inspected here
with `zipfile`, because a name inside the first bytes (which is all `filetype` looks at) does not
make a real document: an OOXML file (.docx/.xlsx/.pptx) must be a zip whose
`[Content_Types].xml` names the document's main part, and that part must exist; an OpenDocument
file must start with its `mimetype` entry. Macros (a VBA project, a macro-enabled main part,
OpenDocument Basic or Scripts) are reported, and so are OLE2 compound files (legacy .doc, .xls,
.ppt: the classic macro carriers). Text is text only if it decodes as UTF-8 and holds no NUL.

Virus scan: ClamAV's clamd, spoken to over its socket with the INSTREAM command (the file is
sent in length-prefixed chunks, clamd answers `stream: OK` or `stream: <name> FOUND`). The
client is the ~40 lines below rather than a library: `clamd` (2014) and `pyclamd` (2017) are
unmaintained, `aioclamd` is asyncio-only, and the maintained fork `clamav-client` is licensed
GPL-2.0, which we would rather not bind this EUPL-1.2 project to for so small a protocol. Ours
also puts one timeout on connecting, sending and reading, and turns every failure (clamd down,
timeout, a reset connection, a size limit, an unexpected answer) into `ScanUnavailable`, so the
callers fail closed.

Scanning is on when settings.CLAMD_SOCKET (a unix socket path) or settings.CLAMD_HOST (with
CLAMD_PORT) is set; production refuses to start without one unless CLAMD_DISABLED=true says the
municipality knowingly runs without a scan (config/settings/production.py).
"""

import codecs
import logging
import re
import socket
import struct
import weakref
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings

logger = logging.getLogger(__name__)

# --- what the bytes are ----------------------------------------------------------------------

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
HEIC = "image/heic"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
TEXT = "text/plain; charset=utf-8"
ZIP = "application/zip"
OLE2 = "application/x-ole-storage"  # legacy Office (.doc, .xls, .ppt), Outlook .msg and the like
UNKNOWN = "application/octet-stream"

# The types `filetype` finds by a signature strong enough to win over "this is plain text".
# OLE2 compound files: the legacy Office formats (as `filetype` names them) and any other.
LEGACY_OFFICE_TYPES = frozenset(
    {OLE2, "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
)
_SIGNATURE_TYPES = frozenset({PDF, PNG, JPEG, GIF, HEIC, "image/webp", "image/tiff"})
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_HEAD_BYTES = 8192
_MAX_MANIFEST_BYTES = 1024 * 1024  # [Content_Types].xml or mimetype larger than this is not a document

# An OOXML package's main part content type -> the document's type. Macro-enabled main parts
# (…macroEnabled.main+xml) are not here: they are reported as macros.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_TYPES = frozenset({ODT, ODS, "application/vnd.oasis.opendocument.presentation"})
_OVERRIDE = re.compile(r"<(?:\w+:)?Override\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""\b(PartName|ContentType)\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True)
class Detected:
    """What a file's bytes are. `macros`: an office document that carries macros."""

    content_type: str
    macros: bool = False

    @property
    def legacy_office(self) -> bool:
        return self.content_type in LEGACY_OFFICE_TYPES


def detect(file) -> Detected:
    """The type of an uploaded file (any Django File / file-like object with seek), from its
    bytes alone. Leaves the file at its start."""
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    try:
        if head.startswith(_OLE2_MAGIC):
            guess = filetype.guess(head)
            return Detected(guess.mime if guess and guess.mime in LEGACY_OFFICE_TYPES else OLE2)
        if head.startswith(_ZIP_MAGIC):
            return _zip_document(file)
        guess = filetype.guess(head)
        if guess and guess.mime in _SIGNATURE_TYPES:
            return Detected(guess.mime)
        if _is_utf8_text(file):
            return Detected(TEXT)
        return Detected(guess.mime if guess else UNKNOWN)
    finally:
        file.seek(0)


def _is_utf8_text(file) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    file.seek(0)
    try:
        for chunk in iter(lambda: file.read(64 * 1024), b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _zip_document(file) -> Detected:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            lowered = {name.lower() for name in names}
            if "[Content_Types].xml" in names:
                return _ooxml(archive, names, lowered)
            if infos and infos[0].filename == "mimetype":
                return _odf(archive, names)
            return Detected(ZIP)
    except Exception:  # a damaged archive (zlib, lzma, bz2, struct errors ...) is no document
        return Detected(UNKNOWN)


def _read_small(archive: zipfile.ZipFile, name: str) -> str | None:
    info = archive.getinfo(name)
    if info.file_size > _MAX_MANIFEST_BYTES:
        return None
    return archive.read(info).decode("utf-8", errors="replace")


def _ooxml(archive: zipfile.ZipFile, names: set[str], lowered: set[str]) -> Detected:
    manifest = _read_small(archive, "[Content_Types].xml")
    if manifest is None or "_rels/.rels" not in names:
        return Detected(ZIP)
    declared = manifest.lower()
    macros = any(name.endswith("vbaproject.bin") for name in lowered) or "macroenabled" in declared
    macros = macros or "vbaproject" in declared or _active_content(archive, names)
    for tag in _OVERRIDE.findall(manifest):
        attributes = dict(_ATTRIBUTE.findall(tag))
        kind = _OOXML_MAIN_PARTS.get(attributes.get("ContentType", ""))
        if kind and attributes.get("PartName", "").lstrip("/") in names:
            return Detected(kind, macros=macros)
    return Detected(ZIP, macros=macros)


# Relationships that fetch or embed what can run: a template from elsewhere (a well-known way to
# load macros when the document opens), an embedded object or control, an external frame.
_ACTIVE_RELATIONSHIPS = frozenset({"attachedtemplate", "oleobject", "package", "control", "frame", "subdocument"})
_RELATIONSHIP = re.compile(r"<(?:\w+:)?relationship\b[^>]*>")
_RELATIONSHIP_TYPE = re.compile(r"""\btype\s*=\s*["'][^"']*/(\w+)["']""")
_EXTERNAL = re.compile(r"""\btargetmode\s*=\s*["']external["']""")


def _active_content(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """Does the package embed an OLE2 object or an ActiveX control, or load a template, an
    object or a frame from outside? Treated as macros: refused."""
    for name in names:
        lowered = name.lower()
        if "/activex/" in lowered:
            return True
        if "/embeddings/" in lowered:
            with archive.open(name) as member:
                if member.read(len(_OLE2_MAGIC)) == _OLE2_MAGIC:
                    return True
        if lowered.endswith(".rels"):
            for tag in _RELATIONSHIP.findall((_read_small(archive, name) or "").lower()):
                kind = _RELATIONSHIP_TYPE.search(tag)
                if _EXTERNAL.search(tag) and kind and kind.group(1) in _ACTIVE_RELATIONSHIPS:
                    return True
    return False


def _odf(archive: zipfile.ZipFile, names: set[str]) -> Detected:
    declared = (_read_small(archive, "mimetype") or "").strip()
    if declared not in _ODF_TYPES or "META-INF/manifest.xml" not in names:
        return Detected(ZIP)
    macros = any(name.startswith(("Basic/", "Scripts/")) for name in names)
    return Detected(declared, macros=macros)


# --- the virus scan (clamd INSTREAM) ---------------------------------------------------------


class ScanRefused(Exception):
    """The file may not be stored: infected, or it could not be scanned."""


class FileInfected(ScanRefused):
    def __init__(self, signature: str):
        super().__init__(signature)
        self.signature = signature


class ScanUnavailable(ScanRefused):
    """clamd could not be reached or gave no usable answer: fail closed."""


_CHUNK_BYTES = 64 * 1024  # must stay below clamd's StreamMaxLength (default 25 MB)
_scanned = weakref.WeakSet()  # files found clean in this process (scan_file skips them)


def scanning_enabled() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect() -> socket.socket:
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(settings.CLAMD_SOCKET)
        except BaseException:
            connection.close()
            raise
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=timeout)


def clamd_instream(file) -> str:
    """Send the file to clamd (INSTREAM) and return its answer, e.g. `stream: OK`."""
    file.seek(0)
    with _connect() as connection:
        connection.sendall(b"zINSTREAM\0")
        for chunk in iter(lambda: file.read(_CHUNK_BYTES), b""):
            connection.sendall(struct.pack("!L", len(chunk)) + chunk)
        connection.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0") and len(answer) < 4096:
            received = connection.recv(4096)
            if not received:
                break
            answer += received
    file.seek(0)
    return answer.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def scan_file(file) -> None:
    """Raise FileInfected or ScanUnavailable unless clamd finds the file clean. Does nothing when
    scanning is not configured, or when this very file object was already found clean."""
    if not scanning_enabled() or file in _scanned:
        return
    try:
        answer = clamd_instream(file)
    except OSError as error:  # refused, missing socket, timeout, reset: all OSError
        logger.error("Virus scan unavailable (clamd): %s: %s", error.__class__.__name__, error)
        raise ScanUnavailable(str(error)) from error
    finally:
        file.seek(0)
    if answer == "stream: OK":
        _scanned.add(file)
        return
    if answer.startswith("stream: ") and answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream: ").removesuffix(" FOUND")
        logger.warning("Virus scan refused an upload: %s", signature)
        raise FileInfected(signature)
    logger.error("Virus scan gave no usable answer (clamd): %.200s", answer)
    raise ScanUnavailable(answer)
