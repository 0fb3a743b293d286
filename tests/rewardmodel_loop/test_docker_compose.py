"""docker/compose.yaml: checked by a Compose client where one is installed (`docker compose`,
or the standalone `docker-compose`; neither needs a Docker engine for `config`), and always
against the Compose specification's JSON schema (compose_spec.json beside this file, the schema
the Compose v1 client ships, Apache-2.0), plus what the production shape needs."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker" / "compose.yaml"
SECRETS = {"POSTGRES_PASSWORD": "test-password", "DJANGO_SECRET_KEY": "test-secret"}
SERVICES = {"postgres", "redis", "migrate", "web", "worker", "beat", "gpu-worker", "cpu-trainer"}
BUCKET_SERVICES = {"minio", "bucket-setup"}  # the `bucket` profile


def compose_client() -> list[str] | None:
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) is None:
            continue
        probe = subprocess.run([*command, "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return command
    return None


def run_compose(command, *args, secrets=True):
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    if secrets:
        env.update(SECRETS)
    return subprocess.run([*command, "-f", str(COMPOSE), *args], capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def client():
    command = compose_client()
    if command is None:
        pytest.skip(
            "no Compose client here: `docker compose` (the compose plugin) and `docker-compose` are both "
            "missing; the file is still checked against the Compose schema by the other tests"
        )
    return command


def test_a_compose_client_accepts_the_file(client):
    checked = run_compose(client, "config", "-q")
    assert checked.returncode == 0, checked.stderr
    services = run_compose(client, "--profile", "cpu-training", "config", "--services")
    assert set(services.stdout.split()) == SERVICES
    services = run_compose(client, "--profile", "bucket", "config", "--services")
    assert set(services.stdout.split()) == SERVICES - {"cpu-trainer"} | BUCKET_SERVICES


def test_the_compose_client_refuses_to_run_without_the_secrets(client):
    refused = run_compose(client, "config", "-q", secrets=False)
    assert refused.returncode != 0
    assert "set POSTGRES_PASSWORD" in refused.stderr or "set DJANGO_SECRET_KEY" in refused.stderr


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


def test_the_file_follows_the_compose_specification(compose):
    schema = yaml.safe_load((Path(__file__).parent / "compose_spec.json").read_text())
    jsonschema.Draft7Validator(schema).validate(compose)
    assert set(compose["services"]) == SERVICES | BUCKET_SERVICES


def test_the_gpu_worker_consumes_the_gpu_queue_on_a_cuda_image_with_a_reserved_gpu(compose):
    gpu = compose["services"]["gpu-worker"]
    command = gpu["command"]
    assert command[command.index("-Q") + 1] == "gpu"
    assert gpu["deploy"]["resources"]["reservations"]["devices"][0]["capabilities"] == ["gpu"]
    dockerfile = ROOT / gpu["build"]["dockerfile"]
    base = re.search(r"^ARG CUDA_IMAGE=(\S+)", dockerfile.read_text(), re.M).group(1)
    assert base.startswith("nvidia/cuda:")


def test_media_and_checkpoints_are_shared_volumes_of_web_and_workers(compose):
    for name in ("web", "worker", "gpu-worker"):
        mounts = {volume.split(":")[1] for volume in compose["services"][name]["volumes"]}
        assert {"/data/media", "/data/checkpoints"} <= mounts, name
    assert {"media", "checkpoints", "pgdata", "redisdata"} <= set(compose["volumes"])


def test_the_web_server_is_gunicorn_and_one_beat_schedules_the_periodic_check(compose):
    assert compose["services"]["web"]["command"][0] == "gunicorn"
    assert compose["services"]["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert (
        compose["services"]["worker"]["command"][compose["services"]["worker"]["command"].index("-Q") + 1] == "celery"
    )


def test_the_bucket_profile_runs_minio_and_makes_a_private_bucket_for_the_platforms_own_user(compose):
    services = compose["services"]
    assert all(services[name]["profiles"] == ["bucket"] for name in BUCKET_SERVICES)
    assert services["minio"]["command"][:2] == ["server", "/data"] and "minio" in compose["volumes"]
    setup = services["bucket-setup"]["command"][0]
    assert "mc mb --ignore-existing" in setup and "mc anonymous set none" in setup  # private
    assert 'mc admin user add local "$$STORAGE_ACCESS_KEY_ID"' in setup
    assert "arn:aws:s3:::%s/*" in setup  # the platform's user may use that bucket only


def test_web_and_workers_read_the_storage_settings_from_the_environment(compose):
    env = compose["x-app-env"]
    assert env["STORAGE_URL"] == "${STORAGE_URL:-}"  # unset: the volumes, as before
    assert env["STORAGE_ENDPOINT_URL"] == "${STORAGE_ENDPOINT_URL-http://minio:9000}"
    assert env["STORAGE_PUBLIC_ENDPOINT_URL"].startswith("${STORAGE_PUBLIC_ENDPOINT_URL-http://localhost:")
    for name in ("migrate", "web", "worker", "beat", "gpu-worker", "cpu-trainer"):
        environment = compose["services"][name]["environment"]
        assert environment["STORAGE_URL"] == env["STORAGE_URL"], name
