"""Address classification: is this logon source on the internet?

This is the only module that imports netaddr. It answers, for any address text found in a log,
which IANA special-purpose category it belongs to (``classify_ip``) and whether a run's
``NetworkPolicy`` treats it as external (``is_external``).

How it works: the IANA IPv4 and IPv6 Special-Purpose Address Registries are written below as a
table of blocks (facts in ``reference/ip-special-purpose.md``). At import the table is flattened
with netaddr into sorted, disjoint integer intervals in which the most specific block wins, so a
lookup is one ``inet_pton`` parse (the C library's, which netaddr's strategies wrap too) plus one
``bisect``. Results are kept in a bounded LRU cache because logs repeat the same few addresses
many times.
"""

from __future__ import annotations

import enum
import functools
from bisect import bisect_right
from collections.abc import Iterable
from socket import AF_INET, AF_INET6, inet_pton
from typing import Final

import attrs
import netaddr

from t1133.exceptions import ConfigError

__all__ = [
    "AddressInfo",
    "IPCategory",
    "NetworkPolicy",
    "classify_ip",
    "describe_ip",
    "is_external",
    "normalize_ip",
]


class IPCategory(enum.Enum):
    """The category of an address, after the IANA special-purpose registries."""

    PUBLIC = "PUBLIC"
    PRIVATE = "PRIVATE"
    SHARED = "SHARED"
    LOOPBACK = "LOOPBACK"
    LINK_LOCAL = "LINK_LOCAL"
    UNSPECIFIED = "UNSPECIFIED"
    MULTICAST = "MULTICAST"
    BROADCAST = "BROADCAST"
    DOCUMENTATION = "DOCUMENTATION"
    BENCHMARKING = "BENCHMARKING"
    RESERVED = "RESERVED"
    TEREDO = "TEREDO"
    INVALID = "INVALID"

    def __repr__(self) -> str:
        return f"IPCategory.{self.name}"


class _Embedded(enum.Enum):
    """IPv6 blocks whose category is that of an IPv4 address carried inside them."""

    MAPPED = "IPv4-mapped"  # RFC 4291 2.5.5.2: low 32 bits
    NAT64 = "NAT64 well-known prefix"  # RFC 6052 2.1: low 32 bits of 64:ff9b::/96
    SIX_TO_FOUR = "6to4"  # RFC 3056 2: bits 16-47


_C = IPCategory

# IANA IPv4 Special-Purpose Address Registry (2025), plus the multicast space from the IPv4
# Multicast Address Space registry. Rows: (block, category, IANA name). Anything no row names is
# global unicast: PUBLIC. Registry "globally reachable = True" rows inside reserved parents are
# PUBLIC on purpose; see reference/ip-special-purpose.md for the decisions where IANA is silent.
_IPV4_BLOCKS: Final = (
    ("0.0.0.0/8", _C.RESERVED, "This network"),
    ("0.0.0.0/32", _C.UNSPECIFIED, "This host on this network"),
    ("10.0.0.0/8", _C.PRIVATE, "Private-Use"),
    ("100.64.0.0/10", _C.SHARED, "Shared Address Space"),
    ("127.0.0.0/8", _C.LOOPBACK, "Loopback"),
    ("169.254.0.0/16", _C.LINK_LOCAL, "Link Local"),
    ("172.16.0.0/12", _C.PRIVATE, "Private-Use"),
    ("192.0.0.0/24", _C.RESERVED, "IETF Protocol Assignments"),
    ("192.0.0.0/29", _C.RESERVED, "IPv4 Service Continuity Prefix"),
    ("192.0.0.8/32", _C.RESERVED, "IPv4 dummy address"),
    ("192.0.0.9/32", _C.PUBLIC, "Port Control Protocol Anycast"),
    ("192.0.0.10/32", _C.PUBLIC, "Traversal Using Relays around NAT Anycast"),
    ("192.0.0.170/32", _C.RESERVED, "NAT64/DNS64 Discovery"),
    ("192.0.0.171/32", _C.RESERVED, "NAT64/DNS64 Discovery"),
    ("192.0.2.0/24", _C.DOCUMENTATION, "Documentation (TEST-NET-1)"),
    ("192.31.196.0/24", _C.PUBLIC, "AS112-v4"),
    ("192.52.193.0/24", _C.PUBLIC, "AMT"),
    ("192.88.99.0/24", _C.PUBLIC, "Deprecated (6to4 Relay Anycast)"),
    ("192.88.99.2/32", _C.RESERVED, "6a44-relay anycast address"),
    ("192.168.0.0/16", _C.PRIVATE, "Private-Use"),
    ("192.175.48.0/24", _C.PUBLIC, "Direct Delegation AS112 Service"),
    ("198.18.0.0/15", _C.BENCHMARKING, "Benchmarking"),
    ("198.51.100.0/24", _C.DOCUMENTATION, "Documentation (TEST-NET-2)"),
    ("203.0.113.0/24", _C.DOCUMENTATION, "Documentation (TEST-NET-3)"),
    ("224.0.0.0/4", _C.MULTICAST, "Multicast"),
    ("240.0.0.0/4", _C.RESERVED, "Reserved"),
    ("255.255.255.255/32", _C.BROADCAST, "Limited Broadcast"),
)

