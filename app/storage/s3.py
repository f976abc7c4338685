"""Files in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage, ...), through boto3.

Several application machines then serve the same files. Objects are private in the
bucket: the application fetches them and answers the visitor itself, after checking
that the visitor may see the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from app.storage import CHUNK, ObjectNotFound, StorageError, check_key

if TYPE_CHECKING:  # boto3-stubs: types only
    from mypy_boto3_s3.type_defs import HeadObjectOutputTypeDef

MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Storage:
    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        prefix: str = "",
    ):
        if not bucket:
            raise StorageError("S3_BUCKET is not set")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # Path-style addressing works with every S3-compatible server (no DNS per bucket).
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"} if endpoint_url else {},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
        )
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )
        # Large files go up in parts of 8 MB, so a 50 MB upload never sits whole in memory.
        self.transfer = TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024)

    def __repr__(self) -> str:
        return f"S3Storage(bucket={self.bucket!r}, prefix={self.prefix!r})"

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, data: bytes | BinaryIO, content_type: str) -> int:
        body = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
        counter = _Counting(body)
        try:
            self.client.upload_fileobj(
                counter,  # type: ignore[arg-type]  # a raw reader: boto3 only calls read()
                self.bucket,
                self._key(key),
                ExtraArgs={"ContentType": content_type},
                Config=self.transfer,
            )
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"could not store {key}: {error}") from error
        return counter.count

    def _get(self, key: str):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if _code(error) in MISSING:
                raise ObjectNotFound(key) from error
            raise StorageError(f"could not read {key}: {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"could not read {key}: {error}") from error

    def read(self, key: str) -> bytes:
        return self._get(key)["Body"].read()

    def stream(self, key: str) -> Iterator[bytes]:
        body = self._get(key)["Body"]
        return _chunks(body)

    def size(self, key: str) -> int:
        return int(self._head(key)["ContentLength"])

    def exists(self, key: str) -> bool:
        try:
            self._head(key)
        except ObjectNotFound:
            return False
        return True

    def _head(self, key: str) -> HeadObjectOutputTypeDef:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if _code(error) in MISSING:
                raise ObjectNotFound(key) from error
            raise StorageError(f"could not look up {key}: {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"could not look up {key}: {error}") from error

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"could not delete {key}: {error}") from error


class _Counting(io.RawIOBase):
    """Passes reads through and counts the bytes (the size of what was stored)."""

    def __init__(self, inner: BinaryIO):
        self.inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.inner.read(size)
        self.count += len(chunk)
        return chunk


def _chunks(body) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))
