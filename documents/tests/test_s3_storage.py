"""Uploads on an S3-compatible store (issue 5: "any S3-compatible store by configuration"): the same
settings as config/settings/base.py builds from S3_BUCKET, against moto's in-process S3."""

import datetime as dt
import io

import boto3
import pytest
from moto import mock_aws
from pypdf import PdfReader

from core.crypto import FILE_MAGIC
from documents.tests.test_uploads import PDF, _post

pytestmark = pytest.mark.django_db
BUCKET = "bjpermit-test"
S3 = {
    "BACKEND": "core.storage_s3.EncryptedS3Storage",  # as config/settings/base.py builds it
    "OPTIONS": {"bucket_name": BUCKET, "region_name": "us-east-1", "default_acl": "private",
                "querystring_auth": True, "file_overwrite": False},
}


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": S3}  # one stack with the clock's overrides
        yield client


def test_a_scan_and_a_photo_go_to_the_bucket_privately_and_come_back_to_the_reviewer_only(
    s3, make_unit, file_new_case, officials, clock
):
    clock(dt.date(2026, 6, 15))
    client, _ = make_unit("haidian")
    case = file_new_case(client, until="submitted")
    doc = _post(client, case["id"], "NEW-04", "劳动合同.pdf", PDF).json()
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert any(k.startswith("photos/") for k in keys)  # the case's photo, uploaded by file_new_case
    stored = next(k for k in keys if k.startswith("documents/"))
    in_bucket = s3.get_object(Bucket=BUCKET, Key=stored)["Body"].read()
    assert in_bucket.startswith(FILE_MAGIC) and b"%PDF" not in in_bucket  # encrypted at rest (decision 75)
    grants = s3.get_object_acl(Bucket=BUCKET, Key=stored)["Grants"]
    assert all("AllUsers" not in str(g["Grantee"]) for g in grants)  # never public
    path = f"/applications/{case['id']}/documents/{doc['id']}"
    assert officials["haidian"].get(path).content == PDF
    assert officials["chaoyang"].get(path).status_code == 404
    form = officials["haidian"].get(f"/applications/{case['id']}/form.pdf")
    assert form.status_code == 200 and PdfReader(io.BytesIO(form.content)).pages[0].images  # photo read back