# IANA IPv6 Special-Purpose Address Registry (2025: RFC 9637 3fff::/20, RFC 9602 5f00::/16,
# RFC 9665 2001:1::3, RFC 9780 100:0:0:1::/64) and the IPv6 Address Space registry: 2000::/3 is
# global unicast, fc00::/7, fe80::/10 and ff00::/8 are named, everything else is IETF-reserved.
_IPV6_BLOCKS: Final = (
    ("::/0", _C.RESERVED, "Reserved by IETF"),
    ("2000::/3", _C.PUBLIC, "Global Unicast"),
    ("::1/128", _C.LOOPBACK, "Loopback Address"),
    ("::/128", _C.UNSPECIFIED, "Unspecified Address"),
    ("::ffff:0:0/96", _Embedded.MAPPED, "IPv4-mapped Address"),
    ("64:ff9b::/96", _Embedded.NAT64, "IPv4-IPv6 Translat."),
    ("64:ff9b:1::/48", _C.RESERVED, "IPv4-IPv6 Translat. (local use)"),
    ("100::/64", _C.RESERVED, "Discard-Only Address Block"),
    ("100:0:0:1::/64", _C.RESERVED, "Dummy IPv6 Prefix"),
    ("2001::/23", _C.RESERVED, "IETF Protocol Assignments"),
    ("2001::/32", _C.TEREDO, "TEREDO"),
    ("2001:1::1/128", _C.PUBLIC, "Port Control Protocol Anycast"),
    ("2001:1::2/128", _C.PUBLIC, "Traversal Using Relays around NAT Anycast"),
    ("2001:1::3/128", _C.PUBLIC, "DNS-SD Service Registration Protocol Anycast"),
    ("2001:2::/48", _C.BENCHMARKING, "Benchmarking"),
    ("2001:3::/32", _C.PUBLIC, "AMT"),
    ("2001:4:112::/48", _C.PUBLIC, "AS112-v6"),
    ("2001:10::/28", _C.RESERVED, "Deprecated (previously ORCHID)"),
    ("2001:20::/28", _C.PUBLIC, "ORCHIDv2"),
    ("2001:30::/28", _C.PUBLIC, "Drone Remote ID Protocol Entity Tags (DETs) Prefix"),
    ("2001:db8::/32", _C.DOCUMENTATION, "Documentation"),
    ("2002::/16", _Embedded.SIX_TO_FOUR, "6to4"),
    ("2620:4f:8000::/48", _C.PUBLIC, "Direct Delegation AS112 Service"),
    ("3fff::/20", _C.DOCUMENTATION, "Documentation"),
    ("5f00::/16", _C.RESERVED, "Segment Routing (SRv6) SIDs"),
    ("fc00::/7", _C.PRIVATE, "Unique-Local"),
    ("fe80::/10", _C.LINK_LOCAL, "Link-Local Unicast"),
    ("ff00::/8", _C.MULTICAST, "Multicast"),
)

