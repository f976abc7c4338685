"""With RATELIMIT_STORAGE_URI on Redis, separate application processes share one count."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/13"
ROOT = Path(__file__).resolve().parents[2]

# One "application process": its own interpreter, app and test client, posting twice.
PROCESS = textwrap.dedent(
    """
    import sys
    from app import create_app
    from app.extensions import db
    from config import TestConfig

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + sys.argv[1]
        RATELIMIT_ENABLED = True
        RATELIMIT_STORAGE_URI = sys.argv[2]
        REGISTRATION_RATE_LIMIT = "3 per minute"

    app = create_app(Config)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    codes = [client.post("/editie/plaats/aanmelden", data={}).status_code for _ in range(2)]
    print(" ".join(map(str, codes)))
    """
)


@pytest.fixture()
def shared_redis():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail("Redis on 127.0.0.1:6379 does not answer")
    connection.flushdb()
    yield
    connection.flushdb()


def _process(tmp_path) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", PROCESS, str(tmp_path / "app.db"), REDIS_URL],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return [int(code) for code in done.stdout.split()]


def test_two_processes_share_the_registration_limit_through_redis(shared_redis, tmp_path):
    first = _process(tmp_path)
    second = _process(tmp_path)
    assert 429 not in first
    assert second[0] != 429 and second[1] == 429  # the fourth post of the minute, counted across processes
