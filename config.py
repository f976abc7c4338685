"""Settings, read from environment variables.

The embedded default needs nothing installed: SQLite in the instance folder and mail
written to a local outbox folder. Production sets DATABASE_URL, SECRET_KEY and SMTP_*.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-change-me"


def _database_url_from(variable: str, default: str) -> str:
    url = os.environ.get(variable, default)
    # Heroku-style URLs and plain "postgresql://" both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url_from("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'alliantiedagen.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    # Mail: a local outbox folder unless SMTP_HOST is set.
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Alliantiedagen <noreply@alliantiedagen.local>")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_USE_TLS = _flag("SMTP_USE_TLS", True)
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")

    # Background work (app/jobs): empty = a SQLite queue file in the instance folder (one
    # machine, nothing installed); production: redis://host:6379/0. Workers: `flask jobs worker`.
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL", "")
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "alliantiedagen")
    JOB_WORKER_THREADS = int(os.environ.get("JOB_WORKER_THREADS", "2"))
    # The outbox: batch per SMTP connection, attempts, backoff (doubling, capped), lease.
    MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", "50"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "10"))
    MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    MAIL_RETRY_MAX_SECONDS = float(os.environ.get("MAIL_RETRY_MAX_SECONDS", str(4 * 3600)))
    MAIL_LEASE_SECONDS = float(os.environ.get("MAIL_LEASE_SECONDS", "300"))
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "20"))

    # Right-hand side of every calendar UID: never change it once calendars are out.
    CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "alliantiedagen.local")
    # Absolute base for links in mail and calendar files.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Registration: the row lock on the location keeps capacity exact under concurrency.
    # Only tests switch it off, to prove that it is needed.
    REGISTRATION_LOCKING = _flag("REGISTRATION_LOCKING", True)
    # Rate limit on the public registration post (Flask-Limiter). Memory by default;
    # with several processes use shared storage, e.g. redis://127.0.0.1:6379/0.
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10 per minute")

    # Uploaded files (materials, photos): the instance folder by default; an S3-compatible
    # object store when several machines serve the site (STORAGE_BACKEND=s3).
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    STORAGE_LOCAL_DIR = os.environ.get("STORAGE_LOCAL_DIR", str(INSTANCE_DIR / "uploads"))
    S3_BUCKET = os.environ.get("S3_BUCKET", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")  # empty: AWS itself
    S3_REGION = os.environ.get("S3_REGION", "eu-west-1")
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    S3_PREFIX = os.environ.get("S3_PREFIX", "")
    # One uploaded file at most this size (slides, hand-outs, a batch of photos).
    UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "50")) * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session: no lost forms


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def validate(cls) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < 32:
            raise RuntimeError("SECRET_KEY must be set to a random value of at least 32 characters in production.")


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _database_url_from("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    MAIL_OUTBOX_DIR = ""  # tests set a tmp folder
    JOB_QUEUE_URL = "memory://"  # run in-process by app.jobs.run_pending (the outbox fixture does)
    REGISTRATION_RATE_LIMIT = "1000 per second"  # the rate-limit test lowers it
