"""The load benchmark (issue 20): gunicorn with production settings against a seeded
PostgreSQL database, load from wrk in a separate process, p50/p95/p99 and throughput per page
beside a floor view measured in the same run, plus the workers' resident memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/load.py --reports 10000

Seeds only an empty database (migrate, demo_data, seed_scale); `--no-seed` reuses one.
Writes a Markdown section to stdout and appends it to bench/RESULTS.md. Needs `wrk`
(Debian: apt-get install wrk). All data is synthetic; the keys below are for the benchmark only.
"""

import argparse
import datetime
import http.client
import os
import platform
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    "SECRET_KEY": "bench-only-" + "k" * 60,
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
    "BLIND_INDEX_KEY": "bench-only-blind-index-key-0123456789",
    "AUDIT_CHAIN_KEYS": "bench-only-audit-chain-key-0123456789",
    "CLAMD_DISABLED": "true",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "INTAKE_REPORTS_PER_HOUR": "100000000",  # wrk posts from one address
    "INTAKE_INVALID_POSTS_PER_HOUR": "100000000",
}
SESSION_COOKIE = "__Secure-sessionid"  # production's name (config.settings.production)
SUBMIT = "report submission (POST)"
# The synthetic report bench/submit.lua posts (besides the CSRF and submission tokens it adds).
REPORT_FIELDS = urllib.parse.urlencode(
    {
        "reporter_kind": "professional",
        "reporter_name": "Syntetisk Indberetter",
        "reporter_organisation": "Syntetisk Skole",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": "Syntetisk Barn",
        "subject_cpr": "150611-4233",
        "subject_knows": "no",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": "SYNTETISK TESTDATA (benchmark)",
    }
)
PAGES = [  # (label, path, who: "" anyone, "session" the case worker, "leader" their unit's leader, "token" the API)
    ("floor (benchmark only)", "/bench/floor/", ""),
    ("guide start", "/guide/", ""),
    ("whom to contact now", "/guide/hvem/", ""),
    ("public form (GET)", "/underretning/ny/", ""),
    (SUBMIT, "/underretning/ny/", ""),
    ("action-card PDF", "{pdf}", ""),
    ("queue", "/sager/", "session"),
    ("case page, 50 journal entries", "/sager/{case}/", "session"),
    ("deadlines", "/sager/frister/", "session"),
    ("goals dashboard", "/maal/", "leader"),
    ("API case list", "/api/v1/cases/", "token"),
]


def run(args, env, **kw):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, **kw)  # noqa: S603 (our own commands)


def manage(env, *args, **kw):
    return run([PY, "manage.py", *args], env, **kw)


def seed(env, reports: int) -> None:
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    manage(env, "demo_data")
    manage(env, "seed_scale", "--reports", str(reports))
    # What autovacuum does to a production database in its first hours: the visibility map that
    # lets the dashboard's covering indexes answer without reading the rows, and fresh statistics.
    manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')")


