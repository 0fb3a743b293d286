"""Where a webhook may send: http(s) URLs whose host resolves to public addresses only.

Loopback, private, link-local, shared and reserved addresses are refused unless
WEBHOOK_ALLOW_PRIVATE_TARGETS is set (tests, on-premise receivers); cloud metadata addresses are
refused always. The check runs when the URL is saved and again at each delivery, on the
addresses the request then connects to, so a name that later resolves elsewhere is caught."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
}


class TargetRefused(Exception):
    pass


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query string
    host_header: str


def parse_target(url: str) -> Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TargetRefused(f"not a URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise TargetRefused("the URL must start with http:// or https://")
    if not parts.hostname:
        raise TargetRefused("the URL has no host")
    if parts.username or parts.password:
        raise TargetRefused("the URL may not carry a user name or password; sign with the secret instead")
    default_port = 443 if parts.scheme == "https" else 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port or default_port, path, parts.netloc)


def resolve(target: Target) -> list[str]:
    """The target's addresses, each allowed, or TargetRefused naming the first that is not."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(f"{target.host} does not resolve: {exc}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        check_address(address)
    return addresses


def check_address(address: str) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        raise TargetRefused(f"{address} is a cloud metadata address")
    if ip.is_global or settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return
    raise TargetRefused(
        f"{address} is a loopback, private, link-local or reserved address "
        "(WEBHOOK_ALLOW_PRIVATE_TARGETS allows such targets)"
    )


def check_url(url: str) -> None:
    """Refuse a URL a webhook may not have (TargetRefused says why)."""
    resolve(parse_target(url))
