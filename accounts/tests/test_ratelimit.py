"""Security decisions 10 and 14 on Redis, the production cache: a request from an address costs one
round trip, the budget holds to the count, every address and every group has its own, and the count
is the one django-ratelimit reads (the database cache's path counts the same key)."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from accounts.ratelimit import over_limit


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """The machine's Redis (127.0.0.1:6379, database 13), or a redis-server of the test's own."""
    url = "redis://127.0.0.1:6379/13"
    if _answers(url):
        yield url
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("these tests need Redis: none answers on 127.0.0.1:6379, no redis-server installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--save", "", "--appendonly", "no"],  # noqa: S603
                               stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            if _answers(url):
                break
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def on_redis(settings, redis_url):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": redis_url, "KEY_PREFIX": "test-ratelimit"}}
    redis.Redis.from_url(redis_url).flushdb()
    yield caches["default"]
    redis.Redis.from_url(redis_url).flushdb()


def _request(address: str = "203.0.113.7"):
    return RequestFactory().get("/api/v1/verify", REMOTE_ADDR=address)


def test_the_budget_holds_to_the_count_on_redis(on_redis):
    assert [over_limit(_request(), "verify", "3/m") for _ in range(5)] == [False, False, False, True, True]


def test_each_address_and_each_group_has_its_own_budget_on_redis(on_redis):
    assert not over_limit(_request(), "verify", "1/m")
    assert over_limit(_request(), "verify", "1/m")
    assert not over_limit(_request("198.51.100.4"), "verify", "1/m")
    assert not over_limit(_request(), "progress", "1/m")


def test_an_ipv6_client_is_counted_by_its_64_on_redis(on_redis):
    assert not over_limit(_request("2001:db8:1:2::1"), "verify", "1/m")
    assert over_limit(_request("2001:db8:1:2::ffff"), "verify", "1/m")
    assert not over_limit(_request("2001:db8:1:3::1"), "verify", "1/m")


def test_one_round_trip_and_the_count_expires_with_its_window(on_redis, redis_url, monkeypatch):
    over_limit(_request(), "warm-up", "120/m")  # the connection's own handshake is not counted
    sent: list[list[bytes]] = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, check_health=True):  # every write to the server
        sent.append(command)
        return send(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    over_limit(_request(), "verify", "120/m")
    assert len(sent) == 1  # SET NX and INCR, pipelined
    monkeypatch.undo()
    client = redis.Redis.from_url(redis_url)
    assert [0 < client.ttl(key) <= 60 + 5 for key in client.keys("*")] == [True, True]


def test_the_count_is_the_one_django_ratelimit_reads(on_redis):
    for _ in range(4):
        over_limit(_request(), "verify", "10/m")
    usage = get_usage(_request(), group="verify", key="ip", rate="10/m")
    assert usage is not None and usage["count"] == 4 and not usage["should_limit"]
