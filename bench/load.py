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
import urllib.request
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
}
SESSION_COOKIE = "__Secure-sessionid"  # production's name (config.settings.production)
PAGES = [  # (label, path or key, needs the session)
    ("floor (benchmark only)", "/bench/floor/", False),
    ("guide start", "/guide/", False),
    ("whom to contact now", "/guide/hvem/", False),
    ("public form (GET)", "/underretning/ny/", False),
    ("action-card PDF", "{pdf}", False),
    ("queue", "/sager/", True),
    ("case page, 50 journal entries", "/sager/{case}/", True),
    ("deadlines", "/sager/frister/", True),
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


def wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    """One page under load for `seconds`; latencies in ms (wrk's Lua hook gives p95 too)."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(ROOT / "bench/percentiles.lua"), url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {SESSION_COOKIE}={cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603
    percentiles = {f"p{p}": int(v) / 1000 for p, v in re.findall(r"^P(\d+) (\d+)$", out, re.MULTILINE)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {**percentiles, "rps": rps, "errors": int(errors.group(1)) if errors else 0}


def _expect_200(port: int, path: str, cookie: str) -> None:
    """The page answers 200 itself (not a redirect to the login page): otherwise the run would
    time a redirect."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {})
    status = conn.getresponse().status
    conn.close()
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not 200: the benchmark would not time the page.")


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
    cookie, case, pdf = manage(
        env, "shell", "-c", (ROOT / "bench/session.py").read_text(), capture_output=True
    ).stdout.split()[-3:]
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
    base = f"http://127.0.0.1:{options.port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/bench/floor/", timeout=2)  # noqa: S310 (http://127.0.0.1)
                break
            except OSError:
                time.sleep(1)
        results = []
        for label, path, signed_in in PAGES:
            url = base + path.format(case=case, pdf=pdf)
            _expect_200(options.port, path.format(case=case, pdf=pdf), cookie if signed_in else "")
            results.append((label, wrk(url, cookie if signed_in else "", options.seconds, options.connections)))
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
        f"{options.workers} sync workers, wrk 1 thread {options.connections} connections {options.seconds} s per page.",
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