_IPV4_DEFAULT: Final = ("0.0.0.0/0", _C.PUBLIC, "Global Unicast")

# Longer text than this is never an address, however decorated: the longest legitimate form is
# a bracketed, zoned IPv6 with a port, well under 100 characters.
_MAX_TEXT: Final = 100
# Characters an IPv6 zone identifier may use (interface names and numeric ids, RFC 4007 11.2).
_ZONE_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
_WHITESPACE: Final = " \t\r\n"
_CACHE_SIZE: Final = 65536


@attrs.frozen
class _Block:
    """One registry row, resolved to an integer range."""

    cidr: str
    kind: IPCategory | _Embedded
    name: str
    first: int
    last: int
    prefixlen: int


def _flatten(
    rows: Iterable[tuple[str, IPCategory | _Embedded, str]],
) -> tuple[list[int], list[_Block]]:
    """Turn nested registry blocks into sorted disjoint intervals where the longest prefix wins.

    Returns:
        The interval start addresses (for ``bisect``) and the block each interval belongs to.
    """
    blocks = []
    for cidr, kind, name in rows:
        net = netaddr.IPNetwork(cidr)
        blocks.append(_Block(cidr, kind, name, net.first, net.last, net.prefixlen))
    edges = sorted({b.first for b in blocks} | {b.last + 1 for b in blocks})
    starts: list[int] = []
    owners: list[_Block] = []
    for start in edges:
        covering = [b for b in blocks if b.first <= start <= b.last]
        if not covering:  # the point just past the end of the address space
            continue
        owner = max(covering, key=lambda b: b.prefixlen)
        if owners and owners[-1] is owner:
            continue
        starts.append(start)
        owners.append(owner)
    return starts, owners


_V4_STARTS, _V4_OWNERS = _flatten((_IPV4_DEFAULT, *_IPV4_BLOCKS))
_V6_STARTS, _V6_OWNERS = _flatten(_IPV6_BLOCKS)


def _block_of(version: int, value: int) -> _Block:
    if version == 4:
        return _V4_OWNERS[bisect_right(_V4_STARTS, value) - 1]
    return _V6_OWNERS[bisect_right(_V6_STARTS, value) - 1]


def _embedded_ipv4(kind: _Embedded, value: int) -> int:
    if kind is _Embedded.SIX_TO_FOUR:
        return (value >> 80) & 0xFFFFFFFF
    return value & 0xFFFFFFFF


@attrs.frozen
class AddressInfo:
    """Everything t1133 concluded about one address text.

    Attributes:
        text: The value as it was given (cut short when far too long to be an address).
        category: The IANA-derived category (``INVALID`` when the text is not an address).
        version: 4 or 6, or ``None`` when invalid.
        value: The address as an integer, or ``None`` when invalid.
        block: The most specific registry block that decided (``"10.0.0.0/8"``), if any.
        block_name: The IANA name of that block (``"Private-Use"``).
        embedded_ipv4: The IPv4 address carried inside an IPv4-mapped, NAT64 or 6to4 address.
        embedding: How it was carried (``"IPv4-mapped"``, ``"NAT64 well-known prefix"``,
            ``"6to4"``).
        problem: Why the text is not an address, when ``category`` is ``INVALID``.
    """

    text: object
    category: IPCategory
    version: int | None = None
    value: int | None = None
    block: str | None = None
    block_name: str | None = None
    embedded_ipv4: int | None = None
    embedding: str | None = None
    problem: str | None = None

    @property
    def address(self) -> str | None:
        """The normalised address text (``"::ffff:10.0.0.1"`` stays IPv6), or ``None``."""
        if self.value is None or self.version is None:
            return None
        return str(netaddr.IPAddress(self.value, self.version))

    @property
    def effective(self) -> tuple[int, int] | None:
        """``(version, value)`` of the address that decided: the embedded IPv4 if there is one."""
        if self.embedded_ipv4 is not None:
            return (4, self.embedded_ipv4)
        if self.value is None or self.version is None:
            return None
        return (self.version, self.value)

    @property
    def reason(self) -> str:
        """One line saying why: ``PRIVATE (embedded IPv4 10.2.3.4 in 10.0.0.0/8)``."""
        if self.category is IPCategory.INVALID:
            return f"INVALID ({self.problem})"
        where = f"{self.block} {self.block_name}"
        if self.block == _IPV4_DEFAULT[0]:
            where = "global unicast, no special-purpose block"
        if self.embedded_ipv4 is not None:
            v4 = netaddr.IPAddress(self.embedded_ipv4, 4)
            return f"{self.category.name} ({self.embedding}: embedded IPv4 {v4} in {where})"
        return f"{self.category.name} (in {where})"


