"""Where a share listens, the addresses to join it at, and the Host values it answers.

`--host 0.0.0.0` listens on every interface, but no device can reach "0.0.0.0": the
addresses to print (and to put in the QR code) are the machine's own, read from its
interfaces (`ifaddr`). The same list, with the port, is what a request's `Host` must
name (a hostile name that resolves to one of them, DNS rebinding, is refused).
"""

from __future__ import annotations

import ipaddress

import ifaddr

from ..domain.record import record
from ..domain.session import RuleViolation

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
LOCALHOST = "localhost"


def parse_host(text: str) -> IPAddress:
    """The address to listen on, from `--host`: an IP address (or `localhost`).

    An empty or unreadable host is refused: an empty one would listen everywhere
    and print a URL without a host.
    """
    given = text.strip()
    if given.casefold() == LOCALHOST:
        return ipaddress.IPv4Address("127.0.0.1")
    try:
        return ipaddress.ip_address(given.strip("[]"))
    except ValueError:
        raise RuleViolation("room_server.bad_host", host=text) from None


def in_url(address: IPAddress) -> str:
    """An address as it stands in a URL or a Host header: IPv6 in brackets."""
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def machine_addresses() -> list[IPAddress]:
    """Every address of this machine's interfaces (link-local IPv6 left out: it needs
    a zone that no link or QR code can carry)."""
    found: list[IPAddress] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            raw = ip.ip[0] if isinstance(ip.ip, tuple) else ip.ip
            try:
                address = ipaddress.ip_address(raw)
            except ValueError:
                continue
            if address.version == 6 and address.is_link_local:
                continue
            if address not in found:
                found.append(address)
    return found


@record
class Listening:
    """A bound share: the addresses to join at, first the one for the QR code."""

    addresses: tuple[IPAddress, ...]
    port: int

    @property
    def loopback_only(self) -> bool:
        return all(a.is_loopback for a in self.addresses)

    def urls(self) -> list[str]:
        """Reachable addresses first (the room's devices use them), loopback last."""
        ordered = sorted(self.addresses, key=lambda a: (a.is_loopback, a.version))
        return [f"http://{in_url(a)}:{self.port}" for a in ordered]

    def to_print(self) -> list[str]:
        """The addresses to tell the room: the reachable ones; loopback only when it is
        all there is (this computer's own browser)."""
        reachable = [a for a in self.addresses if not a.is_loopback]
        return Listening(tuple(reachable), self.port).urls() if reachable else self.urls()

    def allowed_hosts(self) -> frozenset[str]:
        """The `Host` values a request may carry (lower case)."""
        hosts = [in_url(a).lower() for a in self.addresses]
        if any(a.is_loopback for a in self.addresses):
            hosts.append(LOCALHOST)
        names = {f"{host}:{self.port}" for host in hosts}
        if self.port == 80:  # a browser leaves the default port out of Host
            names.update(hosts)
        return frozenset(names)


def served_addresses(
    host: IPAddress, machine: list[IPAddress] | None = None
) -> tuple[IPAddress, ...]:
    """The addresses a socket bound to `host` answers on."""
    if not host.is_unspecified:
        return (host,)
    found = machine_addresses() if machine is None else machine
    if host.version == 4:
        # 0.0.0.0: the IPv4 addresses only.
        return tuple(a for a in found if a.version == 4) or (ipaddress.IPv4Address("127.0.0.1"),)
    return tuple(found) or (ipaddress.IPv6Address("::1"),)  # "::" answers both families
