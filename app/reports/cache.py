"""Rendered PDFs kept on disk until their data change.

The key is a SHA-256 of everything that decides the bytes: the report's plain context
(frozen dataclasses, so their repr is complete and stable), its title and language, and
a fingerprint of the templates, print CSS, translations and report code. A change in
the data gives a new key; an unchanged document is read back instead of rendered.

Files live in the instance folder (``REPORT_CACHE_DIR``), so every application process
shares them and none keeps anything in memory. Writes are atomic (temporary file, then
rename). Entries unused for ``REPORT_CACHE_MAX_AGE_DAYS`` days are removed, which also
bounds how long a sheet with names outlives a change or an anonymisation;
``flask reports clear-cache`` removes everything at once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

import weasyprint

ROOT = Path(__file__).resolve().parent.parent.parent
# Everything besides the context that shapes a report's bytes.
SOURCES = (
    ("templates/reports", "*.html"),
    ("static/reports", "*"),
    ("app/reports", "*.py"),
    ("app", "formatting.py"),
    ("app/translations", "*/LC_MESSAGES/messages.mo"),
)
MAX_FILES = 1000


def fingerprint() -> str:
    """A hash of the report sources, read afresh each time (a deploy changes them)."""
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}".encode())
    for folder, pattern in SOURCES:
        for path in sorted((ROOT / folder).glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(material: str, code: str | None = None) -> str:
    return hashlib.sha256(f"{code or fingerprint()}\n{material}".encode()).hexdigest()


class DiskCache:
    def __init__(self, directory: Path | str, max_age_days: float = 7.0, max_files: int = MAX_FILES):
        self.directory = Path(directory)
        self.max_age = max_age_days * 24 * 3600
        self.max_files = max_files

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        if not data.startswith(b"%PDF"):
            return None
        try:
            os.utime(path)  # recently used: kept longer
        except OSError:
            pass
        return data

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.prune()

    def link(self, alias: str, key: str, filename: str) -> None:
        """Another key for an entry, with the name it is downloaded under (a small
        pointer file beside the PDFs, not a second copy)."""
        path = self._path(alias).with_suffix(".name")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".name")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(f"{key}\n{filename}")
        os.replace(temporary, path)

    def get_linked(self, alias: str) -> tuple[str, bytes] | None:
        """(file name, PDF) of the entry an alias points to, while both are kept."""
        path = self._path(alias).with_suffix(".name")
        try:
            key, filename = path.read_text(encoding="utf-8").split("\n", 1)
        except (FileNotFoundError, ValueError):
            return None
        data = self.get(key)
        if data is None:
            return None
        try:
            os.utime(path)
        except OSError:
            pass
        return filename, data

    def entries(self) -> list[Path]:
        return list(self.directory.glob("??/*.pdf")) if self.directory.is_dir() else []

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for too long, then the oldest beyond MAX_FILES."""
        now = time.time() if now is None else now
        aged: list[tuple[float, Path]] = []
        removed = 0
        for path in self.entries():
            try:
                used = path.stat().st_mtime
            except FileNotFoundError:
                continue
            if now - used > self.max_age:
                path.unlink(missing_ok=True)
                removed += 1
            else:
                aged.append((used, path))
        for link in self._links():  # pointers unused for too long
            try:
                if now - link.stat().st_mtime > self.max_age:
                    link.unlink(missing_ok=True)
            except FileNotFoundError:
                continue
        if len(aged) > self.max_files:
            for _, path in sorted(aged)[: len(aged) - self.max_files]:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> int:
        entries = self.entries()
        for path in entries + self._links():
            path.unlink(missing_ok=True)
        return len(entries)

    def _links(self) -> list[Path]:
        return list(self.directory.glob("??/*.name")) if self.directory.is_dir() else []