def _invalid(text: object, problem: str) -> AddressInfo:
    return AddressInfo(text=text, category=IPCategory.INVALID, problem=problem)


def _from_int(text: object, version: int, value: int) -> AddressInfo:
    block = _block_of(version, value)
    if isinstance(block.kind, IPCategory):
        return AddressInfo(text, block.kind, version, value, block.cidr, block.name)
    v4 = _embedded_ipv4(block.kind, value)
    inner = _block_of(4, v4)
    assert isinstance(inner.kind, IPCategory)  # noqa: S101 - the IPv4 table embeds nothing
    return AddressInfo(
        text, inner.kind, version, value, inner.cidr, inner.name, v4, block.kind.value
    )


def _valid_port(port: str) -> bool:
    # A port is 1-5 ASCII digits and at most 65535 (``isascii`` was checked by the caller).
    return port.isdigit() and len(port) <= 5 and int(port) <= 65535


def _parse_v4(text: str) -> int | None:
    # The rules of netaddr's INET_PTON strategy, without its per-call cost (it formats an error
    # message before every parse; that was 40% of a cold lookup). inet_pton takes no short
    # forms (127.1) and no integer or hex forms. Leading zeros (01.2.3.4) are octal-or-decimal
    # ambiguous: glibc's inet_pton refuses them, not every C library does, so they are refused
    # here first. A part with a leading zero starts the text or follows a dot.
    if (text[:1] == "0" or ".0" in text) and _has_leading_zero(text):
        return None
    try:
        return int.from_bytes(inet_pton(AF_INET, text), "big")
    except OSError:
        return None


def _has_leading_zero(text: str) -> bool:
    return any(len(part) > 1 and part[0] == "0" for part in text.split("."))


def _parse_v6(text: str) -> int | None:
    host, sep, zone = text.partition("%")
    if sep and (not zone or not _ZONE_CHARS.issuperset(zone)):
        return None  # an empty zone, or one holding spaces or other punctuation
    if "." in host and not _ends_with_dotted_quad(host):
        return None
    try:
        return int.from_bytes(inet_pton(AF_INET6, host), "big")
    except OSError:
        return None


def _ends_with_dotted_quad(host: str) -> bool:
    # inet_pton accepts a trailing dotted quad; make sure it obeys the IPv4 rules too.
    return _parse_v4(host.rpartition(":")[2]) is not None


def _split(text: str) -> tuple[int, str] | str:  # noqa: PLR0911 - one return per rule
    """Undo log decorations. Returns ``(version, bare address)`` or a problem description."""
    s = text.strip(_WHITESPACE)
    if not s:
        return "empty"
    if not s.isascii() or "\x00" in s:
        return "non-ASCII or NUL characters"
    if s[0] == "[":
        inner, close, rest = s[1:].partition("]")
        if not close:
            return "unclosed bracket"
        if rest and not (rest[0] == ":" and _valid_port(rest[1:])):
            return "bad port after brackets"
        if ":" not in inner:
            return "brackets around something that is not IPv6"
        return (6, inner)
    colons = s.count(":")
    if colons == 0:
        return (4, s)
    if colons == 1:
        host, _, port = s.partition(":")
        return (4, host) if _valid_port(port) else "bad or empty port"
    return (6, s)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _resolve_text(text: str) -> AddressInfo:
    if len(text) > _MAX_TEXT:
        return _invalid(text, "too long to be an address")
    split = _split(text)
    if isinstance(split, str):
        return _invalid(text, split)
    version, host = split
    value = _parse_v4(host) if version == 4 else _parse_v6(host)
    if value is None:
        return _invalid(text, f"not an IPv{version} address")
    return _from_int(text, version, value)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _resolve_int(version: int, value: int) -> AddressInfo:
    return _from_int(netaddr.IPAddress(value, version), version, value)


