"""The client's address, for the rate limits: the one function that reads it.

Behind a reverse proxy REMOTE_ADDR is the proxy's. Its X-Forwarded-For is believed only when
REMOTE_ADDR is one of TRUSTED_PROXIES (settings, from the environment: addresses or networks,
`127.0.0.1,10.0.0.0/8`): the list is then read from the right, each trusted proxy's entry
giving the address it received from, and the first address that is not a trusted proxy is the
client. Anyone can write X-Forwarded-For, so without a trusted proxy it is ignored: a client
could otherwise give itself a new address on every request and never be limited.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """ "10.0.0.1" and "10.0.0.0/8" alike; a wrong value raises ValueError naming it."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"TRUSTED_PROXIES: « {value} » n’est ni une adresse IP ni un réseau (10.0.0.0/8)"
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address (None when unknown), as the rate limits count it."""
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    client = remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    while is_trusted(client) and hops:
        previous = _address(hops.pop())
        if previous is None:  # a garbled entry: the last trusted proxy is all we know
            break
        client = previous
    return str(client)
