"""Benchmark: key pages at demo scale and at national scale, on the same machine, in one run.

    python bench/run.py            # full run (builds bench/out/*.sqlite on first use)
    python bench/run.py --quick    # CI: small data, few requests; asserts query counts only
    python bench/run.py --database-url postgresql+psycopg://…/padome_bench \
        --demo-database-url postgresql+psycopg://…/padome_bench_demo   (both scales on
                                   PostgreSQL; without the second option the demo stays on SQLite)

Both servers (demo and national scale) run at once, and each page is driven at the two scales
in alternating rounds, so that the ratios compare the same minutes of a noisy machine.
Each page is driven twice. "Built": every request says `Cache-Control: no-cache`, so the app
builds the page every time — p50/p95 latency, requests/second and SQL queries per request (from
the X-Query-Count header the app sends when QUERY_COUNT_HEADER is on) at both scales, and the
p95 ratio national/demo. "Served": plain requests, as readers send them, with the page cache
(council/page_cache.py) doing its work — requests/second at national scale. Throughput is also
given as a share of /healthz on the same server. Then the export builders against minimal
scripts writing the same content with python-docx / icalendar.
Requests only go to 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway account in a throwaway database


REGISTER_FILTERS = ("the filters list one municipality's councils at demo scale; at national "
                    "scale they ask for a municipality first (one query fewer)")


@dataclass
class Page:
    name: str
    path: str
    login: bool = False
    # Why the page is a different view at the two scales, which have one municipality (demo)
    # and 43 (national); then its query counts are not compared across the scales (each must
    # still be constant between requests, and tests compare them for small and large data).
    other_view: str = ""


@dataclass
class Result:
    p50: float
    p95: float
    rps: float
    queries: set[int]
    statuses: set[int]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def prepare_database(url: str, scale: str, quick: bool, env: dict) -> None:
    """Migrate a database; fill it once per version of the data generators and reuse it."""
    sources = [*sorted((ROOT / "council" / "demo").glob("*.py")), ROOT / "council" / "cli.py",
               ROOT / "council" / "services" / "search.py"]  # the data, the commands, the index
    generators = b"".join(p.read_bytes() for p in sources)
    key = f"{url}|{scale}|{quick}|{hashlib.sha1(generators).hexdigest()}"
    marker = OUT / (hashlib.sha1(key.encode()).hexdigest()[:12] + ".ready")
    if marker.exists():
        flask({**env, "DATABASE_URL": url}, "db", "upgrade")
        return
    if url.startswith("sqlite:///"):  # start from an empty file
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    flask({**env, "DATABASE_URL": url}, "db", "upgrade")
    if scale == "demo":
        flask({**env, "DATABASE_URL": url}, "seed-demo")
    elif quick:
        flask({**env, "DATABASE_URL": url}, "seed-scale", "--municipalities", "3",
              "--councils", "12", "--years", "3", "--recommendations", "600")
    else:
        print(f"Generating national-scale data in {url} (a few minutes)…", flush=True)
        flask({**env, "DATABASE_URL": url}, "seed-scale")
    # A new database (national scale: 400 MB of dirty pages) is written out now, not by the
    # kernel during the measurements (the first run after a generation used to read 0.1 higher).
    os.sync()
    marker.touch()


def discover(url: str, env: dict) -> tuple[list[Page], dict]:
    """Pick representative records (the busiest council, its latest approved minutes …) and
    a bench officer account with a personal calendar token."""
    os.environ.update({**env, "DATABASE_URL": url})
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, select

    from council import create_app
    from council.extensions import db
    from council.models import (
        Council,
        GlobalRole,
        Meeting,
        Minutes,
        MinutesStatus,
        Municipality,
        Recommendation,
        User,
    )

    app = create_app()
    with app.app_context():
        council_id = db.session.execute(
            select(Meeting.council_id, func.count()).group_by(Meeting.council_id)
            .order_by(func.count().desc(), Meeting.council_id).limit(1)).first()[0]
        council = db.session.get(Council, council_id)
        municipality_id = db.session.execute(
            select(Council.municipality_id, func.count())
            .join(Meeting, Meeting.council_id == Council.id).group_by(Council.municipality_id)
            .order_by(func.count().desc(), Council.municipality_id).limit(1)).first()[0]
        municipality = db.session.get(Municipality, municipality_id).slug
        meeting = db.session.scalars(
            select(Meeting).join(Minutes, Minutes.meeting_id == Meeting.id)
            .where(Meeting.council_id == council_id, Minutes.status == MinutesStatus.APPROVED,
                   Meeting.is_public.is_(True))
            .order_by(Meeting.starts_at.desc())).first()
        # The bench officer works for the municipality with the most recommendations awaiting
        # an answer: the longest overdue list and the fullest dashboard of any officer.
        busiest = db.session.execute(
            select(Council.municipality_id, func.count())
            .join(Recommendation, Recommendation.council_id == Council.id)
            .where(Recommendation.status.in_(["sent", "registered"]))
            .group_by(Council.municipality_id)
            .order_by(func.count().desc(), Council.municipality_id).limit(1)).first()
        officer = db.session.scalars(select(User).where(User.email == "bench@bench.example")
                                     ).first()
        token = secrets.token_urlsafe(24)
        if officer is None:
            officer = User(email="bench@bench.example", display_name="Bench",
                           role=GlobalRole.OFFICER, password_hash="")
            db.session.add(officer)
        officer.municipality_id = busiest[0] if busiest else municipality_id
        officer.set_password(PASSWORD)
        officer.feed_token_hash = hashlib.sha256(token.encode()).hexdigest()
        db.session.commit()
        slug = council.slug
        meeting_id = meeting.id if meeting else None
        db.session.remove()
        db.engine.dispose()
    pages = [
        Page("home", "/", other_view="one municipality's home page at demo scale, the list of "
             "municipalities at national scale (\"municipality page\" compares the home view)"),
        Page("municipality page", f"/municipalities/{municipality}"),
        Page("council page", f"/councils/{slug}"),
        Page("meeting page", f"/meetings/{meeting_id}"),
        Page("minutes HTML", f"/meetings/{meeting_id}/minutes"),
        Page("minutes .docx", f"/meetings/{meeting_id}/minutes.docx"),
        Page("council .ics", f"/councils/{slug}/calendar.ics"),
        Page("personal .ics", f"/feeds/{token}/calendar.ics"),
        Page("recommendations p50", "/recommendations/?status=closed&page=50",
             other_view=REGISTER_FILTERS),
        # An officer of one municipality: the same view at both scales (its councils listed).
        Page("officer dashboard", "/recommendations/?overdue=1", login=True),
        Page("search", "/search?q=apgaismojum"),
        Page("/healthz", "/healthz"),
    ]
    return pages, {"municipality": municipality, "council": slug, "meeting": meeting_id}


class Server:
    def __init__(self, url: str, env: dict, workers: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "app:app"],
            cwd=ROOT, env={**env, "DATABASE_URL": url, "FLASK_QUERY_COUNT_HEADER": "true"},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def login_opener(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": "bench@bench.example",
                                   "password": PASSWORD}).encode()
    opener.open(base + "/login", data=data, timeout=10).read()
    return opener


class Driver:
    """Requests to one page on one server, as one client with `concurrency` connections."""

    def __init__(self, base: str, page: Page, *, built: bool):
        self.base, self.page = base, page
        self.opener = login_opener(base) if page.login else urllib.request.build_opener()
        if built:  # ask for a fresh page every time: the app's own cost
            self.opener.addheaders.append(("Cache-Control", "no-cache"))
        self.opener.open(base + page.path, timeout=30).read()  # warm-up
        self.samples: list[tuple[float, int, int]] = []
        self.wall = 0.0

    def one(self, _):
        start = time.perf_counter()
        try:
            response = self.opener.open(self.base + self.page.path, timeout=30)
            response.read()
            status, queries = response.status, int(response.headers.get("X-Query-Count", -1))
        except urllib.error.HTTPError as e:
            status, queries = e.code, int(e.headers.get("X-Query-Count", -1))
        return time.perf_counter() - start, status, queries

    def drive(self, requests: int, concurrency: int) -> None:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            self.samples += pool.map(self.one, range(requests))
        self.wall += time.perf_counter() - started

    def result(self) -> Result:
        times = sorted(s[0] for s in self.samples)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        return Result(statistics.median(times) * 1000, p95 * 1000, len(times) / self.wall,
                      {s[2] for s in self.samples}, {s[1] for s in self.samples})


ROUNDS = 10  # each page's requests, per scale, in this many alternating rounds


def measure(servers: list[tuple[str, Page]], requests: int, concurrency: int, *,
            built: bool) -> list[Result]:
    """One page on each server (demo, national), driven in alternating rounds — demo,
    national, national, demo, … — so that whatever else the machine does weighs on both
    scales alike: the ratios compare the same minutes, not two runs a minute apart."""
    drivers = [Driver(base, page, built=built) for base, page in servers]
    rounds = ROUNDS if requests >= 10 * ROUNDS else 1
    sizes = [requests // rounds + (1 if r < requests % rounds else 0) for r in range(rounds)]
    for r, size in enumerate(sizes):
        for driver in (drivers if r % 2 == 0 else drivers[::-1]):
            driver.drive(size, concurrency)
    return [d.result() for d in drivers]


def run_scales(demo_url: str, national_url: str, env: dict, args):
    """Both servers up at once; per page, the built results at both scales (interleaved) and
    the served result at national scale."""
    demo_pages, _ = discover(demo_url, env)
    national_pages, _ = discover(national_url, env)
    demo_server = Server(demo_url, env, args.workers)
    try:
        national_server = Server(national_url, env, args.workers)
        try:
            demo, national, served = {}, {}, {}
            for dp, np_ in zip(demo_pages, national_pages, strict=True):
                demo[dp.name], national[np_.name] = measure(
                    [(demo_server.base, dp), (national_server.base, np_)],
                    args.requests, args.concurrency, built=True)
            for np_ in national_pages:
                (served[np_.name],) = measure([(national_server.base, np_)], args.requests,
                                              args.concurrency, built=False)
        finally:
            national_server.stop()
    finally:
        demo_server.stop()
    return demo_pages, demo, national, served


def exports_ratio(url: str, quick: bool) -> list[tuple[str, float, float]]:
    sys.path.insert(0, str(ROOT))
    from bench import exports

    return exports.compare(url, rounds=5 if quick else 40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, few requests (CI)")
    parser.add_argument("--requests", type=int)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="national-scale database (default: SQLite)")
    parser.add_argument("--demo-database-url",
                        help="demo-scale database (default: SQLite), e.g. on the same "
                             "PostgreSQL server as --database-url for like-for-like ratios")
    args = parser.parse_args()
    # 1000: the p95 is the 50th slowest request, not the 25th, which a few scheduler hiccups
    # moved by ±0.1 in the ratios.
    args.requests = args.requests or (12 if args.quick else 1000)
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FLASK_SECRET_KEY": "bench-" + "x" * 32,
           "FLASK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
           "FLASK_SESSION_COOKIE_SECURE": "false"}  # plain http on 127.0.0.1
    suffix = "-quick" if args.quick else ""
    demo_url = args.demo_database_url or f"sqlite:///{OUT / f'demo{suffix}.sqlite'}"
    national_url = args.database_url or f"sqlite:///{OUT / f'national{suffix}.sqlite'}"
    prepare_database(demo_url, "demo", args.quick, env)
    prepare_database(national_url, "national", args.quick, env)

    pages, demo, national, served = run_scales(demo_url, national_url, env, args)

    health_nat, health_served = national["/healthz"].rps, served["/healthz"].rps
    print(f"\nPadome benchmark — {time.strftime('%Y-%m-%d %H:%M')} — {args.requests} requests "
          f"per page, concurrency {args.concurrency}, gunicorn {args.workers} workers, "
          f"{os.cpu_count()} CPUs; demo: {demo_url.split('@')[-1]}; "
          f"national: {national_url.split('@')[-1]}")
    print(f"{'':<21}{'built every time (Cache-Control: no-cache)':^58}{'served':^22}")
    header = (f"{'page':<21}{'p50 demo':>9}{'p95 demo':>9}{'p50 nat':>9}{'p95 nat':>9}"
              f"{'q demo':>7}{'q nat':>6}{'p95×':>6}{'rps nat':>8}{'thr%':>6}"
              f"{'rps nat':>9}{'thr%':>6}")
    print(header)
    print("-" * len(header))
    problems = []
    for page in pages:
        d, n, c = demo[page.name], national[page.name], served[page.name]
        qd = ",".join(map(str, sorted(d.queries)))
        qn = ",".join(map(str, sorted(n.queries)))
        ratio = n.p95 / d.p95 if d.p95 else 0
        share = 100 * n.rps / health_nat if health_nat else 0
        share_served = 100 * c.rps / health_served if health_served else 0
        print(f"{page.name:<21}{d.p50:>9.1f}{d.p95:>9.1f}{n.p50:>9.1f}{n.p95:>9.1f}"
              f"{qd:>7}{qn:>6}{ratio:>6.2f}{n.rps:>8.0f}{share:>5.0f}%"
              f"{c.rps:>9.0f}{share_served:>5.0f}%")
        if len(d.queries) != 1 or len(n.queries) != 1:
            problems.append(f"{page.name}: queries per request vary ({qd} / {qn})")
        elif d.queries != n.queries and not page.other_view:
            problems.append(f"{page.name}: queries per request differ ({qd} vs {qn})")
        if {*d.statuses, *n.statuses, *c.statuses} != {200}:
            problems.append(f"{page.name}: statuses {sorted(d.statuses)} / {sorted(n.statuses)}"
                            f" / {sorted(c.statuses)}")
    print(f"\n/healthz throughput at national scale: {health_nat:.0f} req/s (built run), "
          f"{health_served:.0f} req/s (served run); thr% = the page's share of it")
    print("\nExport builders vs the raw library writing the same content:")
    for name, ours, raw in exports_ratio(demo_url, args.quick):
        print(f"  {name:<28} ours {ours * 1000:7.2f} ms   raw {raw * 1000:7.2f} ms   "
              f"ratio {ours / raw:5.2f}")
    if problems:
        print("\nPROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    print("\nQueries per request are constant, and identical at both scales for every page "
          "that shows the same view at both. Not compared across the scales:")
    for page in pages:
        if page.other_view:
            print(f"  {page.name}: {page.other_view}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
