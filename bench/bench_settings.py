"""The production settings with one change, for the HTTP and memory benchmarks only (never deployed):
the URL configuration adds /bench/hello (bench_urls.py), the floor every request pays through the
same middleware. Everything else — rate limits in Redis, persistent connections, https via the
proxy's X-Forwarded-Proto — is production's, set from the environment as on a server
(bench/benchserver.py's `server_env`)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
