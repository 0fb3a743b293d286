"""An S3-compatible endpoint for the storage tests: moto's server mode (a real HTTP server
speaking the S3 API, in a thread of the test process, reachable by workers the tests start), or
a real MinIO or S3 when TEST_S3_ENDPOINT_URL names one (with TEST_S3_ACCESS_KEY_ID and
TEST_S3_SECRET_ACCESS_KEY; TEST_S3_REGION, default us-east-1).

`bucket` gives each test a fresh bucket and points the platform's three named storages at it
(STORAGE_URL=s3://<bucket>/<prefix>), exactly as the settings would from the environment;
`bucket_env` is the environment that does the same for a worker or server process."""

import os
import uuid
from dataclasses import dataclass, field

import pytest

REGION = os.environ.get("TEST_S3_REGION", "us-east-1")


@dataclass
class S3Endpoint:
    url: str
    access_key: str
    secret_key: str
    region: str = REGION

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )


@dataclass
class Bucket:
    endpoint: S3Endpoint
    name: str
    prefix: str
    env: dict = field(default_factory=dict)

    def client(self):
        return self.endpoint.client()

    def keys(self, under: str = "") -> list[str]:
        """Every key of the bucket under `<prefix>/<under>`, sorted."""
        start = "/".join(p for p in (self.prefix, under) if p)
        paginator = self.client().get_paginator("list_objects_v2")
        return sorted(
            item["Key"]
            for page in paginator.paginate(Bucket=self.name, Prefix=start)
            for item in page.get("Contents", [])
        )

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_endpoint():
    url = os.environ.get("TEST_S3_ENDPOINT_URL")
    if url:
        yield S3Endpoint(url, os.environ["TEST_S3_ACCESS_KEY_ID"], os.environ["TEST_S3_SECRET_ACCESS_KEY"])
        return
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Endpoint(f"http://{host}:{port}", "testing-key", "testing-secret")
    finally:
        server.stop()


def bucket_environment(endpoint: S3Endpoint, name: str, prefix: str) -> dict:
    return {
        "STORAGE_URL": f"s3://{name}/{prefix}",
        "STORAGE_ENDPOINT_URL": endpoint.url,
        "STORAGE_REGION": endpoint.region,
        "STORAGE_ADDRESSING_STYLE": "path",
        "STORAGE_ACCESS_KEY_ID": endpoint.access_key,
        "STORAGE_SECRET_ACCESS_KEY": endpoint.secret_key,
    }


def point_storages_at(settings, env: dict) -> None:
    """Point the platform's storages at the bucket `env` names (STORAGE_URL and friends), as the
    settings would from the environment. Setting STORAGES makes Django drop the storages it built
    (django.test.signals)."""
    from config.storage import bucket_config, storages_setting

    settings.STORAGE_BUCKET = bucket_config(env)
    settings.STORAGES = storages_setting(
        settings.STORAGE_BUCKET,
        media_root=settings.MEDIA_ROOT,
        export_root=settings.EXPORT_ROOT,
        checkpoint_root=settings.CHECKPOINT_ROOT,
    )


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket holding the platform's files for one test; removed afterwards."""
    name = f"test-{uuid.uuid4().hex[:20]}"
    prefix = "lab"
    client = s3_endpoint.client()
    client.create_bucket(Bucket=name)
    env = bucket_environment(s3_endpoint, name, prefix)
    point_storages_at(settings, env)
    yield Bucket(s3_endpoint, name, prefix, env)
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=name):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=name, Delete={"Objects": keys})
    client.delete_bucket(Bucket=name)
