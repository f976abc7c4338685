"""Item 3: behind a reverse proxy (TRUSTED_PROXY_COUNT) every participant has their own
rate-limit bucket; without trusted proxies a forged X-Forwarded-For changes nothing."""

PROXY = "127.0.0.1"


def _post(client, forwarded_for: str | None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        "/editie/plaats/aanmelden", data={}, headers=headers, environ_base={"REMOTE_ADDR": PROXY}
    ).status_code


def test_two_clients_behind_the_proxy_get_separate_buckets(make_app):
    app = make_app(TRUSTED_PROXY_COUNT=1, REGISTRATION_RATE_LIMIT="2 per minute")
    client = app.test_client()
    first = [_post(client, "203.0.113.10") for _ in range(3)]
    second = [_post(client, "203.0.113.20") for _ in range(3)]
    assert first == [200, 200, 429]
    assert second == [200, 200, 429]


def test_only_the_address_the_proxy_added_counts(make_app):
    """A client cannot pick its own bucket by sending an X-Forwarded-For of its own:
    the proxy appends the real address, and only that last entry is trusted."""
    app = make_app(TRUSTED_PROXY_COUNT=1, REGISTRATION_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [_post(client, f"10.9.9.{n}, 203.0.113.30") for n in range(3)]
    assert codes == [200, 200, 429]


def test_without_trusted_proxies_the_header_is_ignored(make_app):
    app = make_app(TRUSTED_PROXY_COUNT=0, REGISTRATION_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [_post(client, f"203.0.113.{n}") for n in range(3)]
    assert codes == [200, 200, 429]


def test_behind_the_proxy_the_page_knows_it_was_asked_over_https(make_app):
    app = make_app(TRUSTED_PROXY_COUNT=1)

    @app.get("/_scheme")
    def scheme():
        from flask import request

        return f"{request.scheme} {request.remote_addr} {request.host}"

    client = app.test_client()
    body = client.get(
        "/_scheme",
        headers={"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
        environ_base={"REMOTE_ADDR": PROXY},
        base_url="http://aanmelden.example",
    ).get_data(as_text=True)
    # The proxy passes the Host header on; a forwarded host is not trusted.
    assert body == "https 203.0.113.5 aanmelden.example"
