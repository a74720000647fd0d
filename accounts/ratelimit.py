"""Per-address rate limits (security decisions 10 and 14): /verify, /progress and sign-in count each
request from a client address against a budget per minute, in the shared cache. django-ratelimit
decides the count's key (the address, an IPv6 client's /64, the window with its jitter); on Redis the
count is one round trip — set the window's counter if new, increment it, in one pipeline — instead of
django-ratelimit's three (add, then exists and incr), which cost a public lookup more than its query
(issue 14). Other caches (the database cache, the tests' memory) count through django-ratelimit."""

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import (
    EXPIRATION_FUDGE,
    _get_ip,
    _get_window,
    _make_cache_key,
    _split_rate,
    is_ratelimited,
)


def over_limit(request: HttpRequest, group: str, rate: str) -> bool:
    """Count this request against `group`'s `rate` ("120/m") for the client's address; True when the
    count is over the budget (the caller answers 429)."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return is_ratelimited(request, group=group, key="ip", rate=rate, increment=True)
    limit, period = _split_rate(rate)
    address = _get_ip(request)
    window = _get_window(address, period)
    key = cache.make_and_validate_key(_make_cache_key(group, window, rate, address, ALL))
    client = cache._cache.get_client(key, write=True)  # type: ignore[attr-defined]  # Django's redis client
    pipeline = client.pipeline(transaction=False)
    pipeline.set(key, 0, ex=period + EXPIRATION_FUDGE, nx=True)
    pipeline.incr(key)
    return int(pipeline.execute()[1]) > limit