def describe_ip(value: object) -> AddressInfo:
    """Classify an address and say why.

    Args:
        value: Address text as logged (decorations allowed: ``[v6]:port``, ``v4:port``,
            ``%zone``, surrounding whitespace) or a ``netaddr.IPAddress``.

    Returns:
        An ``AddressInfo``; never raises. Anything that is not an address is ``INVALID``.
    """
    if isinstance(value, str):
        if len(value) > _MAX_TEXT:  # before the cache: it must not keep huge hostile text
            return _invalid(value[:_MAX_TEXT] + "...", "too long to be an address")
        return _resolve_text(value)
    if isinstance(value, netaddr.IPAddress):
        return _resolve_int(value.version, int(value))
    return _invalid(value, f"not text but {type(value).__name__}")


def classify_ip(value: object) -> IPCategory:
    """Return the IANA-derived category of an address.

    Args:
        value: Address text as logged, or a ``netaddr.IPAddress``.

    Returns:
        The category; ``IPCategory.INVALID`` for anything that is not an address. Never raises.
    """
    if type(value) is str and len(value) <= _MAX_TEXT:  # the hot path: one cached lookup
        return _resolve_text(value).category
    return describe_ip(value).category


def normalize_ip(value: object) -> str | None:
    """Return the canonical text of an address (decorations removed).

    Args:
        value: Address text as logged, or a ``netaddr.IPAddress``.

    Returns:
        netaddr's canonical form (``"::ffff:10.0.0.1"``, ``"2001:db8::1"``), or ``None`` when
        the value is not an address.
    """
    return describe_ip(value).address


def _parse_cidr(entry: object) -> tuple[int, int, int]:
    """Parse one ``internal`` entry into ``(version, first, last)``; raise ``ConfigError``."""
    if isinstance(entry, netaddr.IPNetwork):
        return (entry.version, entry.first, entry.last)
    if not isinstance(entry, str):
        raise ConfigError(f"internal network {entry!r} is not a CIDR string")
    host, slash, bits = entry.strip(_WHITESPACE).partition("/")
    value = None
    if host.isascii() and "\x00" not in host and "%" not in host:
        version = 6 if ":" in host else 4
        value = _parse_v4(host) if version == 4 else _parse_v6(host)
    if value is None:
        raise ConfigError(f"internal network {entry!r}: {host!r} is not an IP address")
    width = 32 if version == 4 else 128
    if slash and not (bits.isascii() and bits.isdigit() and int(bits) <= width):
        raise ConfigError(f"internal network {entry!r} has a bad prefix length {bits!r}")
    # Host bits set below the prefix (10.1.2.3/8) are masked off, as routers and netaddr do.
    span = (1 << (width - (int(bits) if slash else width))) - 1
    first = value & ~span
    return (version, first, first | span)


def _to_cidrs(entries: Iterable[object] | str | None) -> tuple[str, ...]:
    if entries is None:
        return ()
    if isinstance(entries, (str, netaddr.IPNetwork)):
        entries = (entries,)
    if not isinstance(entries, Iterable):
        raise ConfigError(f"internal must be CIDR text or a collection of them, not {entries!r}")
    cidrs: list[str] = []
    for entry in entries:
        version, first, last = _parse_cidr(entry)
        cidrs.extend(
            str(c)
            for c in netaddr.iprange_to_cidrs(
                netaddr.IPAddress(first, version), netaddr.IPAddress(last, version)
            )
        )
    return tuple(cidrs)


