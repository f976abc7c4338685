"""Settings, read from environment variables.

The embedded default needs nothing installed: SQLite in the instance folder and mail
written to a local outbox folder. Production sets DATABASE_URL, SECRET_KEY and SMTP_*.
"""

import os
from datetime import timedelta
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


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


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
    # Change notices wait this long, so several edits in a row make one mail.
    CHANGE_NOTICE_DELAY_MINUTES = float(os.environ.get("CHANGE_NOTICE_DELAY_MINUTES", "5"))
    SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "20"))

    # Right-hand side of every calendar UID: never change it once calendars are out.
    CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "alliantiedagen.local")
    # Absolute base for links in mail and calendar files.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Rate limits (Flask-Limiter, see app/common/ratelimit.py). Memory by default; with
    # several processes use shared storage, e.g. redis://127.0.0.1:6379/0. When that
    # store is unreachable the limiter counts in memory instead (and logs it).
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10 per minute")
    # "Here is your personal link again" mails to one address (nobody confirmed it).
    REGISTRATION_MAIL_RATE_LIMIT = os.environ.get("REGISTRATION_MAIL_RATE_LIMIT", "3 per hour")
    # Sign-in attempts: per account, per client address, and for the whole site (which
    # bounds the CPU that password hashing can take from the public pages).
    LOGIN_RATE_LIMIT_ACCOUNT = os.environ.get("LOGIN_RATE_LIMIT_ACCOUNT", "10 per 15 minutes")
    LOGIN_RATE_LIMIT_ADDRESS = os.environ.get("LOGIN_RATE_LIMIT_ADDRESS", "30 per 15 minutes")
    LOGIN_RATE_LIMIT_TOTAL = os.environ.get("LOGIN_RATE_LIMIT_TOTAL", "120 per minute")
    # "Forgot your password?": requests per client address (a refusal says so), and reset
    # mails to one account (over the limit nothing is sent; the page says the same).
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "10 per 15 minutes")
    PASSWORD_RESET_MAIL_RATE_LIMIT = os.environ.get("PASSWORD_RESET_MAIL_RATE_LIMIT", "3 per hour")
    # How long the link in an invitation and in a password-reset mail works (hours).
    INVITATION_LINK_HOURS = _number("INVITATION_LINK_HOURS", 72)
    PASSWORD_RESET_LINK_HOURS = _number("PASSWORD_RESET_LINK_HOURS", 2)
    # werkzeug's scrypt, spelled out: about 0.13 s per check on one core.
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt:32768:8:1")

    # How many reverse proxies stand in front of the application (each adds one entry
    # to X-Forwarded-For). 0: the client connects directly and such headers are ignored.
    TRUSTED_PROXY_COUNT = _number("TRUSTED_PROXY_COUNT", 0)
    # Largest request body: every form fits easily; more is refused with a friendly 413.
    MAX_CONTENT_LENGTH = _number("MAX_CONTENT_LENGTH", 1024 * 1024)

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
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    HSTS_SECONDS = 0  # production: a year
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session: no lost forms


class ProductionConfig(Config):
    """APP_ENV=production: HTTPS only (usually terminated by a reverse proxy, see
    TRUSTED_PROXY_COUNT), secure cookies, HSTS, and a real SECRET_KEY."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = _number("HSTS_SECONDS", 365 * 24 * 3600)

    @classmethod
    def validate(cls) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < 32:
            raise RuntimeError("SECRET_KEY must be set to a random value of at least 32 characters in production.")


class MeasurementConfig(Config):
    """APP_ENV=measurement: the settings of the concurrency tests and the benchmarks, which
    may switch off the location lock (app/programme/locking.py) to show that it is needed."""

    LOCATION_LOCKING = _flag("LOCATION_LOCKING", True)


class TestConfig(Config):
    TESTING = True
    LOCATION_LOCKING = True  # tests/registration/test_registration_concurrency.py switches it off
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _database_url_from("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    MAIL_OUTBOX_DIR = ""  # tests set a tmp folder
    JOB_QUEUE_URL = "memory://"  # run in-process by app.jobs.run_pending (the outbox fixture does)
    REGISTRATION_RATE_LIMIT = "1000 per second"  # the rate-limit tests lower these
    LOGIN_RATE_LIMIT_ACCOUNT = LOGIN_RATE_LIMIT_ADDRESS = LOGIN_RATE_LIMIT_TOTAL = "1000 per second"
    REGISTRATION_MAIL_RATE_LIMIT = "1000 per second"
    PASSWORD_RESET_RATE_LIMIT = PASSWORD_RESET_MAIL_RATE_LIMIT = "1000 per second"
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # fast in tests; the cost is measured in bench/
