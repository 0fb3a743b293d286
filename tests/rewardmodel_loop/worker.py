"""Real Celery workers for the loop tests: `celery -A config worker -Q celery,gpu` in a
subprocess, pointed at the test database, the test's media and checkpoint folders and a broker
(Redis, or the embedded filesystem transport), and this process's Celery app pointed at the
same broker."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from config.celery import app

BASE_DIR = Path(settings.BASE_DIR)
READY_TIMEOUT = 300  # importing torch on a busy 2-core machine takes a while


def test_database_url() -> str:
    """The URL of the database the tests run on (pytest-django's test database)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


def filesystem_broker(root: Path) -> tuple[str, dict]:
    """The embedded default's broker (kombu's filesystem transport), in `root`/broker."""
    folders = {
        "data_folder_in": str(root / "broker" / "out"),
        "data_folder_out": str(root / "broker" / "out"),
        "processed_folder": str(root / "broker" / "processed"),
        "control_folder": str(root / "broker" / "control"),
        "store_processed": False,
    }
    for key in ("data_folder_out", "processed_folder", "control_folder"):
        Path(folders[key]).mkdir(parents=True, exist_ok=True)
    return "filesystem://", folders


def _reset_producers() -> None:
    # kombu keeps connection and producer pools per broker URL in global registries: closing a
    # pool leaves it registered (and unusable) there, so empty the registries as well.
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def sending_to(broker_url: str, transport_options: dict):
    """This process's Celery app sends to `broker_url` inside the block."""
    before = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url, app.conf.broker_transport_options = broker_url, transport_options
    _reset_producers()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.broker_transport_options = before
        _reset_producers()


class Worker:
    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process, self.log_path = process, log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill_all(self) -> None:
        """SIGKILL the worker and its pool processes at once (a machine that dies)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@contextmanager
def celery_worker(
    *, root: Path, broker_url: str, transport_options: dict, concurrency: int = 2, env: dict | None = None
):
    """A worker consuming both queues, as the embedded default runs it, until the block ends."""
    log_path = root / f"worker-{uuid.uuid4().hex[:6]}.log"
    environment = {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "DATA_DIR": str(root),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CHECKPOINT_ROOT": str(settings.CHECKPOINT_ROOT),
        "DJANGO_SECRET_KEY": "worker-under-test",
        "REWARD_MODEL_HEARTBEAT_SECONDS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    if broker_url.startswith("filesystem://"):
        # settings.py puts the filesystem broker under DATA_DIR/broker, as filesystem_broker does.
        assert transport_options["data_folder_in"] == str(root / "broker" / "out")
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
        "-P",
        "prefork",
        "-n",
        f"loop-test-{uuid.uuid4().hex[:6]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-l",
        "INFO",
    ]
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=environment, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = Worker(process, log_path)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while " ready." not in worker.log():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start:\n{worker.log()[-5000:]}")
            time.sleep(0.5)
        with sending_to(broker_url, transport_options):
            yield worker
    finally:
        worker.stop()


def wait_for(
    condition, *, timeout: float = 600, every: float = 0.5, what: str = "condition", worker: Worker | None = None
):
    """Poll `condition()` until it returns something truthy; fail with the worker's log after
    `timeout` seconds (a liveness bound, not a speed expectation)."""
    deadline = time.monotonic() + timeout
    while True:
        connection.close()  # read what the worker committed, not a snapshot
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            tail = worker.log()[-6000:] if worker else ""
            raise AssertionError(f"timed out waiting for {what}\n--- worker log ---\n{tail}")
        time.sleep(every)
