"""How long from the submission that crosses a project's retraining threshold to a ready,
evaluated model version, with the `tiny` preset, and where the time goes.

A real Celery worker (`celery -A config worker -Q celery,gpu`, as the embedded default runs it)
on a fresh database in a temporary folder; simulated annotators submit synthetic prompt groups
through the submission service one at a time until the threshold is crossed; then the clock
runs until the version is ready. Reported:

    trigger      crossing submission committed -> run queued (signal, check task through the broker)
    queue wait   run queued -> a worker process claimed it
    data         reading and splitting the annotations
    training     rewardmodel.core.train (TrainConfig defaults of the preset unless --epochs)
    evaluation   the new version and production on the held-out prompts
    finish       the rest: checkpoint move, writes, promotion
    total        crossing submission -> version ready

Run (embedded default: SQLite and the filesystem broker):
    .venv/bin/python bench/bench_loop.py
PostgreSQL and Redis:
    .venv/bin/python bench/bench_loop.py --database-url postgres://postgres@127.0.0.1:5432/imagepref_bench \
        --broker-url redis://127.0.0.1:6379/7
(the PostgreSQL database is dropped and created again).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--broker-url", default="filesystem://", help="default: the embedded filesystem broker")
    parser.add_argument("--threshold", type=int, default=300, help="new comparisons that trigger retraining")
    parser.add_argument("--groups", type=int, default=120, help="synthetic prompt groups available to annotate")
    parser.add_argument("--k", type=int, nargs=2, default=(4, 6), metavar=("MIN", "MAX"), help="images per group")
    parser.add_argument("--epochs", type=int, default=None, help="override the preset's default epochs")
    parser.add_argument("--held-out", type=float, default=0.1, help="held-out fraction of prompts")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    return parser.parse_args()


def prepare_environment(args, root: Path) -> dict:
    env = {
        "DATA_DIR": str(root),
        "DATABASE_URL": args.database_url or f"sqlite:///{root / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": args.broker_url,
        "DJANGO_SECRET_KEY": "bench-loop",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REWARD_MODEL_PRESET": "tiny",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    return env


def reset_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def start_worker(env: dict, root: Path, concurrency: int) -> tuple[subprocess.Popen, Path]:
    log_path = root / "worker.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        "celery,gpu",
        "-c",
        str(concurrency),
        "-n",
        "bench@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "INFO",
    ]
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env, "LOG_LEVEL": "INFO"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = time.monotonic()
    while b" ready." not in log_path.read_bytes():
        if worker.poll() is not None or time.monotonic() - started > 600:
            raise SystemExit(f"the worker did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    print(f"worker ready after {time.monotonic() - started:.1f} s (not counted)")
    return worker, log_path


def main():
    args = parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-loop-"))
    env = prepare_environment(args, root)
    if args.database_url.startswith("postgres"):
        reset_postgres(args.database_url)
    if args.broker_url.startswith("redis"):
        import redis

        redis.Redis.from_url(args.broker_url).flushdb()
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.db import connection

    from annotation.models import Comparison
    from rewardmodel import selectors
    from rewardmodel.models import ModelVersion, ProjectModelSettings, RunState, TrainingRun
    from tests.rewardmodel_loop.helpers import add_synthetic_groups, loop_project, submit

    training = {} if args.epochs is None else {"epochs": args.epochs}
    project = loop_project(threshold=args.threshold, held_out_fraction=args.held_out, training=training, salt="bench")
    made = add_synthetic_groups(project, args.groups, seed=7, k=tuple(args.k))
    loop = ProjectModelSettings.objects.get(project=project)
    print(
        f"database {connection.vendor}, broker {args.broker_url.split(':')[0]}, preset {loop.preset}, "
        f"threshold {args.threshold} comparisons, held-out fraction {args.held_out}, torch threads "
        f"{__import__('torch').get_num_threads()}, {os.cpu_count()} CPUs"
    )

    worker, log_path = start_worker(env, root, args.concurrency)
    try:
        crossed_at = None
        for n, (group, synthetic) in enumerate(made, start=1):
            submit(group, synthetic, project.annotator, seed=n)
            if selectors.new_comparisons(project) >= args.threshold:
                crossed_at = time.time()
                break
        if crossed_at is None:
            raise SystemExit("not enough groups to reach the threshold: raise --groups")
        print(f"threshold crossed by submission {n} ({Comparison.objects.filter(project=project).count()} comparisons)")

        run = None
        while True:
            connection.close()
            run = TrainingRun.objects.filter(project=project).first()
            if run is not None and run.state in (RunState.SUCCEEDED, RunState.FAILED):
                break
            if worker.poll() is not None or time.time() - crossed_at > 3600:
                raise SystemExit(f"no finished run:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        if run.state != RunState.SUCCEEDED:
            raise SystemExit(f"the run failed: {run.error}")
        version = ModelVersion.objects.get(run=run)
        t = run.timings
        trigger = run.queued_at.timestamp() - crossed_at
        total = version.ready_at.timestamp() - crossed_at
        finish = total - trigger - t["queue_wait"] - t["data"] - t["training"] - t["evaluation"]
        rows = [
            ("trigger", trigger),
            ("queue wait", t["queue_wait"]),
            ("data", t["data"]),
            ("training", t["training"]),
            ("evaluation", t["evaluation"]),
            ("finish", finish),
            ("total", total),
        ]
        print(f"\nrun {run.pk}: {run.total_steps} optimizer steps, {run.epoch} epochs, device {run.device}")
        print(
            f"version {version.number}: {version.counts['train_pairs']} training pairs, "
            f"{version.counts['valid_pairs']} validation pairs, held-out accuracy "
            f"{version.metrics['preference_accuracy']:.4f} on {version.metrics['n_pairs']} pairs, "
            f"production {version.is_production}"
        )
        print("\n| phase | seconds | share |\n|---|---:|---:|")
        for name, seconds in rows:
            print(f"| {name} | {seconds:.2f} | {100 * seconds / total:.0f}% |")
        print(f"\ntarget: under 120 s -> {'met' if total < 120 else 'NOT met'}")
    finally:
        try:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(worker.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
