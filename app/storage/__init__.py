"""Where uploaded files live: one small interface, two backends.

    storage = get_storage()
    storage.put("photos/12/3f9c-web.jpg", data, "image/jpeg")
    for chunk in storage.stream("photos/12/3f9c-web.jpg"): ...

`LocalStorage` keeps files in a folder (the instance folder by default: nothing to
install); `S3Storage` keeps them in an S3-compatible object store, so that several
machines serve the same files. Keys are made by the application (never a user's file
name), and both backends refuse any key outside their safe pattern.

Which files a visitor may fetch is not decided here: the features check that on every
request and then answer with `app.storage.serve.send_stored`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, Protocol

from flask import current_app

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_.-]*)*$")
CHUNK = 256 * 1024


class StorageError(RuntimeError):
    """The store could not be reached or refused the operation."""


class ObjectNotFound(StorageError):
    """No object under that key."""


class Storage(Protocol):
    def put(self, key: str, data: bytes | BinaryIO, content_type: str) -> int:
        """Store the bytes (or a readable file) under `key`; returns the size."""

    def read(self, key: str) -> bytes: ...

    def stream(self, key: str) -> Iterator[bytes]:
        """The object in chunks, for a response that never holds it whole in memory."""

    def size(self, key: str) -> int: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the object; a key that is not there is no error."""


def check_key(key: str) -> str:
    if len(key) > 400 or ".." in key or not KEY_PATTERN.match(key):
        raise ValueError(f"unsafe storage key: {key!r}")
    return key


def get_storage() -> Storage:
    """The application's store, made once per settings (several apps may share a process)."""
    settings = _settings(current_app.config)
    cached = current_app.extensions.get("storage")
    if cached is not None and cached[0] == settings:
        return cached[1]
    storage = build_storage(current_app.config)
    current_app.extensions["storage"] = (settings, storage)
    return storage


def build_storage(config) -> Storage:
    backend = (config.get("STORAGE_BACKEND") or "local").lower()
    if backend == "local":
        from app.storage.local import LocalStorage

        return LocalStorage(config["STORAGE_LOCAL_DIR"])
    if backend == "s3":
        from app.storage.s3 import S3Storage

        return S3Storage(
            bucket=config["S3_BUCKET"],
            endpoint_url=config.get("S3_ENDPOINT_URL") or None,
            region=config.get("S3_REGION") or None,
            access_key_id=config.get("S3_ACCESS_KEY_ID") or None,
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY") or None,
            prefix=config.get("S3_PREFIX") or "",
        )
    raise RuntimeError(f"STORAGE_BACKEND must be 'local' or 's3', not {backend!r}")


def _settings(config) -> tuple:
    names = ("STORAGE_BACKEND", "STORAGE_LOCAL_DIR", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_PREFIX")
    return tuple(config.get(name) for name in names)
