"""A local S3-compatible server for the storage tests: moto's server mode, on a free port of
127.0.0.1, started once for the run by the tests themselves (no other S3 server is packaged here).

Where moto cannot start, the tests are skipped, except with SEDP_REQUIRE_SERVICES=1 (CI): then
they fail (tests/services.py).
"""

import uuid
from dataclasses import dataclass

import pytest

from config.settings import media_storage
from tests.services import require

# moto accepts any credentials; these are only for the test server.
ACCESS_KEY, SECRET_KEY = "sedp-test-access", "sedp-test-secret"
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_server():
    """The address of a running moto S3 server, for the whole test run."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:  # requirements-dev.txt has moto[server]
        require(False, f"moto's server mode is not installed ({error}): pip install 'moto[server]'")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        _client(endpoint).list_buckets()  # it answers
    except Exception as error:  # noqa: BLE001 - whatever stops it, the reason is reported
        require(False, f"moto's S3 server could not start: {type(error).__name__}: {error}")
    yield endpoint
    server.stop()


def _client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def storage_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The variables an operator sets to keep the files in this bucket (README, "Configuration")."""
    return {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def keys(self, prefix: str = "") -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def use(self, settings, name: str | None = None) -> None:
        """Point the portal's default storage at this bucket (or at another one by name), through
        the same settings code as the running portal."""
        environment = storage_environment(self.endpoint, name or self.name)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": media_storage(lambda var: environment.get(var, "")),
        }


@pytest.fixture
def bucket(s3_server, settings) -> Bucket:
    """A new, empty, private bucket, and the portal's files kept in it for this test."""
    client = _client(s3_server)
    found = Bucket(name=f"sedp-{uuid.uuid4().hex[:16]}", endpoint=s3_server, client=client)
    client.create_bucket(Bucket=found.name)
    found.use(settings)
    return found