def wrk(url: str, headers: dict, seconds: int, connections: int, script: str = "percentiles.lua", env=None) -> dict:
    """One page under load for `seconds`; latencies in ms (wrk's Lua hook gives p95 too).
    Errors: answers other than 2xx/3xx, and timeouts."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(ROOT / "bench" / script)]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    run_env = {**os.environ, **(env or {}), "BENCH_DIR": str(ROOT / "bench")}
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True, env=run_env).stdout  # noqa: S603
    percentiles = {f"p{p}": int(v) / 1000 for p, v in re.findall(r"^P(\d+) (\d+)$", out, re.MULTILINE)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    count = (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0)
    return {**percentiles, "rps": rps, "errors": count}


def _request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read().decode("utf-8", "replace")
    conn.close()
    return response, content


def _expect(port: int, path: str, headers: dict, status: int = 200, method: str = "GET", body=None) -> None:
    """The page answers `status` itself (not a redirect to the login page, not a form error):
    otherwise the run would time something else."""
    response, _content = _request(port, method, path, headers, body)
    if response.status != status:
        raise SystemExit(f"{method} {path} answered {response.status}, not {status}: the benchmark would not time it.")


def csrf_pair(port: int) -> tuple[str, str]:
    """A CSRF cookie and form token from the public form, reused for every post of the run."""
    response, content = _request(port, "GET", "/underretning/ny/", {})
    cookie = re.search(r"__Secure-csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if not (cookie and token):
        raise SystemExit("The public form set no CSRF cookie or token: cannot post reports.")
    return cookie.group(1), token.group(1)


def submission_check(port: int, cookie: str, token: str) -> None:
    """One post of the very body submit.lua sends, which must be taken in (302 to the receipt)."""
    body = f"csrfmiddlewaretoken={token}&submission_token={uuid.uuid4()}&{REPORT_FIELDS}"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"__Secure-csrftoken={cookie}"}
    _expect(port, "/underretning/ny/", headers, status=302, method="POST", body=body)


def measure(port: int, seconds: int, connections: int, case: str, pdf: str, who: dict) -> list:
    """Every page of PAGES under load, in order; the floor first."""
    base = f"http://127.0.0.1:{port}"
    results = []
    for label, path, kind in PAGES:
        path = path.format(case=case, pdf=pdf)
        headers = who.get(kind, {})
        if label == SUBMIT:
            cookie, token = csrf_pair(port)
            submission_check(port, cookie, token)
            env = {"BENCH_CSRF_COOKIE": cookie, "BENCH_CSRF_TOKEN": token, "BENCH_REPORT_FIELDS": REPORT_FIELDS}
            results.append((label, wrk(base + path, {}, seconds, connections, "submit.lua", env)))
            continue
        _expect(port, path, headers)
        results.append((label, wrk(base + path, headers, seconds, connections)))
    return results


def worker_rss_mb(master_pid: int) -> list[float]:
    pgrep = ["pgrep", "-P", str(master_pid)]
    children = subprocess.run(pgrep, capture_output=True, text=True).stdout.split()  # noqa: S603
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    env = {**os.environ, **BENCH_ENV, "DATA_DIR": os.environ.get("DATA_DIR", str(ROOT / "var/bench"))}
    if not options.no_seed:
        seed(env, options.reports)
    if not (Path(env["DATA_DIR"]) / "static/staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    cookie, case, pdf, api_token, leader = manage(
        env, "shell", "-c", (ROOT / "bench/session.py").read_text(), capture_output=True
    ).stdout.split()[-5:]
    who = {
        "session": {"Cookie": f"{SESSION_COOKIE}={cookie}"},
        "leader": {"Cookie": f"{SESSION_COOKIE}={leader}"},
        "token": {"Authorization": f"Bearer {api_token}"},
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            str(options.workers),
            "-b",
            f"127.0.0.1:{options.port}",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{options.port}/bench/floor/", timeout=2)
                break
            except OSError:
                time.sleep(1)
        results = measure(options.port, options.seconds, options.connections, case, pdf, who)
        rss = worker_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report = render(options, results, rss)
    print(report)
    with open(ROOT / "bench/RESULTS.md", "a") as results_file:
        results_file.write("\n" + report)


def render(options, results, rss) -> str:
    floor = results[0][1]["p95"]
    lines = [
        f"## Load run {datetime.datetime.now():%Y-%m-%d %H:%M}, {options.reports} reports",
        "",
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, gunicorn "
        f"{options.workers} sync workers, wrk 1 thread {options.connections} connections {options.seconds} s per page; "
        f"load average at the end {os.getloadavg()[0]:.1f} (the run's own server, database and wrk count in it).",
        "",
        "| page | p50 ms | p95 ms | p99 ms | req/s | p95 / floor | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in results:
        lines.append(
            f"| {label} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} | "
            f"{r['p95'] / floor:.1f}x | {r['errors']} |"
        )
    lines += ["", "Worker resident memory after the run: " + ", ".join(f"{m:.0f} MB" for m in rss), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
