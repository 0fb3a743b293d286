"""Load benchmark of the annotation loop: simulated annotators over HTTP against a server started
as in production (PostgreSQL, gunicorn), each looping next-task and submit.

Every simulated annotator completes one group per `period` seconds, open-loop: at its tick it
submits the group it leased at the previous tick (it "worked on it" for one period, so about
one lease per annotator is live, as in production) and asks for the next one; ticks are fixed
in advance and do not wait for slow answers, so a slow server shows as latency instead of
silently lowering the offered load. Latency is timed from the request's actual send; the lag of
sends behind their schedule is printed too (a large lag means the load generator itself fell
behind and the figures are not trustworthy). One asyncio process, one aiohttp client with
HTTP/1.1 keep-alive connections, token authentication.

Subcommands (the database is DATABASE_URL; use a dedicated one, e.g. imagepref_bench):

  setup   create the bench project: N annotators (users, memberships, tokens), G prompt groups
          of K images (bulk_create; image rows only, no files: the loop never fetches pixels)
  reset   forget all annotating in the bench project (annotations, leases, counts)
  run     one load run against --url for --duration seconds at --annotators/--period
  ramp    runs at increasing rates (groups/s); prints the highest rate sustained with p95 under
          --p95-ms for both endpoints
  cost    CPU ms and queries per request of each endpoint, in this process (no HTTP): the figure
          to compare before and after a change, robust to other work on the machine
  all     setup, start gunicorn, run the target load, ramp, stop gunicorn (bench/run_load.sh)

Figures printed per run: completed groups/s, requests/s, per endpoint count, errors by status
(0 = timed out or connection lost), p50/p95/p99/max in ms, how late the generator sent, the CPU
spent per completed group by the server, PostgreSQL and the generator (from /proc: it holds
when other work shares the machine, wall-clock latency does not) and the machine's load average.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

BENCH_SLUG = "bench-load"
USER_PREFIX = "bench-annotator-"
DEFAULT_TOKENS = ROOT / "data" / "bench" / "tokens.json"


def django_setup():
    import django

    django.setup()


# --- database setup --------------------------------------------------------------------------------


def setup(args) -> dict:
    """Build the bench project (or reuse it when it has this shape) and write the annotators'
    tokens to --tokens. Rebuilding flushes the whole database: it must be a dedicated one."""
    django_setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from annotation.models import GroupImage, Image, Membership, Project, Prompt, PromptGroup, Role

    database = settings.DATABASES["default"]
    if "bench" not in str(database["NAME"]) and not args.force:
        raise SystemExit(f"setup flushes the database {database['NAME']!r}; use one named *bench* or pass --force")
    call_command("migrate", verbosity=0)
    User = get_user_model()
    started = time.perf_counter()
    shape = dict(annotators=args.annotators, groups=args.groups, images=args.images, overlap=args.overlap)
    existing = Project.objects.filter(slug=BENCH_SLUG).first()
    tokens_file = Path(args.tokens)
    if (
        existing is not None
        and existing.instructions == json.dumps(shape)
        and tokens_file.exists()
        and json.loads(tokens_file.read_text())["project"] == existing.pk
    ):
        reset()
        print(f"setup: reusing project {existing.pk} ({shape}); annotating forgotten")
        return {"project": existing.pk}

    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        project = Project.objects.create(
            name="Load benchmark",
            slug=BENCH_SLUG,
            annotations_per_group=args.overlap,
            lease_seconds=3600,
            instructions=json.dumps(shape),
        )
        password = make_password("bench-password")
        users = User.objects.bulk_create(
            User(username=f"{USER_PREFIX}{n:05d}", password=password) for n in range(args.annotators)
        )
        Membership.objects.bulk_create(Membership(project=project, user=u, role=Role.ANNOTATOR) for u in users)
        tokens = Token.objects.bulk_create(Token(key=uuid.uuid4().hex + uuid.uuid4().hex[:8], user=u) for u in users)

        batch = 2000
        for first in range(0, args.groups, batch):
            count = min(batch, args.groups - first)
            prompts = Prompt.objects.bulk_create(
                Prompt(project=project, text=f"bench prompt {first + n}: a red circle above a blue square")
                for n in range(count)
            )
            groups = PromptGroup.objects.bulk_create(
                PromptGroup(
                    project=project, prompt=p, annotations_needed=args.overlap, external_id=f"bench-{first + n}"
                )
                for n, p in enumerate(prompts)
            )
            images = Image.objects.bulk_create(
                Image(
                    project=project,
                    file=f"bench/{first + n:07d}-{i}.png",
                    sha256=f"{first + n:056d}{i:08d}",
                    width=512,
                    height=512,
                    generator="bench",
                )
                for n in range(count)
                for i in range(args.images)
            )
            GroupImage.objects.bulk_create(
                GroupImage(group=g, image=images[n * args.images + i], position=i)
                for n, g in enumerate(groups)
                for i in range(args.images)
            )
    _vacuum()
    path = Path(args.tokens)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"project": project.pk, "tokens": [t.key for t in tokens]}))
    print(
        f"setup: project {project.pk} ({BENCH_SLUG}), {args.annotators} annotators, {args.groups} groups x "
        f"{args.images} images, overlap {args.overlap}, in {time.perf_counter() - started:.1f} s; tokens in {path}"
    )
    return {"project": project.pk}


def reset(args=None) -> None:
    django_setup()
    from django.db import transaction

    from annotation.models import Project

    with transaction.atomic():
        project = Project.objects.get(slug=BENCH_SLUG)
        _forget_annotating(project)
    _vacuum()


def _forget_annotating(project) -> None:
    from annotation.models import Annotation, Comparison, ImageAnnotation, Lease, PromptGroup, Skip

    Comparison.objects.filter(project=project).delete()
    ImageAnnotation.objects.filter(annotation__project=project).delete()
    Annotation.objects.filter(project=project).delete()
    Lease.objects.filter(project=project).delete()
    Skip.objects.filter(group__project=project).delete()
    PromptGroup.objects.filter(project=project).update(annotation_count=0, lease_count=0, completed_at=None)


def _vacuum() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- the load ------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.latency = {"next-task": [], "submit": []}
        self.status = {"next-task": {}, "submit": {}}
        self.lag = []
        self.completed = 0
        self.empty = 0
        self.measure_from = float("inf")

    def record(self, endpoint, status, sent, seconds):
        if sent < self.measure_from:
            return
        self.latency[endpoint].append(seconds * 1000)
        self.status[endpoint][status] = self.status[endpoint].get(status, 0) + 1


def submission_for(task: dict, period: float) -> dict:
    """A valid judgment of the leased group: random slots (at most 2 images per slot of 5) and
    ratings that agree with them."""
    images = task["group"]["images"]
    slots = sorted(random.sample([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], len(images)))
    random.shuffle(slots)
    return {
        "client_key": str(uuid.uuid4()),
        "prompt_category": "Abstract",
        "prompt_flags": [],
        "time_spent_ms": int(period * 1000),
        "images": [
            {
                "image_id": image["id"],
                "slot": slot,
                "flags": [],
                "ratings": {"overall": 8 - slot, "alignment": 8 - slot, "fidelity": 8 - slot},
            }
            for image, slot in zip(images, slots)
        ],
    }


async def timed_post(session, recorder, endpoint, url, body, headers):
    """(status, body) of one POST, timed; status 0 for a timeout or a broken connection."""
    import aiohttp

    sent = time.perf_counter()
    try:
        async with session.post(url, json=body, headers=headers) as response:
            payload = await response.read()
            status = response.status
    except (TimeoutError, aiohttp.ClientError):
        payload, status = b"", 0
    recorder.record(endpoint, status, sent, time.perf_counter() - sent)
    return status, payload, sent


async def annotator(session, base, project, token, period, start, stop, recorder):
    headers = {"Authorization": f"Token {token}"}
    task = None
    tick = start + random.uniform(0, period)
    while tick < stop:
        delay = tick - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif tick >= recorder.measure_from:
            recorder.lag.append(-delay * 1000)
        if task is not None:
            status, _, sent = await timed_post(
                session,
                recorder,
                "submit",
                f"{base}/api/v1/groups/{task['group']['id']}/submit/",
                submission_for(task, period),
                headers,
            )
            if status == 201 and sent >= recorder.measure_from:
                recorder.completed += 1
            task = None
        status, body, sent = await timed_post(
            session, recorder, "next-task", f"{base}/api/v1/projects/{project}/next-task/", {}, headers
        )
        if status == 200:
            task = json.loads(body)
        elif status == 204 and sent >= recorder.measure_from:
            recorder.empty += 1
        tick += period


async def warm_up(url, concurrency):
    """Until every worker has loaded the application (the first request of a worker imports the
    whole URLconf), send rounds of concurrent requests; done when a round is fast."""
    import aiohttp

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:

        async def one():
            sent = time.perf_counter()
            async with session.get(f"{url}/api/v1/auth/csrf/") as response:
                await response.read()
            return time.perf_counter() - sent

        for _ in range(30):
            slowest = max(await asyncio.gather(*(one() for _ in range(concurrency))))
            if slowest < 0.5:
                return
    print("warm-up: the server still answers slowly")


class CpuMeter:
    """CPU seconds spent by the server (gunicorn master and workers), by the PostgreSQL backends
    connected to the bench database, and by this process, between start() and stop(). Per
    process, from /proc, so it holds when other work shares the machine (wall-clock latency
    does not)."""

    def __init__(self, server_pid):
        self.server_pid = server_pid
        self.begin = None

    @staticmethod
    def _cpu(pid) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _server_pids(self):
        if not self.server_pid:
            return []
        pids = [self.server_pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == self.server_pid:
                    pids.append(int(entry.name))
        return pids

    @staticmethod
    def _postgres_pids():
        import psycopg

        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            return []
        with psycopg.connect(url) as connection:
            rows = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        return [pid for (pid,) in rows]

    def _sample(self):
        return {
            "server": {pid: self._cpu(pid) for pid in self._server_pids()},
            "postgres": {pid: self._cpu(pid) for pid in self._postgres_pids()},
            "generator": {os.getpid(): time.process_time()},
        }

    def start(self):
        self.begin = self._sample()

    def stop(self) -> dict:
        """CPU seconds per part; processes that started during the window count from zero,
        those that ended during it are lost (keep DB_CONN_MAX_AGE > 0 for exact figures)."""
        end = self._sample()
        self.per_process = {
            part: sorted(
                (max(0.0, cpu - self.begin[part].get(pid, 0.0)) for pid, cpu in end[part].items()), reverse=True
            )
            for part in end
        }
        return {part: sum(values) for part, values in self.per_process.items()}


async def load(*, url, project, tokens, period, duration, connections, server_pid=None, nice=0):
    """Run for one period (every annotator takes its first lease: not measured), then measure for
    `duration` seconds of steady state."""
    import aiohttp

    recorder = Recorder()
    meter = CpuMeter(server_pid)
    connector = aiohttp.TCPConnector(limit=connections, keepalive_timeout=30)
    timeout = aiohttp.ClientTimeout(total=60)

    async def start_meter():
        await asyncio.sleep(max(0.0, recorder.measure_from - time.perf_counter()))
        meter.start()
        if nice:
            # The database's backends for this run get the server's priority too.
            for pid in meter.begin["postgres"]:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, pid, nice)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = time.perf_counter()
        recorder.measure_from = start + period
        stop = recorder.measure_from + duration
        await asyncio.gather(
            start_meter(), *(annotator(session, url, project, token, period, start, stop, recorder) for token in tokens)
        )
        cpu = meter.stop()
        elapsed = time.perf_counter() - recorder.measure_from
    # Uneven work between gunicorn processes (keep-alive connections stay with the worker that
    # accepted them) shows here.
    print("server processes (cores):", " ".join(f"{seconds / elapsed:.2f}" for seconds in meter.per_process["server"]))
    return recorder, elapsed, cpu


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(recorder, elapsed, cpu, *, annotators, period, label="") -> dict:
    offered = annotators / period
    figures = {
        "offered_groups_per_s": offered,
        "completed_groups_per_s": recorder.completed / elapsed,
        "requests_per_s": sum(len(v) for v in recorder.latency.values()) / elapsed,
        "endpoints": {},
    }
    print(
        f"\n== {label or 'run'}: {annotators} annotators, one group each per {period:g} s "
        f"(offered {offered:.1f} groups/s), {elapsed:.0f} s"
    )
    print(
        f"completed groups: {recorder.completed} = {figures['completed_groups_per_s']:.1f} groups/s; "
        f"requests {figures['requests_per_s']:.1f}/s; next-task answered 204 (queue empty): {recorder.empty}"
    )
    print(f"{'endpoint':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for endpoint, values in recorder.latency.items():
        row = {q: percentile(values, q) for q in (50, 95, 99, 100)}
        figures["endpoints"][endpoint] = {
            "count": len(values),
            "p50": row[50],
            "p95": row[95],
            "p99": row[99],
            "max": row[100],
            "statuses": recorder.status[endpoint],
        }
        print(
            f"{endpoint:<10} {len(values):>7} {row[50]:>8.1f} {row[95]:>8.1f} {row[99]:>8.1f} {row[100]:>8.1f}  "
            f"{dict(sorted(recorder.status[endpoint].items()))}"
        )
    late = recorder.lag
    print(
        f"generator: late sends {len(late)}, lag p95 {percentile(late, 95) if late else 0:.1f} ms; "
        f"machine load average {os.getloadavg()[0]:.2f} (other work on the machine inflates latency)"
    )
    groups = max(recorder.completed, 1)
    per_group = {part: 1000 * seconds / groups for part, seconds in cpu.items()}
    total = sum(per_group.values())
    figures["cpu_ms_per_group"] = per_group
    print(
        "CPU per completed group (next-task + submit): "
        + ", ".join(f"{part} {ms:.1f} ms" for part, ms in per_group.items())
        + f"; total {total:.1f} ms -> 2 idle cores would sustain about {2000 / total:.0f} groups/s"
        if recorder.completed
        else "CPU per completed group: no group completed"
    )
    print("CPU use (cores): " + ", ".join(f"{part} {seconds / elapsed:.2f}" for part, seconds in cpu.items()))
    return figures


def read_tokens(path):
    data = json.loads(Path(path).read_text())
    return data["project"], data["tokens"]


def run(args, *, label="target") -> dict:
    project, tokens = read_tokens(args.tokens)
    tokens = tokens[: args.annotators]
    if args.reset:
        reset()
    recorder, elapsed, cpu = asyncio.run(
        load(
            url=args.url,
            project=project,
            tokens=tokens,
            period=args.period,
            duration=args.duration,
            connections=args.connections,
            server_pid=args.server_pid,
            nice=args.nice,
        )
    )
    return report(recorder, elapsed, cpu, annotators=len(tokens), period=args.period, label=label)


def ramp(args) -> float | None:
    """Steps of increasing offered rate (groups/s). Each step keeps the human pace of one group
    per --period seconds per annotator with rate x period annotators, as long as there are
    tokens enough; past that all annotators work faster. Stops after the first step whose p95
    (either endpoint) reaches --p95-ms, that completes less than 95% of the offered groups, or
    that has errors."""
    project, all_tokens = read_tokens(args.tokens)
    best = None
    for rate in args.rates:
        reset()
        tokens = all_tokens[: max(1, min(len(all_tokens), round(rate * args.period)))]
        period = len(tokens) / rate
        recorder, elapsed, cpu = asyncio.run(
            load(
                url=args.url,
                project=project,
                tokens=tokens,
                period=period,
                duration=args.step_duration,
                connections=args.connections,
                server_pid=args.server_pid,
                nice=args.nice,
            )
        )
        figures = report(recorder, elapsed, cpu, annotators=len(tokens), period=period, label=f"ramp {rate:g}/s")
        p95 = max(e["p95"] for e in figures["endpoints"].values())
        sustained = figures["completed_groups_per_s"] >= 0.95 * rate
        errors = sum(n for e in figures["endpoints"].values() for s, n in e["statuses"].items() if s >= 400 or s == 0)
        if p95 < args.p95_ms and sustained and not errors:
            best = figures["completed_groups_per_s"]
        else:
            print(f"ramp: {rate:g}/s is past the limit (p95 {p95:.1f} ms, sustained {sustained}, errors {errors})")
            break
    print(
        f"\nHIGHEST SUSTAINED RATE with p95 < {args.p95_ms:g} ms: "
        + (f"{best:.1f} completed groups/s" if best else "none of the steps")
    )
    return best


# --- in-process cost per request ----------------------------------------------------------------


def cost(args) -> None:
    """Each endpoint called in this process (Django's test client, no HTTP, no server): CPU ms
    per request, Python function calls per request (deterministic: the figure to compare before
    and after a change on a machine shared with other work) and the queries it runs."""
    django_setup()
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    project, tokens = read_tokens(args.tokens)
    reset()
    cpu = {"next-task": [], "submit": []}
    calls = {"next-task": [], "submit": []}
    queries = {}
    profiled = 20

    def call(endpoint, round_, send):
        # Timed rounds, then profiled rounds (function calls), then one round listing the
        # queries (profiling and capturing slow Django down: those rounds are not timed).
        capturing = round_ == args.rounds + profiled
        profiler = cProfile.Profile() if args.rounds <= round_ < args.rounds + profiled else None
        with CaptureQueriesContext(connection) if capturing else contextlib.nullcontext() as captured:
            began = time.process_time()
            if profiler:
                profiler.enable()
            response = send()
            if profiler:
                profiler.disable()
                calls[endpoint].append(pstats.Stats(profiler).total_calls)
            elif not capturing:
                cpu[endpoint].append(1000 * (time.process_time() - began))
        if capturing:
            queries[endpoint] = [q["sql"] for q in captured.captured_queries]
        return response

    for round_ in range(args.rounds + profiled + 1):
        if round_ and round_ % len(tokens) == 0:
            reset()  # every annotator annotated once: start again
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[round_ % len(tokens)]}")
        response = call(
            "next-task",
            round_,
            lambda client=client: client.post(f"/api/v1/projects/{project}/next-task/", {}, format="json"),
        )
        assert response.status_code == 200, response.status_code
        task = response.json()
        response = call(
            "submit",
            round_,
            lambda client=client, task=task: client.post(
                f"/api/v1/groups/{task['group']['id']}/submit/", submission_for(task, 30), format="json"
            ),
        )
        assert response.status_code == 201, response.status_code
    skip = min(10, args.rounds // 2)  # the first calls warm caches
    for endpoint in cpu:
        print(
            f"{endpoint:<10} CPU per request (Django + psycopg, this process): median "
            f"{statistics.median(cpu[endpoint][skip:]):.1f} ms; Python function calls per request: "
            f"{statistics.median(calls[endpoint]):.0f}; {len(queries[endpoint])} queries"
        )
        if args.verbose:
            for sql in queries[endpoint]:
                print("    ", sql[:160])


# --- the server -----------------------------------------------------------------------------------


def start_server(args) -> subprocess.Popen:
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DB_CONN_MAX_AGE=str(args.conn_max_age),
        LOG_LEVEL="WARNING",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-" + uuid.uuid4().hex),
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--keep-alive",
        "30",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--access-logfile",
        "-" if args.access_log else "/dev/null",
        "--log-level",
        "warning",
    ]
    print("server:", " ".join(command[2:]), f"(DB_CONN_MAX_AGE={args.conn_max_age})")
    nice = args.nice
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, preexec_fn=(lambda: os.nice(nice)) if nice else None
    )
    import urllib.error
    import urllib.request

    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://{args.bind}/api/v1/auth/csrf/", timeout=1)
            return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def run_all(args) -> None:
    setup(args)
    if args.nice:
        os.nice(args.nice)
    args.url = f"http://{args.bind}"
    server = start_server(args)
    args.server_pid = server.pid
    try:
        asyncio.run(warm_up(args.url, 4 * args.workers * args.threads))
        if args.target:
            run(argparse.Namespace(**{**vars(args), "reset": True}), label="target")
        if args.rates:
            ramp(args)
    finally:
        stop_server(server)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--tokens", default=str(DEFAULT_TOKENS), help="JSON file written by setup")

    def data(p):
        p.add_argument("--force", action="store_true", help="flush a database whose name lacks 'bench'")
        p.add_argument("--annotators", type=int, default=1000)
        p.add_argument("--groups", type=int, default=10_000)
        p.add_argument("--images", type=int, default=4, help="images per group")
        p.add_argument("--overlap", type=int, default=1, help="annotations needed per group")

    def loadopts(p):
        p.add_argument("--url", default="http://127.0.0.1:8100")
        p.add_argument("--annotators", type=int, default=1000)
        p.add_argument("--period", type=float, default=30.0, help="seconds per completed group per annotator")
        p.add_argument("--duration", type=float, default=120.0)
        p.add_argument("--connections", type=int, default=256, help="keep-alive connection pool size")
        p.add_argument("--reset", action="store_true", help="forget earlier annotating first")
        p.add_argument("--server-pid", type=int, default=None, help="gunicorn master pid, to count its CPU")
        p.add_argument(
            "--nice",
            type=int,
            default=0,
            help="niceness of the generator and the bench's "
            "database backends (negative needs root): see --nice of `all`",
        )

    def rampopts(p):
        p.add_argument("--rates", type=float, nargs="*", default=[], help="offered groups/s per ramp step")
        p.add_argument("--step-duration", type=float, default=60.0)
        p.add_argument("--p95-ms", type=float, default=100.0)

    def serveropts(p):
        p.add_argument("--bind", default="127.0.0.1:8100")
        p.add_argument("--workers", type=int, default=2)
        p.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
        p.add_argument("--threads", type=int, default=4)
        p.add_argument("--conn-max-age", type=int, default=60)
        p.add_argument("--access-log", action="store_true")
        p.add_argument(
            "--nice",
            type=int,
            default=0,
            help="niceness of the server, the generator and the bench's database backends; on a "
            "machine shared with other work, -10 (as root) approximates having it to oneself",
        )

    p = sub.add_parser("setup")
    common(p), data(p)
    p = sub.add_parser("reset")
    p = sub.add_parser("run")
    common(p), loadopts(p)
    p = sub.add_parser("ramp")
    common(p), loadopts(p), rampopts(p)
    p = sub.add_parser("cost")
    common(p)
    p.add_argument("--rounds", type=int, default=200)
    p.add_argument("--verbose", action="store_true", help="list the queries of each endpoint")
    p = sub.add_parser("all")
    common(p), data(p), rampopts(p), serveropts(p)
    p.add_argument("--period", type=float, default=30.0)
    p.add_argument("--duration", type=float, default=120.0)
    p.add_argument("--connections", type=int, default=256)
    p.add_argument(
        "--target",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the target load (--annotators, --period) before the ramp",
    )

    args = parser.parse_args(argv)
    if args.command in ("run", "ramp") and args.nice:
        os.nice(args.nice)
    {"setup": setup, "reset": reset, "run": run, "ramp": ramp, "cost": cost, "all": run_all}[args.command](args)


if __name__ == "__main__":
    main()
