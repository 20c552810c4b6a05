"""Acceptance test for issue 12: reports survive a crashing app server (PostgreSQL).

The app runs under gunicorn with 2 worker processes against the test database. 10 clients send
200 valid reports through the public form, as a browser does: fetch the form (CSRF cookie and
token, one-time submission token), post it, follow the redirect to the receipt page. Midway one
worker is killed with SIGKILL, taking the request it was handling with it. A client whose
request failed does what a person does: sends the same form again (the same one-time token).

Then: every report that got a receipt is in the database exactly once (receipts counted against
rows by reference), no submission token has two rows, and every submission got its receipt.

The server gets DATABASE_URL pointing at the test database and a settings module that is the
test settings with the form's rate limits raised (10 clients share one address). The test is
transactional, so the rows the server writes are visible here and emptied afterwards.
"""

import collections
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection

from beredskab.intake.models import Report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the crash test runs on PostgreSQL (CI runs it)"),
]

ROOT = Path(__file__).resolve().parents[3]
CLIENTS = 10
SUBMISSIONS = 200
KILL_AFTER_RECEIPTS = 60
ATTEMPTS = 5  # per step, as a person would press "send" again after an error
SETTINGS = """from config.settings.test import *  # noqa: F403

# Ten clients on one address: the public form's per-address limits would stop the test.
INTAKE_REPORTS_PER_HOUR = 1_000_000
INTAKE_INVALID_POSTS_PER_HOUR = 1_000_000
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def server(tmp_path, ishoj_plan, org):
    """(base URL, gunicorn master process) for the test database; stopped before the flush."""
    (tmp_path / "crash_settings.py").write_text(SETTINGS)
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crash_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": _database_url(),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    master = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"),
            "--no-control-socket",  # no shared socket in the home folder (other test runs)
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert master.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
            try:
                if requests.get(f"{base}/underretning/ny/", timeout=60).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer: " + (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.3)
        while len(_children(master.pid)) < 2:
            time.sleep(0.1)
        yield base, master
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(timeout=30)
        except subprocess.TimeoutExpired:
            master.kill()
            master.wait()
        log.close()


def _form_data(token: str, n: int) -> dict:
    return {
        "submission_token": token,
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis (syntetisk)",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": f"Barn nr. {n} (syntetisk)",
        "subject_knows": "no",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": "Barnet må ikke deltage i lejrskolen (syntetisk testindberetning).",
    }


class Client:
    """One browser: its own cookies, submitting one report after the other."""

    def __init__(self, base: str, log: "Results"):
        self.base, self.log = base, log

    def _retry(self, step):
        for attempt in range(ATTEMPTS):
            try:
                response = step()
            except requests.RequestException as error:
                self.log.failure(repr(error))
            else:
                if response.status_code < 500:
                    return response
                self.log.failure(f"HTTP {response.status_code}")
            time.sleep(0.2 * (attempt + 1))
        raise AssertionError(f"no answer after {ATTEMPTS} attempts")

    def submit(self, n: int) -> None:
        session = requests.Session()
        page = self._retry(lambda: session.get(f"{self.base}/underretning/ny/", timeout=30))
        assert page.status_code == 200
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        token = re.search(r'name="submission_token" value="([^"]+)"', page.text).group(1)
        uuid.UUID(token)
        data = {**_form_data(token, n), "csrfmiddlewaretoken": csrf}
        self.log.posted(token)
        posted = self._retry(
            lambda: session.post(
                f"{self.base}/underretning/ny/",
                data=data,
                headers={"Referer": f"{self.base}/underretning/ny/"},
                allow_redirects=False,
                timeout=30,
            )
        )
        assert posted.status_code == 302, posted.text[:2000]
        location = posted.headers["Location"]
        reference = re.fullmatch(r"/underretning/kvittering/([^/]+)/", location).group(1)
        receipt = self._retry(lambda: session.get(self.base + location, timeout=30))
        assert receipt.status_code == 200 and reference in receipt.text  # the receipt page
        self.log.receipt(token, reference)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.receipts: list[tuple[str, str]] = []
        self.tokens: list[str] = []
        self.failures: list[str] = []
        self.errors: list[str] = []

    def posted(self, token):
        with self.lock:
            self.tokens.append(token)

    def receipt(self, token, reference):
        with self.lock:
            self.receipts.append((token, reference))

    def failure(self, what):
        with self.lock:
            self.failures.append(what)


def test_receipts_match_rows_when_a_worker_is_killed_mid_burst(server):
    base, master = server
    results = Results()
    numbers = iter(range(SUBMISSIONS))
    numbers_lock = threading.Lock()

    def run_client():
        client = Client(base, results)
        while True:
            with numbers_lock:
                n = next(numbers, None)
            if n is None:
                return
            try:
                client.submit(n)
            except Exception as error:  # recorded; the assertions below report it
                with results.lock:
                    results.errors.append(f"{n}: {error!r}")

    threads = [threading.Thread(target=run_client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()

    deadline = time.monotonic() + 120
    while len(results.receipts) < KILL_AFTER_RECEIPTS:
        assert time.monotonic() < deadline, f"too slow before the kill: {results.errors[:3]}"
        time.sleep(0.01)
    workers = _children(master.pid)
    assert len(workers) == 2
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    killed_at = len(results.receipts)

    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)

    # The master replaced the killed worker; the kill cost requests in flight (the crash happened).
    assert victim not in _children(master.pid) and len(_children(master.pid)) == 2
    assert results.failures, "the kill interrupted no request: the crash was not tested"
    assert KILL_AFTER_RECEIPTS <= killed_at < SUBMISSIONS

    assert results.errors == []
    assert len(results.receipts) == SUBMISSIONS  # every submission got its receipt (after a retry at worst)
    receipted = collections.Counter(reference for _token, reference in results.receipts)
    assert len(receipted) == SUBMISSIONS

    rows = collections.Counter(Report.objects.values_list("reference", flat=True))
    assert {ref: rows[ref] for ref in receipted if rows[ref] != 1} == {}  # each receipt: exactly one row
    assert sum(rows.values()) == SUBMISSIONS  # no row without its receipt, no duplicate
    by_token = collections.Counter(str(t) for t in Report.objects.values_list("submission_token", flat=True))
    assert set(by_token) == set(results.tokens) and set(by_token.values()) == {1}
    assert {str(t): r for t, r in Report.objects.values_list("submission_token", "reference")} == dict(results.receipts)
