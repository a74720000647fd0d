"""The client's address behind the production proxy (accounts.actor.client_ip): the header the proxy
sets, only when CLIENT_IP_META_KEY names it, and only when it holds an address."""

from django.test import RequestFactory

from accounts.actor import client_ip


def _request(**meta: str):  # type: ignore[no-untyped-def]
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)


def test_without_the_setting_no_header_is_trusted(settings):
    settings.CLIENT_IP_META_KEY = ""
    assert client_ip(_request(HTTP_X_REAL_IP="203.0.113.7")) == "10.0.0.1"


def test_with_the_setting_the_proxys_header_is_the_clients_address(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    assert client_ip(_request(HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request(HTTP_X_REAL_IP=" 2001:db8::1 ")) == "2001:db8::1"


def test_a_header_that_is_not_an_address_falls_back_to_the_peer(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    assert client_ip(_request(HTTP_X_REAL_IP="203.0.113.7, 10.9.9.9")) == "10.0.0.1"
    assert client_ip(_request()) == "10.0.0.1"
