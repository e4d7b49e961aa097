"""Where evidence files are kept: the settings read from the environment, and an S3-compatible
store (moto standing in for it) storing and reading a file through Django's storage API."""

from __future__ import annotations

import datetime

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse
from moto import mock_aws

from config.env import evidence_storage
from tracker.performance.evidence import services
from tracker.performance.tests.evidence.conftest import TINY_PDF, upload

S3_ENVIRONMENT = {
    "EVIDENCE_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "tracker-evidence",
    "AWS_S3_REGION_NAME": "eu-west-2",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


@pytest.fixture
def s3_environment(monkeypatch):
    for name, value in S3_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL", raising=False)


def test_local_disk_by_default(monkeypatch):
    monkeypatch.delenv("EVIDENCE_STORAGE", raising=False)
    config = evidence_storage()
    assert config == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert isinstance(storages.create_storage(config), FileSystemStorage)


def test_s3_storage_is_private_and_configured_from_the_environment(s3_environment, monkeypatch):
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.gov.uk")
    config = evidence_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "tracker-evidence"
    assert options["endpoint_url"] == "https://s3.example.gov.uk"
    assert options["region_name"] == "eu-west-2"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_s3_storage_needs_a_bucket(s3_environment, monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        evidence_storage()


def test_an_unknown_storage_is_refused(monkeypatch):
    monkeypatch.setenv("EVIDENCE_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="must be local or s3"):
        evidence_storage()


def test_s3_storage_stores_and_reads_a_file_privately(s3_environment):
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-2")
        client.create_bucket(
            Bucket="tracker-evidence",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        storage = storages.create_storage(evidence_storage())

        name = storage.save("evidence/1/report.pdf", ContentFile(TINY_PDF))

        assert name == "evidence/1/report.pdf"
        with storage.open(name, "rb") as stored:
            assert stored.read() == TINY_PDF
        assert storage.size(name) == len(TINY_PDF)
        # Saving under the same name never overwrites a file already kept.
        assert storage.save(name, ContentFile(b"%PDF-1.4 other")) != name
        grants = client.get_object_acl(Bucket="tracker-evidence", Key=name)["Grants"]
        assert all("AllUsers" not in str(grant["Grantee"]) for grant in grants)
        storage.delete(name)
        assert storage.exists(name) is False


@pytest.mark.django_db
def test_evidence_is_added_to_and_downloaded_from_s3(
    s3_environment, settings, client, improvement_lead, action
):
    with mock_aws():
        boto3.client("s3", region_name="eu-west-2").create_bucket(
            Bucket="tracker-evidence",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        settings.STORAGES = {**settings.STORAGES, "default": evidence_storage()}
        evidence = services.evidence_add_file(
            user=improvement_lead,
            evidence_of=action,
            title="Case file audit report",
            dated_on=datetime.date(2026, 11, 2),
            uploaded=upload(TINY_PDF, "Audit report.pdf"),
        )
        client.force_login(improvement_lead)
        response = client.get(reverse("performance:evidence_download", args=[evidence.pk]))

        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="Audit report.pdf"'
        assert b"".join(response.streaming_content) == TINY_PDF
