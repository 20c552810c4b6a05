"""Fixtures for the intake tests: a real ClamAV daemon (clamd) for the virus-scan tests.

Signatures cannot be downloaded here, so clamd gets a database directory holding one local
signature: the MD5 hash and size of the EICAR test file (`md5:size:Name`, an .hdb file), which
clamd reports as `Eicar-Test-Signature.UNOFFICIAL`. It is started once per test session with its
own configuration and socket in a temporary folder, and stopped at the end. Where clamd is not
installed the tests that need it skip with the reason, except in CI, where that is a failure.
"""

import hashlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from config import env

# The EICAR anti-virus test file: harmless, and detected by every scanner as a "virus". Built
# from two halves so that this source file itself is not what a scanner on a developer's
# machine flags.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"
CLAMD_START_SECONDS = 120


def _clamd_binary() -> str | None:
    return shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(path).exists()), None
    )


def _answers_ping(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            connection.connect(str(path))
            connection.sendall(b"zPING\0")
            return connection.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def clamd_socket():
    """The path of a running clamd's unix socket (one clamd for the whole test session)."""
    binary = _clamd_binary()
    if binary is None:
        if env.CI:
            pytest.fail("clamd is missing in CI: the virus-scan tests must run (apt-get install -y clamav-daemon).")
        pytest.skip("clamd not installed (apt-get install -y clamav-daemon); virus-scan tests skipped locally.")
    # A short folder name: a unix socket path may hold at most ~107 bytes.
    folder = Path(tempfile.mkdtemp(prefix="clamd-"))
    database = folder / "db"
    database.mkdir()
    digest = hashlib.md5(EICAR).hexdigest()  # noqa: S324 - the hash ClamAV's .hdb format is made of
    (database / "eicar.hdb").write_text(f"{digest}:{len(EICAR)}:{EICAR_SIGNATURE}\n")
    path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"LocalSocket {path}",
                "LocalSocketMode 600",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {folder}",
                f"LogFile {folder / 'clamd.log'}",
                "Foreground yes",
                "StreamMaxLength 25M",
                "",
            ]
        )
    )
    log = (folder / "output.log").open("wb")
    process = subprocess.Popen([binary, "--config-file", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + CLAMD_START_SECONDS
        while not _answers_ping(path):
            if process.poll() is not None or time.monotonic() > deadline:
                output = (folder / "output.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"clamd did not start (exit {process.poll()}):\n{output}")
            time.sleep(0.2)
        yield str(path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clamd(settings, clamd_socket):
    """Scanning switched on against the session's real clamd (over its unix socket)."""
    settings.CLAMD_SOCKET = clamd_socket
    settings.CLAMD_HOST = ""
    settings.CLAMD_TIMEOUT = 30
    return clamd_socket


@pytest.fixture
def no_clamd(settings):
    """Scanning switched off, whatever the developer's environment says."""
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