def _to_categories(values: Iterable[object] | str | IPCategory) -> frozenset[IPCategory]:
    if isinstance(values, (str, IPCategory)):  # one category given on its own
        values = (values,)
    if not isinstance(values, Iterable):
        raise ConfigError(f"external_categories must be categories, not {values!r}")
    out = set()
    for value in values:
        try:
            category = value if isinstance(value, IPCategory) else IPCategory[str(value).upper()]
        except KeyError:
            raise ConfigError(f"unknown address category {value!r}") from None
        if category is IPCategory.INVALID:
            raise ConfigError("INVALID can never be an external category")
        out.add(category)
    return frozenset(out)


@attrs.frozen
class NetworkPolicy:
    """Which addresses a run treats as external.

    Attributes:
        internal: Networks the organisation owns although they are public (NAT egress, VPN
            pools, bastions). An address in them is never external. CIDR text or plain
            addresses; invalid entries raise ``ConfigError`` naming the entry.
        external_categories: Categories that count as external (default: ``{PUBLIC}``).
    """

    internal: tuple[str, ...] = attrs.field(default=(), converter=_to_cidrs)
    external_categories: frozenset[IPCategory] = attrs.field(
        default=frozenset({IPCategory.PUBLIC}), converter=_to_categories
    )
    _ranges: tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        v4: list[tuple[int, int]] = []
        v6: list[tuple[int, int]] = []
        for cidr in self.internal:
            net = netaddr.IPNetwork(cidr)
            (v4 if net.version == 4 else v6).append((net.first, net.last))
        object.__setattr__(self, "_ranges", (_merge(v4), _merge(v6)))

    def is_internal(self, value: object) -> bool:
        """Return whether an address lies in one of the ``internal`` networks.

        An IPv4-mapped, NAT64 or 6to4 address is internal when its embedded IPv4 is.

        Args:
            value: Address text as logged, or a ``netaddr.IPAddress``.

        Returns:
            ``True`` inside an internal network; ``False`` otherwise and for non-addresses.
        """
        if not self.internal:
            return False
        info = describe_ip(value)
        return any(self._covers(v, n) for v, n in _candidates(info))

    def _covers(self, version: int, value: int) -> bool:
        ranges = self._ranges[0] if version == 4 else self._ranges[1]
        i = bisect_right(ranges, (value, 1 << 129)) - 1
        return i >= 0 and ranges[i][0] <= value <= ranges[i][1]

    def classify(self, value: object) -> IPCategory:
        """Return the address category (the registry's verdict; ``internal`` does not change it)."""
        return classify_ip(value)

    def is_external(self, value: object) -> bool:
        """Return whether an address counts as external under this policy.

        Args:
            value: Address text as logged, or a ``netaddr.IPAddress``.

        Returns:
            ``True`` when its category is one of ``external_categories`` and it is not in an
            ``internal`` network. Never raises.
        """
        if classify_ip(value) not in self.external_categories:
            return False
        return not self.is_internal(value)


def _merge(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort ranges and merge the overlapping and adjacent ones.

    ``_covers`` looks only at the last range starting at or before an address; that is the
    only candidate once no range overlaps another (``8.0.0.0/8`` with ``8.8.8.0/24`` would
    otherwise hide ``8.9.0.1`` behind the nested ``/24``).
    """
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def _candidates(info: AddressInfo) -> tuple[tuple[int, int], ...]:
    if info.version is None or info.value is None:
        return ()
    if info.embedded_ipv4 is None:
        return ((info.version, info.value),)
    return ((info.version, info.value), (4, info.embedded_ipv4))


DEFAULT_POLICY: Final = NetworkPolicy()


def is_external(value: object, policy: NetworkPolicy | None = None) -> bool:
    """Return whether an address counts as external (default policy: category ``PUBLIC``).

    Args:
        value: Address text as logged, or a ``netaddr.IPAddress``.
        policy: The run's ``NetworkPolicy``; ``None`` means the default.

    Returns:
        ``True`` for an external address. ``INVALID`` text is never external.
    """
    if policy is None:
        return classify_ip(value) is IPCategory.PUBLIC
    return policy.is_external(value)
