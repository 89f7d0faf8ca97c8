"""MEDIA_STORAGE and the S3 variables: the file system by default; a bucket that is half
configured stops the start with one clear line (config/settings.py, config/startup.py)."""

import pytest

from config.settings import media_storage
from tests.config.test_settings import assert_one_clear_line, run_manage

GOOD = {
    "DEBUG": "1",
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "sedp-media",
    "AWS_S3_ENDPOINT_URL": "http://minio:9000",
    "AWS_ACCESS_KEY_ID": "sedp",
    "AWS_SECRET_ACCESS_KEY": "a-long-secret",
}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"AWS_STORAGE_BUCKET_NAME": ""}, ["AWS_STORAGE_BUCKET_NAME is not set"]),
        ({"MEDIA_STORAGE": "ftp"}, ["MEDIA_STORAGE", "'ftp'"]),
        ({"AWS_STORAGE_BUCKET_NAME": "SEDP_Media"}, ["AWS_STORAGE_BUCKET_NAME", "'SEDP_Media'"]),
        ({"AWS_S3_ENDPOINT_URL": "minio:9000"}, ["AWS_S3_ENDPOINT_URL", "http://"]),
        ({"AWS_SECRET_ACCESS_KEY": ""}, ["AWS_SECRET_ACCESS_KEY is not set"]),
        ({"AWS_S3_ADDRESSING_STYLE": "sideways"}, ["AWS_S3_ADDRESSING_STYLE", "'sideways'"]),
    ],
    ids=["no-bucket", "unknown-storage", "bad-bucket-name", "bad-endpoint", "half-credentials", "bad-style"],
)
def test_a_half_configured_bucket_stops_the_start_with_one_line(changes, words):
    result = run_manage("check", **{**GOOD, **changes})
    assert_one_clear_line(result, *words)


def test_a_complete_bucket_configuration_passes_the_checks():
    result = run_manage("check", **GOOD)
    assert result.returncode == 0, result.stderr


def _options(environment: dict[str, str]) -> dict:
    return media_storage(lambda name: environment.get(name, ""))


def test_the_file_system_is_the_default():
    assert _options({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert _options({"MEDIA_STORAGE": "filesystem"})["BACKEND"].endswith("FileSystemStorage")


def test_the_bucket_is_private_and_no_upload_replaces_another():
    storage = _options(GOOD)
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "documents.storage.PrivateS3Storage"
    assert options["default_acl"] is None  # never public-read: the bucket's private policy applies
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 300
    assert options["file_overwrite"] is False
    # MinIO wants the bucket in the path; AWS itself chooses.
    assert options["client_config"].s3["addressing_style"] == "path"
    aws = {k: v for k, v in GOOD.items() if k != "AWS_S3_ENDPOINT_URL"}
    assert _options(aws)["OPTIONS"]["client_config"].s3["addressing_style"] == "auto"
    # Without keys, boto3 finds the host's own credentials (an instance role).
    keyless = {
        k: v for k, v in GOOD.items() if not k.startswith("AWS_ACCESS") and not k.startswith("AWS_SECRET")
    }
    assert _options(keyless)["OPTIONS"]["access_key"] is None
