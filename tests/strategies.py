"""Hypothesis strategies for the whole t1133 test suite, and the facts they draw from.

This is the one module that holds strategies (ENGINEERING.md, rule 11); later tests add theirs here.

Addresses. The expected category of an address is worked out here, independently of t1133:
``IPV4_BLOCKS`` and ``IPV6_BLOCKS`` restate the IANA special-purpose registry tables of
``reference/ip-special-purpose.md`` row by row, and ``expected_category`` applies "the longest
prefix wins" and the embedded-IPv4 rules with plain integer arithmetic. Address text is produced
with ``socket.inet_ntop`` and string formatting, never with t1133 or netaddr.

Exports:
    Block, Drawn: the row and draw records.
    IPV4_BLOCKS, IPV6_BLOCKS, ALL_BLOCKS: the registry as data.
    cidr_range, owner_block, expected_category, embedded_ipv4, block_edges, ipv4_text,
    ipv6_text, ipv6_expanded: plain helpers (integer arithmetic and ``socket`` only).
    registry_addresses, ipv4_values, ipv6_values, addresses: addresses with expectations.
    decorated: an address as logs write it (case, expansion, brackets, ports, zones, blanks).
    embedded_forms: an IPv4 address carried in IPv4-mapped, NAT64 and 6to4 IPv6 addresses.
    arbitrary_text, address_like_text: text that is mostly not an address.
    networks, network_lists: CIDR text with its range, for ``NetworkPolicy.internal``.
    ports, zones, blanks: the pieces of decorations.
"""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from hypothesis import strategies as st

from t1133 import IPCategory

__all__ = [
    "ALL_BLOCKS",
    "IPV4_BLOCKS",
    "IPV6_BLOCKS",
    "MAPPED",
    "NAT64",
    "SIX_TO_FOUR",
    "Block",
    "Drawn",
    "address_like_text",
    "addresses",
    "arbitrary_text",
    "blanks",
    "block_edges",
    "cidr_range",
    "decorated",
    "embedded_forms",
    "embedded_ipv4",
    "expected_category",
    "ipv4_text",
    "ipv4_values",
    "ipv6_expanded",
    "ipv6_text",
    "ipv6_values",
    "network_lists",
    "networks",
    "owner_block",
    "ports",
    "registry_addresses",
    "zones",
]

_C = IPCategory
V4_MAX = (1 << 32) - 1
V6_MAX = (1 << 128) - 1

# The embedded-IPv4 rules: which bits of an IPv6 address hold the IPv4 address that decides.
MAPPED = "IPv4-mapped (RFC 4291 2.5.5.2: low 32 bits)"
NAT64 = "NAT64 well-known prefix (RFC 6052 2.1: low 32 bits)"
SIX_TO_FOUR = "6to4 (RFC 3056 2: bits 16-47)"
_EMBEDDED_SHIFT = {MAPPED: 0, NAT64: 0, SIX_TO_FOUR: 80}


class Block(NamedTuple):
    """One registry row: its CIDR, IANA name, category (or embedding rule) and integer range."""

    cidr: str
    name: str
    kind: IPCategory | str
    version: int
    first: int
    last: int
    prefixlen: int


class Drawn(NamedTuple):
    """An address drawn for a test, with the category the reference table gives it."""

    text: str
    version: int
    value: int
    expected: IPCategory


def cidr_range(cidr: str) -> tuple[int, int, int, int]:
    """Return ``(version, first, last, prefix length)`` of CIDR text, by ``inet_pton`` and masks."""
    host, _, bits = cidr.partition("/")
    version = 6 if ":" in host else 4
    family, width = (socket.AF_INET6, 128) if version == 6 else (socket.AF_INET, 32)
    value = int.from_bytes(socket.inet_pton(family, host), "big")
    prefixlen = int(bits)
    span = (1 << (width - prefixlen)) - 1
    return version, value & ~span, (value & ~span) | span, prefixlen


def _block(cidr: str, name: str, kind: IPCategory | str) -> Block:
    return Block(cidr, name, kind, *cidr_range(cidr))


# reference/ip-special-purpose.md, "IPv4" table, one row per line; the first row stands for
# "everything else: global unicast".
IPV4_BLOCKS = (
    _block("0.0.0.0/0", "global unicast", _C.PUBLIC),
    _block("0.0.0.0/8", "This network", _C.RESERVED),
    _block("0.0.0.0/32", "This host on this network", _C.UNSPECIFIED),
    _block("10.0.0.0/8", "Private-Use", _C.PRIVATE),
    _block("100.64.0.0/10", "Shared Address Space", _C.SHARED),
    _block("127.0.0.0/8", "Loopback", _C.LOOPBACK),
    _block("169.254.0.0/16", "Link Local", _C.LINK_LOCAL),
    _block("172.16.0.0/12", "Private-Use", _C.PRIVATE),
    _block("192.0.0.0/24", "IETF Protocol Assignments", _C.RESERVED),
    _block("192.0.0.0/29", "IPv4 Service Continuity Prefix", _C.RESERVED),
    _block("192.0.0.8/32", "IPv4 dummy address", _C.RESERVED),
    _block("192.0.0.9/32", "Port Control Protocol Anycast", _C.PUBLIC),
    _block("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", _C.PUBLIC),
    _block("192.0.0.170/32", "NAT64/DNS64 Discovery", _C.RESERVED),
    _block("192.0.0.171/32", "NAT64/DNS64 Discovery", _C.RESERVED),
    _block("192.0.2.0/24", "Documentation (TEST-NET-1)", _C.DOCUMENTATION),
    _block("192.31.196.0/24", "AS112-v4", _C.PUBLIC),
    _block("192.52.193.0/24", "AMT", _C.PUBLIC),
    _block("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", _C.PUBLIC),
    _block("192.88.99.2/32", "6a44-relay anycast address", _C.RESERVED),
    _block("192.168.0.0/16", "Private-Use", _C.PRIVATE),
    _block("192.175.48.0/24", "Direct Delegation AS112 Service", _C.PUBLIC),
    _block("198.18.0.0/15", "Benchmarking", _C.BENCHMARKING),
    _block("198.51.100.0/24", "Documentation (TEST-NET-2)", _C.DOCUMENTATION),
    _block("203.0.113.0/24", "Documentation (TEST-NET-3)", _C.DOCUMENTATION),
    _block("240.0.0.0/4", "Reserved", _C.RESERVED),
    _block("255.255.255.255/32", "Limited Broadcast", _C.BROADCAST),
    _block("224.0.0.0/4", "Multicast", _C.MULTICAST),
)

# reference/ip-special-purpose.md, "IPv6" table; the first two rows stand for "any other IPv6:
# reserved by IETF" and "2000::/3 not listed above: global unicast".
IPV6_BLOCKS = (
    _block("::/0", "reserved by IETF", _C.RESERVED),
    _block("2000::/3", "global unicast", _C.PUBLIC),
    _block("::1/128", "Loopback Address", _C.LOOPBACK),
    _block("::/128", "Unspecified Address", _C.UNSPECIFIED),
    _block("::ffff:0:0/96", "IPv4-mapped Address", MAPPED),
    _block("64:ff9b::/96", "IPv4-IPv6 Translat.", NAT64),
    _block("64:ff9b:1::/48", "IPv4-IPv6 Translat.", _C.RESERVED),
    _block("100::/64", "Discard-Only Address Block", _C.RESERVED),
    _block("100:0:0:1::/64", "Dummy IPv6 Prefix", _C.RESERVED),
    _block("2001::/23", "IETF Protocol Assignments", _C.RESERVED),
    _block("2001::/32", "TEREDO", _C.TEREDO),
    _block("2001:1::1/128", "Port Control Protocol Anycast", _C.PUBLIC),
    _block("2001:1::2/128", "Traversal Using Relays around NAT Anycast", _C.PUBLIC),
    _block("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", _C.PUBLIC),
    _block("2001:2::/48", "Benchmarking", _C.BENCHMARKING),
    _block("2001:3::/32", "AMT", _C.PUBLIC),
    _block("2001:4:112::/48", "AS112-v6", _C.PUBLIC),
    _block("2001:10::/28", "Deprecated (previously ORCHID)", _C.RESERVED),
    _block("2001:20::/28", "ORCHIDv2", _C.PUBLIC),
    _block("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", _C.PUBLIC),
    _block("2001:db8::/32", "Documentation", _C.DOCUMENTATION),
    _block("2002::/16", "6to4", SIX_TO_FOUR),
    _block("2620:4f:8000::/48", "Direct Delegation AS112 Service", _C.PUBLIC),
    _block("3fff::/20", "Documentation", _C.DOCUMENTATION),
    _block("5f00::/16", "Segment Routing (SRv6) SIDs", _C.RESERVED),
    _block("fc00::/7", "Unique-Local", _C.PRIVATE),
    _block("fe80::/10", "Link-Local Unicast", _C.LINK_LOCAL),
    _block("ff00::/8", "Multicast", _C.MULTICAST),
)

ALL_BLOCKS = IPV4_BLOCKS + IPV6_BLOCKS


def owner_block(version: int, value: int) -> Block:
    """Return the registry row that decides an address: the longest prefix that holds it."""
    rows = IPV4_BLOCKS if version == 4 else IPV6_BLOCKS
    return max((b for b in rows if b.first <= value <= b.last), key=lambda b: b.prefixlen)


def embedded_ipv4(version: int, value: int) -> int | None:
    """Return the IPv4 address an IPv4-mapped, NAT64 or 6to4 address carries, else ``None``."""
    kind = owner_block(version, value).kind
    if isinstance(kind, IPCategory):
        return None
    return (value >> _EMBEDDED_SHIFT[kind]) & V4_MAX


def expected_category(version: int, value: int) -> IPCategory:
    """Return the category the reference table gives an address: the longest prefix wins.

    Args:
        version: 4 or 6.
        value: The address as an integer.

    Returns:
        The category; for IPv4-mapped, NAT64 and 6to4 addresses, that of the embedded IPv4.
    """
    kind = owner_block(version, value).kind
    if isinstance(kind, IPCategory):
        return kind
    return expected_category(4, (value >> _EMBEDDED_SHIFT[kind]) & V4_MAX)


def block_edges(block: Block) -> tuple[int, ...]:
    """Return a block's first and last address and the neighbours just outside it."""
    top = V4_MAX if block.version == 4 else V6_MAX
    outside = (block.first - 1, block.last + 1)
    return (block.first, block.last, *(v for v in outside if 0 <= v <= top))


def ipv4_text(value: int) -> str:
    """Return dotted-quad text for an IPv4 integer."""
    return ".".join(str((value >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def ipv6_text(value: int) -> str:
    """Return the compressed text (RFC 5952, as the C library writes it) for an IPv6 integer."""
    return socket.inet_ntop(socket.AF_INET6, value.to_bytes(16, "big"))


def ipv6_expanded(value: int) -> str:
    """Return the fully expanded text (eight groups of four hex digits) for an IPv6 integer."""
    return ":".join(f"{(value >> shift) & 0xFFFF:04x}" for shift in range(112, -1, -16))


def _text(version: int, value: int) -> str:
    return ipv4_text(value) if version == 4 else ipv6_text(value)


def _drawn(version: int, value: int) -> Drawn:
    return Drawn(_text(version, value), version, value, expected_category(version, value))


@st.composite
def registry_addresses(draw: st.DrawFn, version: int | None = None) -> Drawn:
    """Draw an address from a registry block: its edges, their outside neighbours, or inside.

    Args:
        draw: Supplied by Hypothesis.
        version: 4 or 6 to draw from one table only; ``None`` for both.
    """
    rows = [b for b in ALL_BLOCKS if version in (None, b.version)]
    block = draw(st.sampled_from(rows))
    edges = st.sampled_from(block_edges(block))
    value = draw(st.one_of(edges, st.integers(block.first, block.last)))
    return _drawn(block.version, value)


def ipv4_values() -> st.SearchStrategy[Drawn]:
    """Return IPv4 addresses: registry blocks and their edges, or anywhere at all."""
    anywhere = st.integers(0, V4_MAX).map(lambda v: _drawn(4, v))
    return st.one_of(registry_addresses(version=4), anywhere)


def ipv6_values() -> st.SearchStrategy[Drawn]:
    """Return IPv6 addresses: registry blocks and their edges, global unicast, or anywhere."""
    global_unicast = st.integers(1 << 125, (1 << 126) - 1).map(lambda v: _drawn(6, v))
    anywhere = st.integers(0, V6_MAX).map(lambda v: _drawn(6, v))
    return st.one_of(registry_addresses(version=6), global_unicast, anywhere)


def addresses() -> st.SearchStrategy[Drawn]:
    """Return IPv4 or IPv6 addresses with their expected categories."""
    return st.one_of(ipv4_values(), ipv6_values())


def ports() -> st.SearchStrategy[str]:
    """Return port text, 0-65535, sometimes with leading zeros (still at most five digits)."""
    plain = st.integers(0, 65535).map(str)
    padded = st.integers(0, 9999).map(lambda p: f"{p:05d}")
    return st.one_of(plain, padded)


def zones() -> st.SearchStrategy[str]:
    """Return IPv6 zone identifiers: interface names (``eth0``, ``en0.1``) and numbers."""
    names = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", min_size=1)
    return st.one_of(names.filter(lambda z: len(z) <= 15), st.integers(0, 4096).map(str))


def blanks() -> st.SearchStrategy[str]:
    """Return the blank text logs put around a value: spaces, tabs, CR, LF."""
    return st.text(" \t\r\n", max_size=3)


@st.composite
def decorated(draw: st.DrawFn, drawn: st.SearchStrategy[Drawn] | None = None) -> tuple[Drawn, str]:
    """Draw an address and one way a log might write it.

    IPv4: optional ``:port``. IPv6: compressed or fully expanded, lower or upper case, an
    optional ``%zone``, optionally in brackets with an optional ``:port``. Either: blanks around.

    Args:
        draw: Supplied by Hypothesis.
        drawn: Where the addresses come from (default: ``addresses()``).

    Returns:
        ``(address, decorated text)``.
    """
    address = draw(addresses() if drawn is None else drawn)
    if address.version == 4:
        text = address.text + draw(st.one_of(st.just(""), ports().map(lambda p: ":" + p)))
    else:
        text = draw(st.sampled_from((address.text, ipv6_expanded(address.value))))
        text = text.upper() if draw(st.booleans()) else text
        text += draw(st.one_of(st.just(""), zones().map(lambda z: "%" + z)))
        if draw(st.booleans()):
            text = f"[{text}]" + draw(st.one_of(st.just(""), ports().map(lambda p: ":" + p)))
    return address, draw(blanks()) + text + draw(blanks())


@st.composite
def embedded_forms(draw: st.DrawFn) -> tuple[Drawn, str, str]:
    """Draw an IPv4 address and an IPv6 address that carries it.

    Forms: IPv4-mapped in dotted (``::ffff:10.0.0.1``) and hex (``::ffff:a00:1``) notation,
    NAT64 well-known prefix in hex and dotted notation, and 6to4 with a random subnet and
    interface id.

    Returns:
        ``(the IPv4 address, the form's name, the IPv6 text)``.
    """
    v4 = draw(ipv4_values())
    high, low = v4.value >> 16, v4.value & 0xFFFF
    subnet = draw(st.integers(0, 0xFFFF))
    interface = draw(st.integers(0, (1 << 64) - 1))
    six_to_four = (0x2002 << 112) | (v4.value << 80) | (subnet << 64) | interface
    forms = {
        "mapped dotted": f"::ffff:{v4.text}",
        "mapped hex": f"::ffff:{high:x}:{low:x}",
        "mapped expanded": ipv6_expanded((0xFFFF << 32) | v4.value),
        "NAT64 hex": f"64:ff9b::{high:x}:{low:x}",
        "NAT64 dotted": f"64:ff9b::{v4.text}",
        "6to4": ipv6_text(six_to_four),
    }
    name = draw(st.sampled_from(sorted(forms)))
    return v4, name, forms[name]


def address_like_text() -> st.SearchStrategy[str]:
    """Return short text over the characters addresses and their decorations are made of.

    Near misses (``1.2.3``, ``[::1]x``, ``fe80::%``) are far likelier here than in random
    Unicode, and now and then the text is a valid address. Includes an Arabic-Indic and a
    full-width digit and the ideographic full stop.
    """
    return st.text("0123456789abcdefABCDEF.:[]%/ \t-x\x00\u0663\uff11\u3002", max_size=45)


def arbitrary_text() -> st.SearchStrategy[str]:
    """Return any text at all: random Unicode, address-like near misses, decorated addresses."""
    return st.one_of(st.text(), address_like_text(), decorated().map(lambda pair: pair[1]))


@st.composite
def networks(draw: st.DrawFn, version: int | None = None) -> tuple[str, int, int, int]:
    """Draw a network as CIDR text, sometimes with host bits set below the prefix.

    Returns:
        ``(cidr text, version, first, last)``, the range worked out with integer arithmetic.
    """
    source = {4: ipv4_values, 6: ipv6_values, None: addresses}[version]
    address = draw(source())
    width = 32 if address.version == 4 else 128
    prefixlen = draw(st.integers(0, width))
    span = (1 << (width - prefixlen)) - 1
    first = address.value & ~span
    return f"{address.text}/{prefixlen}", address.version, first, first | span


@st.composite
def network_lists(draw: st.DrawFn) -> list[tuple[str, int, int, int]]:
    """Draw a few networks as ``networks()`` gives them, often nested in one another.

    Nesting (``10.0.0.0/8`` with ``10.1.0.0/16``) is what a policy's range search must survive.
    """
    parent = draw(networks())
    _, version, first, last = parent
    width = 32 if version == 4 else 128
    nested = []
    for _ in range(draw(st.integers(0, 3))):
        value = draw(st.integers(first, last))
        prefixlen = draw(st.integers(width - (last - first).bit_length(), width))
        span = (1 << (width - prefixlen)) - 1
        text = ipv4_text(value) if version == 4 else ipv6_text(value)
        nested.append((f"{text}/{prefixlen}", version, value & ~span, (value & ~span) | span))
    others = draw(st.lists(networks(), max_size=2))
    return draw(st.permutations([parent, *nested, *others]))


# =================================================================================================
# Event records (tests/sources/): JSON-like values, near-valid Sentinel rows, timestamp texts.
#
# Expected instants are worked out here with datetime arithmetic on the drawn parts, never by
# t1133. Column names are restated from reference/sentinel-tables.md, not read from the models.
# =================================================================================================

# The address section above owns __all__; this section adds its names to it.
__all__ += [
    "SENTINEL_COLUMNS",
    "iso_timestamps",
    "json_values",
    "near_valid_rows",
    "portal_timestamps",
    "timestamp_like_text",
    "timestamps",
]

_UTC = timezone.utc
# st.datetimes takes naive bounds (wall times); these keep every offset inside datetime's range.
_WALL_MIN = datetime(1900, 1, 2)  # noqa: DTZ001
_WALL_MAX = datetime(2200, 12, 30)  # noqa: DTZ001

# One valid minimal row per table, and the columns of that table a model reads (the ones whose
# values a near-valid row replaces with junk).
_MINIMAL_ROWS = {
    "SecurityEvent": {
        "Type": "SecurityEvent",
        "TimeGenerated": "2024-05-01T08:20:11Z",
        "EventID": 4624,
    },
    "SigninLogs": {
        "Type": "SigninLogs",
        "TimeGenerated": "2024-05-01T08:15:02.417Z",
        "ResultType": "0",
    },
    "DeviceLogonEvents": {
        "DeviceName": "srv-app01.corp.example",
        "ActionType": "LogonSuccess",
        "LogonType": "RemoteInteractive",
        "AccountName": "jdoe",
        "Timestamp": "2024-05-01T08:20:09.511Z",
    },
}
SENTINEL_COLUMNS = {
    "SecurityEvent": (
        "TimeGenerated", "EventID", "Computer", "Account", "TargetUserName", "TargetDomainName",
        "LogonType", "LogonTypeName", "IpAddress", "IpPort", "WorkstationName",
        "LogonProcessName", "AuthenticationPackageName", "KeyLength", "Status", "SubStatus",
        "Type",
    ),
    "SigninLogs": (
        "TimeGenerated", "CreatedDateTime", "ResultType", "Status", "UserPrincipalName",
        "IPAddress", "LocationDetails", "AppDisplayName", "ClientAppUsed", "DeviceDetail",
        "ConditionalAccessPolicies", "IsInteractive", "Type",
    ),
    "DeviceLogonEvents": (
        "Timestamp", "TimeGenerated", "DeviceName", "ActionType", "LogonType", "AccountName",
        "IsLocalAdmin", "LogonId", "RemoteIP", "RemoteIPType", "RemotePort", "AdditionalFields",
        "ReportId", "Type",
    ),
}  # fmt: skip


def json_values(max_leaves: int = 20) -> st.SearchStrategy[object]:
    """Return any value ``json.loads`` could give: scalars, lists and text-keyed dicts, nested."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        timestamp_like_text(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=12), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )


@st.composite
def near_valid_rows(
    draw: st.DrawFn, base_rows: dict[str, dict[str, object]] | None = None
) -> dict[str, object]:
    """Draw a valid row of one table with random values put into some of its columns.

    Some columns get JSON-like values or JSON text of them, some are removed, so recognition and
    validation both get exercised near their edges.

    Args:
        draw: Supplied by Hypothesis.
        base_rows: Valid rows to start from, keyed ``"<table>"`` or ``"<table>/<name>"``; by
            default one minimal row per table.
    """
    rows = _MINIMAL_ROWS if base_rows is None else base_rows
    key = draw(st.sampled_from(sorted(rows)))
    row: dict[str, object] = dict(rows[key])
    columns = sorted(set(SENTINEL_COLUMNS[key.partition("/")[0]]) | set(row))
    for column in draw(st.lists(st.sampled_from(columns), max_size=4, unique=True)):
        row[column] = draw(_COLUMN_VALUES)
    for column in draw(st.lists(st.sampled_from(sorted(row)), max_size=2, unique=True)):
        del row[column]
    return row


def timestamp_like_text() -> st.SearchStrategy[str]:
    """Return short text over the characters timestamps are made of (mostly near misses)."""
    return st.text("0123456789-:/,.TtZz +APMapm", max_size=32)


def _fraction(digits: int, microsecond: int, tail: int) -> tuple[str, int]:
    # The text's fraction and the microseconds it means (digits beyond six are truncated).
    if digits == 0:
        return "", 0
    full = f"{microsecond:06d}{tail:03d}"[:digits]
    return "." + full, int(full[:6].ljust(6, "0"))


@st.composite
def iso_timestamps(draw: st.DrawFn) -> tuple[str, datetime]:
    """Draw ISO 8601 text as exports write it, with the UTC instant it names.

    Forms: ``T``, ``t`` or a space between date and time; 0-9 fractional digits; ``Z``, ``z``,
    ``+hh:mm``, ``-hh:mm``, ``+hhmm`` or no zone (taken as UTC).

    Returns:
        ``(text, expected aware UTC datetime)``.
    """
    wall = draw(st.datetimes(min_value=_WALL_MIN, max_value=_WALL_MAX))
    digits = draw(st.integers(0, 9))
    fraction, micros = _fraction(digits, wall.microsecond, draw(st.integers(0, 999)))
    minutes = draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    zone = draw(
        st.sampled_from(
            ("Z", "z", "", f"{sign}{hours:02d}:{mins:02d}", f"{sign}{hours:02d}{mins:02d}")
        )
    )
    offset = timedelta(minutes=minutes) if zone[:1] in ("+", "-") else timedelta(0)
    sep = draw(st.sampled_from("Tt "))
    text = f"{wall:%Y-%m-%d}{sep}{wall:%H:%M:%S}{fraction}{zone}"
    expected = (wall.replace(microsecond=micros) - offset).replace(tzinfo=_UTC)
    return text, expected


@st.composite
def portal_timestamps(draw: st.DrawFn) -> tuple[str, datetime]:
    """Draw the Sentinel portal's export form (``3/31/2022, 10:51:35.857 AM``) and its instant.

    Returns:
        ``(text, expected aware UTC datetime)``; the portal writes UTC on a 12-hour clock.
    """
    wall = draw(st.datetimes(min_value=_WALL_MIN))
    fraction, micros = _fraction(draw(st.sampled_from((0, 3, 7))), wall.microsecond, 0)
    hour12 = wall.hour % 12 or 12  # 00:xx is 12:xx AM, 12:xx is 12:xx PM
    half = "AM" if wall.hour < 12 else "PM"
    text = f"{wall.month}/{wall.day}/{wall.year}, {hour12}:{wall:%M:%S}{fraction} {half}"
    return text, wall.replace(microsecond=micros, tzinfo=_UTC)


def timestamps() -> st.SearchStrategy[tuple[str, datetime]]:
    """Return timestamp text in any accepted form, with the UTC instant it names."""
    return st.one_of(iso_timestamps(), portal_timestamps())


# What near_valid_rows puts into a column: a JSON-like value, or that value as JSON text.
_COLUMN_VALUES = st.one_of(
    json_values(max_leaves=8), json_values(max_leaves=8).map(json.dumps), timestamp_like_text()
)


# =================================================================================================
# Event streams (tests/branches/, tests/test_engine.py): rows of the three tables, typed events,
# wrapped rows and junk, each planted with the findings issue 4's table gives it.
#
# The expected findings are worked out here by hand-written rules: the table, and the
# default policy's verdict on a fixed list of source addresses written down by hand from
# reference/ip-special-purpose.md. Never by t1133: its models only turn a valid row into the
# typed event a caller could pass instead (input, not an answer).
# =================================================================================================

# The address section above owns __all__; this section adds its names to it.
__all__ += [
    "EVENT_LOOKBACK",
    "EVENT_NOW",
    "SOURCE_ADDRESSES",
    "UNRECOGNISED_SOURCE",
    "Planted",
    "device_logon_rows",
    "expected_time_text",
    "junk_records",
    "mangled_rows",
    "planted_records",
    "planted_streams",
    "policies",
    "predicate_contexts",
    "security_event_rows",
    "signin_rows",
    "typed_events",
]

from t1133 import InvalidEvent, NetworkPolicy, RawRecord  # noqa: E402 - this section's imports
from t1133.branches import Context  # noqa: E402
from t1133.sources import DeviceLogonEvent, SigninLogEvent, WindowsLogonEvent  # noqa: E402

#: The ``now`` of every planted stream; the lookback is the default 24 hours.
EVENT_NOW = datetime(2026, 12, 4, 12, 0, tzinfo=_UTC)
EVENT_LOOKBACK = timedelta(hours=24)
#: The ``DetectionStats.sources`` key of records in no known shape.
UNRECOGNISED_SOURCE = "(unrecognised)"

# Source addresses with whether the default policy (category PUBLIC only) calls them external.
SOURCE_ADDRESSES = (
    ("81.2.69.144", True),
    ("8.10.20.30", True),  # "10." inside it fooled the reference query's prefixes
    ("172.32.0.1", True),  # just past 172.16.0.0/12
    ("2606:4700:4700::1111", True),
    ("::ffff:81.2.69.160", True),  # IPv4-mapped: the embedded IPv4 decides
    ("81.2.69.144:51234", True),  # address:port as some exports write it
    ("10.1.2.3", False),
    ("172.31.255.254", False),
    ("192.168.10.5", False),
    ("100.64.0.1", False),  # Shared Address Space (carrier-grade NAT)
    ("::ffff:a00:1", False),  # IPv4-mapped 10.0.0.1, hex notation
    ("::ffff:10.2.3.4", False),
    ("fd00::1", False),  # Unique-Local
    ("fe80::1", False),
    ("169.254.1.1", False),
    ("127.0.0.1", False),
    ("::1", False),
    ("203.0.113.24", False),  # documentation: not external under the default policy
    ("-", False),
    ("", False),
    ("not an address", False),
)

_ABSENT = object()  # the column is left out of the row
_BAD = object()  # the value makes the row invalid

# (offset from EVENT_NOW, inside the window?) at and around the window's edges.
_EDGE_OFFSETS = (
    (-EVENT_LOOKBACK, False),  # exactly now - lookback: the window is strictly after it
    (-EVENT_LOOKBACK + timedelta(microseconds=1), True),
    (-EVENT_LOOKBACK - timedelta(microseconds=1), False),
    (timedelta(minutes=5), True),  # clock skew: in the future, still in
    (-timedelta(hours=1), True),
    (-timedelta(hours=1), True),  # twice as likely, so that ties in time happen
)


class Planted(NamedTuple):
    """A record for the engine with what it must produce.

    Attributes:
        record: What the engine is given (a row, a typed event, a ``RawRecord``, junk ...).
        findings: The eight contract fields of each finding it must produce.
        source: The ``DetectionStats.sources`` key it is counted under.
        valid: Whether full validation accepts it (``False`` for junk and broken rows).
    """

    record: object
    findings: tuple[dict[str, object], ...]
    source: str
    valid: bool


def expected_time_text(instant: datetime) -> str:
    """Return ISO 8601 UTC text with ``Z``, microseconds only when there are any (by hand)."""
    text = f"{instant:%Y-%m-%dT%H:%M:%S}"
    return text + (f".{instant.microsecond:06d}" if instant.microsecond else "") + "Z"


@st.composite
def _instants(draw: st.DrawFn) -> tuple[datetime, bool]:
    """Draw an event time around the window with whether it is inside (strictly after)."""
    seconds = st.integers(-int(EVENT_LOOKBACK.total_seconds()) + 1, 600)
    inside = seconds.map(lambda s: (timedelta(seconds=s), True))
    older = st.integers(-3 * 86400, -86400).map(lambda s: (timedelta(seconds=s), False))
    offset, inside_window = draw(st.one_of(st.sampled_from(_EDGE_OFFSETS), inside, older))
    return EVENT_NOW + offset, inside_window


def _stamp(instant: datetime) -> str:
    return f"{instant:%Y-%m-%dT%H:%M:%S.%f}Z"


def _put(row: dict[str, object], column: str, value: object) -> None:
    if value is not _ABSENT:
        row[column] = value


def _text_or_none(value: object) -> object:
    return None if value is _ABSENT else value


_WINDOWS_EVENT_IDS = ((4624, 4624), ("4624", 4624), (4625, 4625), (4634, 4634), ("4624x", _BAD))
_WINDOWS_LOGON_TYPES = (
    (10, 10), ("10", 10), (3, 3), ("3", 3), (2, 2), (None, None), (_ABSENT, None), ("RDP", _BAD),
)  # fmt: skip
_WINDOWS_USERS = ("jdoe", "SRV-APP01$", "srv-app01$", "svc$admin", "", None, _ABSENT)
_HOSTS = ("srv-app01.corp.example", "ws-0142.corp.example", None, _ABSENT)
# LogonType -> (DetectionBranch, TargetService), after the table.
_WINDOWS_RULES = {
    10: ("SecurityEvent_RDP_External", "RDP_RemoteInteractive"),
    3: ("SecurityEvent_NetworkLogon_External", "Network_WinRM"),
}


def _choices(pairs: tuple[tuple[object, object], ...], valid_only: bool) -> list:
    return [p for p in pairs if not (valid_only and p[1] is _BAD)]


def _often(value: object, choices: tuple) -> st.SearchStrategy:
    """Draw ``value`` about half the time, else any of ``choices``: streams need findings."""
    return st.one_of(st.just(value), st.sampled_from(choices))


def _sources(*extra: tuple[object, bool]) -> st.SearchStrategy[tuple[object, bool]]:
    """Draw a source address with its verdict, public ones about half the time."""
    public = [a for a in SOURCE_ADDRESSES if a[1]]
    return st.one_of(st.sampled_from(public), st.sampled_from((*SOURCE_ADDRESSES, *extra)))


@st.composite
def security_event_rows(draw: st.DrawFn, valid_only: bool = False) -> Planted:
    """Draw a ``SecurityEvent`` row and the RDP and network-logon findings it must give."""
    instant, inside = draw(_instants())
    raw_id, event_id = draw(_often((4624, 4624), _choices(_WINDOWS_EVENT_IDS, valid_only)))
    remote = st.sampled_from(((10, 10), (3, 3)))
    any_type = st.sampled_from(_choices(_WINDOWS_LOGON_TYPES, valid_only))
    raw_type, logon_type = draw(st.one_of(remote, any_type))
    address, external = draw(_sources((None, False), (_ABSENT, False)))
    user = draw(st.sampled_from(_WINDOWS_USERS))
    host = draw(st.sampled_from(_HOSTS))
    bad_time = not valid_only and draw(st.integers(0, 9)) == 0
    row: dict[str, object] = {"TimeGenerated": "yesterday" if bad_time else _stamp(instant)}
    if draw(st.booleans()):  # without Type, EventID and TimeGenerated make the shape
        row["Type"] = "SecurityEvent"
    row["EventID"] = raw_id
    for column, value in (("LogonType", raw_type), ("IpAddress", address)):
        _put(row, column, value)
    for column, value in (("TargetUserName", user), ("Computer", host)):
        _put(row, column, value)
    valid = not bad_time and _BAD not in (event_id, logon_type)
    if not (valid and inside and event_id == 4624 and external):
        return Planted(row, (), "SecurityEvent", valid)
    # Machine accounts end in "$"; only the network branch leaves them out.
    machine = isinstance(user, str) and user.endswith("$")
    rule = _WINDOWS_RULES.get(logon_type)
    if rule is None or (logon_type == 3 and machine):
        return Planted(row, (), "SecurityEvent", valid)
    branch, service = rule
    finding = _finding(instant, branch, service, AccountName=user, SourceIP=address, Computer=host)
    return Planted(row, (finding,), "SecurityEvent", valid)


def _finding(instant: datetime, branch: str, service: str, **columns: object) -> dict[str, object]:
    """The eight contract fields: those a branch does not project are ``None``."""
    return {
        "TimeGenerated": expected_time_text(instant),
        "AccountName": _text_or_none(columns.get("AccountName", _ABSENT)),
        "SourceIP": _text_or_none(columns.get("SourceIP", _ABSENT)),
        "TargetService": service,
        "DetectionBranch": branch,
        "Location": _text_or_none(columns.get("Location", _ABSENT)),
        "RiskLevel": _text_or_none(columns.get("RiskLevel", _ABSENT)),
        "Computer": _text_or_none(columns.get("Computer", _ABSENT)),
    }


_RESULT_TYPES = (
    (0, "0"), ("0", "0"), ("50126", "50126"), (50126, "50126"), (None, None), (_ABSENT, None),
)  # fmt: skip
# App display names and whether they have one of the reference's remote-access apps (KQL has).
_APPS = (
    ("GlobalProtect", True),
    ("Citrix Gateway (Prod)", True),
    ("citrix-gateway", True),
    ("GLOBALPROTECT portal", True),
    ("Juniper SSL VPN", True),
    ("F5 BIG-IP APM", True),
    ("PulseSecure", False),
    ("MyCitrix Gateway", False),
    ("Juniper SSL", False),
    ("Office 365 Exchange Online", False),
    ("", False),
    (None, False),
)


@st.composite
def signin_rows(draw: st.DrawFn, valid_only: bool = False) -> Planted:
    """Draw a ``SigninLogs`` row and the ``AAD_VPN_Citrix_External`` finding it must give."""
    instant, inside = draw(_instants())
    raw_result, result = draw(_often(("0", "0"), _RESULT_TYPES))
    app, remote_access = draw(_often(("Citrix Gateway", True), _APPS))
    address, external = draw(_sources((None, False)))
    user = draw(st.sampled_from(("j.doe@contoso.example", "a.vance@contoso.example", None)))
    location = draw(st.sampled_from(("NL", "US", None, _ABSENT)))
    risk = draw(st.sampled_from(("none", "high", None, _ABSENT)))
    bad_time = not valid_only and draw(st.integers(0, 9)) == 0
    row: dict[str, object] = {"TimeGenerated": "yesterday" if bad_time else _stamp(instant)}
    row.update(AppDisplayName=app, IPAddress=address, UserPrincipalName=user)
    _put(row, "ResultType", raw_result)
    _put(row, "Location", location)
    _put(row, "RiskLevelDuringSignIn", risk)
    if "ResultType" not in row or draw(st.booleans()):  # else the native columns make the shape
        row["Type"] = "SigninLogs"
    fires = not bad_time and inside and result == "0" and remote_access and external
    if not fires:
        return Planted(row, (), "SigninLogs", not bad_time)
    finding = _finding(
        instant,
        "AAD_VPN_Citrix_External",
        str(app),
        AccountName=user,
        SourceIP=address,
        Location=location,
        RiskLevel=risk,
    )
    return Planted(row, (finding,), "SigninLogs", True)


_ACTIONS = ("LogonSuccess", "logonsuccess", "LogonFailed", "LogonAttempted")
# Raw LogonType and the value the model holds (the documented prose form is normalised).
_MDE_LOGON_TYPES = (
    ("RemoteInteractive", "RemoteInteractive"),
    ("Network", "Network"),
    ("Remote interactive (RDP) logons", "RemoteInteractive"),
    ("remoteinteractive", "remoteinteractive"),
    ("network", "network"),
    ("Interactive", "Interactive"),
    ("Batch", "Batch"),
)
_REMOTE_IP_TYPES = ("Public", "Private", "Loopback", "public", "", None, _ABSENT)


@st.composite
def device_logon_rows(draw: st.DrawFn) -> Planted:
    """Draw a ``DeviceLogonEvents`` row (Sentinel or hunting shape) and its finding."""
    instant, inside = draw(_instants())
    action = draw(_often("LogonSuccess", _ACTIONS))
    raw_type, logon_type = draw(st.sampled_from(_MDE_LOGON_TYPES))
    ip_type = draw(st.sampled_from(_REMOTE_IP_TYPES))
    address, external = draw(_sources((None, False), (_ABSENT, False)))
    account = draw(st.sampled_from(("jdoe", "SRV-APP01$", None)))
    host = draw(st.sampled_from(("srv-app01.corp.example", "ws-0142.corp.example")))
    shape = draw(st.sampled_from(("Timestamp", "TimeGenerated", "both", "hunting")))
    row: dict[str, object] = {"DeviceName": host, "ActionType": action, "LogonType": raw_type}
    row["AccountName"] = account
    if shape != "hunting":
        row["Type"] = "DeviceLogonEvents"
    if shape in ("Timestamp", "both", "hunting"):
        row["Timestamp"] = _stamp(instant)
    if shape in ("TimeGenerated", "both"):
        # Ingestion after the event; where both exist the event's own Timestamp decides.
        later = instant + (timedelta(minutes=5) if shape == "both" else timedelta(0))
        row["TimeGenerated"] = _stamp(later)
    _put(row, "RemoteIPType", ip_type)
    _put(row, "RemoteIP", address)
    classified = ip_type == "Public" or (ip_type in ("", None, _ABSENT) and external)
    remote = logon_type in ("RemoteInteractive", "Network")
    if not (inside and action == "LogonSuccess" and remote and classified):
        return Planted(row, (), "DeviceLogonEvents", True)
    finding = _finding(
        instant,
        "MDE_RemoteLogon_External",
        "MDE_" + logon_type,
        AccountName=account,
        SourceIP=address,
        Computer=host,
    )
    return Planted(row, (finding,), "DeviceLogonEvents", True)


_MODELS = {
    "SecurityEvent": WindowsLogonEvent,
    "SigninLogs": SigninLogEvent,
    "DeviceLogonEvents": DeviceLogonEvent,
}


def _rows(valid_only: bool = False) -> st.SearchStrategy[Planted]:
    return st.one_of(security_event_rows(valid_only), signin_rows(valid_only), device_logon_rows())


def _typed(planted: Planted) -> Planted:
    model = _MODELS[planted.source].model_validate(planted.record)
    return planted._replace(record=model)


def typed_events() -> st.SearchStrategy[Planted]:
    """Return valid rows of the three tables as the typed events a caller may pass instead."""
    return _rows(valid_only=True).map(_typed)


def junk_records() -> st.SearchStrategy[Planted]:
    """Return things that are not events, each counted as invalid.

    Lists, text, None, numbers, unknown shapes, and a reader's ``InvalidEvent`` (counted under
    its source, or as unrecognised).
    """
    junk = st.sampled_from(
        ([], ["SecurityEvent"], "SecurityEvent", None, 42, 4.5, {}, {"foo": 1},
         {"Type": "AuditLogs", "TimeGenerated": "2026-12-04T11:00:00Z"}),
    )  # fmt: skip
    unreadable = InvalidEvent("{not json", "line 3 is not JSON", origin="events.ndjson", line=3)
    unmappable = InvalidEvent({}, "no EventID", source="SecurityEvent", adapter="x", line=9)
    return st.one_of(
        junk.map(lambda value: Planted(value, (), UNRECOGNISED_SOURCE, False)),
        st.just(Planted(unreadable, (), UNRECOGNISED_SOURCE, False)),
        st.just(Planted(unmappable, (), "SecurityEvent", False)),
    )


def _wrapped(planted: Planted, line: int) -> Planted:
    return planted._replace(record=RawRecord(planted.record, "events.ndjson", line))


def planted_records() -> st.SearchStrategy[Planted]:
    """Return any input item: a row, a typed event, a ``RawRecord`` around a row, or junk."""
    rows = _rows()
    wrapped = st.builds(_wrapped, rows, st.integers(1, 10_000))
    return st.one_of(rows, typed_events(), wrapped, junk_records())


def planted_streams(max_size: int = 20) -> st.SearchStrategy[list[Planted]]:
    """Return lists of ``planted_records`` (a heterogeneous input, as a caller would pass)."""
    return st.lists(planted_records(), max_size=max_size)


def policies() -> st.SearchStrategy[NetworkPolicy]:
    """Return the default policy, one with internal networks, and one counting documentation."""
    return st.sampled_from(
        (
            NetworkPolicy(),
            NetworkPolicy(internal=["81.2.69.0/24", "10.0.0.0/8", "2606:4700::/32"]),
            NetworkPolicy(external_categories={_C.PUBLIC, _C.DOCUMENTATION}),
        )
    )


def predicate_contexts() -> st.SearchStrategy[Context]:
    """Return what predicates consult: a policy and a window start (or none)."""
    cutoffs = st.sampled_from((None, EVENT_NOW - EVENT_LOOKBACK, EVENT_NOW))
    return st.builds(Context, policies(), cutoffs)


# Values near what the engine's pre-checks and the models read differently if they disagree:
# padded, signed, fractional, non-ASCII digits, booleans, case and prose variants, huge numbers.
_NEAR_VALUES = (
    "0010", " 10", "10 ", "10.0", 10.0, 10.5, True, False, "4624 ", "+4624", "1_0", "3", 3,
    "\u0664\u0666\u0662\u0664", "0", 0, -0.0, "", None, [], {}, "LogonSuccess ", " LogonSuccess",
    "remote interactive (rdp) logons", "Remote interactive (RDP) logons", "Public ", 10**30,
    "9" * 5000,
)  # fmt: skip
# The columns the engine pre-checks, per table, and the others a branch reads.
_MANGLED_COLUMNS = (
    "EventID", "LogonType", "ResultType", "ActionType", "RemoteIPType", "IpAddress",
    "TargetUserName", "AppDisplayName", "TimeGenerated", "Timestamp",
)  # fmt: skip


@st.composite
def mangled_rows(draw: st.DrawFn) -> object:
    """Draw a row of ``planted_records``' tables with one column replaced by a near value or junk.

    The findings of such rows are unknown; they serve properties that compare runs (the
    pre-checks against full validation) rather than expected values.
    """
    planted = draw(_rows())
    row = dict(planted.record) if isinstance(planted.record, dict) else {}
    column = draw(st.sampled_from(_MANGLED_COLUMNS))
    row[column] = draw(st.one_of(st.sampled_from(_NEAR_VALUES), json_values(max_leaves=4)))
    return row


# =================================================================================================
# Record shapes (tests/sources/test_splunk.py, test_graph.py, test_azure_monitor.py,
# test_defender_stream.py, test_ocsf.py, test_shapes.py): one logon, written in every shape it has.
#
# A drawn ``LogonFact`` is written as the native row (Sentinel SecurityEvent / SigninLogs, the
# advanced hunting DeviceLogonEvents row) and as each vendor shape, by hand from the reference
# files (windows-4624.md 6.b, entra-signin.md, sentinel-tables.md 3, ocsf-authentication.md 1),
# never by t1133's adapters. The engine must give the native row and the shape the same findings.
# =================================================================================================

# The address section above owns __all__; this section adds its names to it.
__all__ += [
    "SHAPES_BY_KIND",
    "LogonFact",
    "junk_at_any_depth",
    "logon_facts",
    "render_native",
    "render_shape",
    "rendered_logons",
]

# Windows logon types (RDP and network most often) and the Defender names of some of them.
_FACT_LOGON_TYPES = (10, 10, 3, 3, 2, 5, 0, 11, 12)
_MDE_LOGON_TYPE_NAMES = {2: "Interactive", 3: "Network", 5: "Service", 10: "RemoteInteractive"}
_FACT_APPS = (
    "GlobalProtect",
    "Citrix Gateway (Prod)",
    "Cisco AnyConnect",
    "F5 BIG-IP APM",
    "Azure Portal",
    "Office 365 Exchange Online",
    "sshd",
)
_FACT_USERS = ("jdoe", "j.doe@contoso.example", "svc-backup", "WEB01$", "ADMINISTRATOR")
_FACT_HOSTS = ("srv-app01.corp.example", "fs01", "jump01.corp.example")
#: The shapes each kind of logon has, besides its native row.
SHAPES_BY_KIND = {
    "windows": ("splunk.classic", "splunk.xml", "splunk.export", "ocsf"),
    "signin": ("graph", "azure_monitor", "ocsf"),
    "device": ("defender_stream",),
}


class LogonFact(NamedTuple):
    """One logon, before it is written in any shape.

    Attributes:
        kind: ``"windows"`` (a 4624/4625), ``"signin"`` (an Entra sign-in) or ``"device"``
            (a Defender logon).
        instant: When it happened (UTC, whole milliseconds: OCSF's resolution).
        success: Whether it succeeded.
        user: The account.
        address: The logged source address text, or ``None`` where nothing was logged.
        host: The computer logged on to (windows, device).
        logon_type: The Windows logon type number (windows, device).
        app: The app signed in to (signin).
        location: The country code (signin).
        risk: Entra's risk level during sign-in (signin).
        ip_type: Defender's ``RemoteIPType`` (device).
    """

    kind: str
    instant: datetime
    success: bool
    user: str
    address: str | None
    host: str
    logon_type: int
    app: str
    location: str | None
    risk: str | None
    ip_type: str | None


@st.composite
def logon_facts(draw: st.DrawFn, kinds: tuple[str, ...] = tuple(SHAPES_BY_KIND)) -> LogonFact:
    """Draw a logon of one of ``kinds``, mostly inside the 24 hours before ``EVENT_NOW``."""
    kind = draw(st.sampled_from(kinds))
    millis = draw(st.integers(-600_000, 30 * 3600 * 1000))
    logon_types = _FACT_LOGON_TYPES if kind == "windows" else tuple(_MDE_LOGON_TYPE_NAMES)
    return LogonFact(
        kind=kind,
        instant=EVENT_NOW - timedelta(milliseconds=millis),
        success=draw(st.sampled_from((True, True, False))),
        user=draw(st.sampled_from(_FACT_USERS)),
        address=draw(st.sampled_from((*(a for a, _ in SOURCE_ADDRESSES), None))),
        host=draw(st.sampled_from(_FACT_HOSTS)),
        logon_type=draw(st.sampled_from(logon_types)),
        app=draw(st.sampled_from(_FACT_APPS)),
        location=draw(st.sampled_from(("GB", "US", None))),
        risk=draw(st.sampled_from(("none", "low", "hidden", None))),
        ip_type=draw(st.sampled_from(("Public", "Private", None))),
    )


def _iso_ms(instant: datetime, offset: timedelta = timedelta(0)) -> str:
    """ISO 8601 with milliseconds, written at a UTC offset (``+00:00`` style), by hand."""
    wall = instant + offset
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"{wall:%Y-%m-%dT%H:%M:%S}.{wall.microsecond // 1000:03d}{sign}{hours:02d}:{minutes:02d}"


def _epoch_millis(instant: datetime) -> int:
    return (instant - datetime(1970, 1, 1, tzinfo=_UTC)) // timedelta(milliseconds=1)


def _drop_none(row: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in row.items() if v is not None}


def render_native(fact: LogonFact) -> dict[str, object]:
    """Write a logon as its native row (reference/sentinel-tables.md sections 1-3)."""
    if fact.kind == "windows":
        return _drop_none({
            "Type": "SecurityEvent", "TimeGenerated": _iso_ms(fact.instant),
            "EventID": 4624 if fact.success else 4625, "LogonType": fact.logon_type,
            "TargetUserName": fact.user, "IpAddress": fact.address, "Computer": fact.host,
        })  # fmt: skip
    if fact.kind == "signin":
        return _drop_none({
            "Type": "SigninLogs", "TimeGenerated": _iso_ms(fact.instant),
            "ResultType": "0" if fact.success else "50126", "AppDisplayName": fact.app,
            "IPAddress": fact.address, "UserPrincipalName": fact.user,
            "Location": fact.location, "RiskLevelDuringSignIn": fact.risk,
        })  # fmt: skip
    return _drop_none({
        "Timestamp": _iso_ms(fact.instant), "DeviceName": fact.host,
        "ActionType": "LogonSuccess" if fact.success else "LogonFailed",
        "LogonType": _MDE_LOGON_TYPE_NAMES[fact.logon_type], "AccountName": fact.user,
        "RemoteIP": fact.address, "RemoteIPType": fact.ip_type,
    })  # fmt: skip


def _splunk_time(fact: LogonFact, form: int) -> object:
    """``_time`` as a Splunk export writes it: ISO with an offset, or epoch seconds."""
    millis = _epoch_millis(fact.instant)
    forms = (
        _iso_ms(fact.instant),
        _iso_ms(fact.instant, timedelta(hours=-5)),
        f"{millis // 1000}.{millis % 1000:03d}",
        millis / 1000,
    )
    return forms[form]


def _splunk(fact: LogonFact, shape: str, form: int) -> dict[str, object]:
    code = "4624" if fact.success else "4625"
    if shape == "splunk.xml":
        return _drop_none({
            "_time": _splunk_time(fact, form), "sourcetype": "XmlWinEventLog", "EventCode": code,
            "EventID": code, "Computer": fact.host, "LogonType": str(fact.logon_type),
            "TargetUserName": fact.user, "IpAddress": fact.address,
        })  # fmt: skip
    # Classic: Account_Name is [subject, target]; a single value when the subject is absent.
    accounts = [fact.host.split(".")[0].upper() + "$", fact.user] if form % 2 else fact.user
    row = _drop_none({
        "_time": _splunk_time(fact, form), "sourcetype": "WinEventLog", "Type": "Information",
        "EventCode": code, "ComputerName": fact.host, "Logon_Type": str(fact.logon_type),
        "Account_Name": accounts, "Source_Network_Address": fact.address,
    })  # fmt: skip
    return {"preview": False, "result": row} if shape == "splunk.export" else row


def _graph_signin(fact: LogonFact) -> dict[str, object]:
    return {
        "createdDateTime": _iso_ms(fact.instant),
        "userPrincipalName": fact.user,
        "appDisplayName": fact.app,
        "ipAddress": fact.address,
        "status": {"errorCode": 0 if fact.success else 50126},
        "location": {} if fact.location is None else {"countryOrRegion": fact.location},
        "riskLevelDuringSignIn": fact.risk,
    }


def _azure_monitor(fact: LogonFact) -> dict[str, object]:
    return {
        "time": _iso_ms(fact.instant),
        "category": "SignInLogs",
        "operationName": "Sign-in activity",
        "resultType": "0" if fact.success else "50126",
        "callerIpAddress": fact.address,
        "properties": _graph_signin(fact),
    }


def _ocsf(fact: LogonFact) -> dict[str, object]:
    event: dict[str, object] = {
        "class_uid": 3002, "category_uid": 3, "activity_id": 1, "type_uid": 300201,
        "time": _epoch_millis(fact.instant), "status_id": 1 if fact.success else 2,
        "user": {"name": fact.user},
    }  # fmt: skip
    source: dict[str, object] = {}
    # Windows "-" means no address: OCSF leaves src_endpoint.ip out (section 1.3).
    if fact.address not in (None, "-"):
        source["ip"] = fact.address
    if fact.kind == "windows":
        event["logon_type_id"] = fact.logon_type or 1  # OCSF 1 "System" is Windows 0
        event["dst_endpoint"] = {"hostname": fact.host}
    else:
        event["service"] = {"name": fact.app}
        event["status_code"] = None if fact.success else "50126"
        if fact.location is not None:
            source["location"] = {"country": fact.location}
    if source:
        event["src_endpoint"] = source
    return event


def render_shape(fact: LogonFact, shape: str, form: int = 0) -> tuple[dict[str, object], dict]:
    """Write a logon in a shape, with the native row that must give the same findings.

    Args:
        fact: The logon.
        shape: One of its kind's ``SHAPES_BY_KIND``.
        form: Which variant of the shape (Splunk's ``_time`` forms, one or two accounts).

    Returns:
        ``(record, native row)``. OCSF has no risk level, so its native row has none either.
    """
    if shape.startswith("splunk."):
        return _splunk(fact, shape, form), render_native(fact)
    if shape == "graph":
        return _graph_signin(fact), render_native(fact)
    if shape == "azure_monitor":
        return _azure_monitor(fact), render_native(fact)
    if shape == "ocsf":
        # No risk level in OCSF; a "-" address is left out (see _ocsf).
        address = None if fact.address == "-" else fact.address
        return _ocsf(fact), render_native(fact._replace(risk=None, address=address))
    stream = {
        "category": "AdvancedHunting-DeviceLogonEvents",
        "operationName": "Publish",
        "time": _iso_ms(fact.instant + timedelta(minutes=4)),  # published after the logon
        "properties": render_native(fact),
    }
    return stream, render_native(fact)


@st.composite
def rendered_logons(
    draw: st.DrawFn, shapes: tuple[str, ...] | None = None
) -> tuple[str, dict[str, object], dict[str, object]]:
    """Draw a logon written in one of ``shapes`` (default: any), with its native row.

    Returns:
        ``(shape, record, native row)``.
    """
    wanted = shapes or tuple({s for kind in SHAPES_BY_KIND.values() for s in kind})
    kinds = tuple(k for k, has in SHAPES_BY_KIND.items() if set(has) & set(wanted))
    fact = draw(logon_facts(kinds))
    shape = draw(st.sampled_from(sorted(set(SHAPES_BY_KIND[fact.kind]) & set(wanted))))
    record, native = render_shape(fact, shape, draw(st.integers(0, 3)))
    return shape, record, native


def _objects_in(value: object) -> list[dict[str, object]]:
    """Every JSON object in a value, nested ones included, outermost first."""
    if isinstance(value, dict):
        return [value, *(o for child in value.values() for o in _objects_in(child))]
    if isinstance(value, list):
        return [o for child in value for o in _objects_in(child)]
    return []


@st.composite
def junk_at_any_depth(draw: st.DrawFn, records: list[dict[str, object]]) -> object:
    """Draw one of ``records`` (copied) with one field, at any depth, set to any JSON value."""
    record = json.loads(json.dumps(draw(st.sampled_from(records))))
    holder = draw(st.sampled_from(_objects_in(record)))
    if holder:
        holder[draw(st.sampled_from(sorted(holder)))] = draw(json_values(max_leaves=6))
    return record


# =================================================================================================
# Windows Security event shapes (tests/sources/test_windows_shapes.py): a Windows logon of the
# record-shapes section above, written as Elastic ECS (nested, dotted or mixed keys), NXLog,
# Winlogbeat 6 and event XML, by hand from reference/windows-4624.md sections 5 and 6.a (and the
# real samples in ../shared/data), never by t1133's adapters.
# =================================================================================================

# The address section above owns __all__; this section adds its names to it.
__all__ += ["WINDOWS_SHAPES", "WindowsRendering", "render_windows_shape", "windows_renderings"]

import ipaddress  # noqa: E402 - this section's imports
from xml.sax.saxutils import escape, quoteattr  # noqa: E402

#: The Windows shapes a Windows ``LogonFact`` is written in (besides its native row).
WINDOWS_SHAPES = ("ecs.nested", "ecs.flat", "ecs.mixed", "nxlog", "winlogbeat6", "winxml")
# Winlogbeat's winlog.logon.type table (winlogbeat-security.js) covers these types only.
_BEATS_LOGON_TYPE_NAMES = {
    2: "Interactive", 3: "Network", 4: "Batch", 5: "Service", 7: "Unlock",
    8: "NetworkCleartext", 9: "NewCredentials", 10: "RemoteInteractive", 11: "CachedInteractive",
}  # fmt: skip
_CHANNEL_SPELLINGS = ("Security", "security", "SECURITY")


class WindowsRendering(NamedTuple):
    """One Windows logon written in each Windows shape, with its native row.

    Attributes:
        fact: The logon.
        native: The Sentinel ``SecurityEvent`` row.
        shapes: Shape name -> the record (a dict; for ``winxml`` the XML text of one event).
    """

    fact: LogonFact
    native: dict[str, object]
    shapes: dict[str, object]


def _z_millis(instant: datetime) -> str:
    return f"{instant:%Y-%m-%dT%H:%M:%S}.{instant.microsecond // 1000:03d}Z"


def _winlogbeat_ip(address: str | None) -> str | None:
    """``source.ip`` as Winlogbeat sets it: only for an IP, ``::ffff:`` stripped; else ``None``."""
    if address is None:
        return None
    text = address.removeprefix("::ffff:") if address.count(".") == 3 else address
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _event_data(fact: LogonFact) -> dict[str, str]:
    data = {
        "SubjectUserSid": "S-1-5-18", "SubjectUserName": fact.host.split(".")[0].upper() + "$",
        "SubjectDomainName": "CORP", "TargetUserName": fact.user, "TargetDomainName": "CORP",
        "LogonType": str(fact.logon_type), "LogonProcessName": "User32 ",
        "AuthenticationPackageName": "Negotiate", "WorkstationName": "KALI-7", "IpPort": "51234",
    }  # fmt: skip
    if fact.address is not None:
        data["IpAddress"] = fact.address
    return data


def _ecs(fact: LogonFact, variant: int) -> dict[str, object]:
    """Winlogbeat 8's document (6.a): IpAddress, IpPort, WorkstationName moved out of event_data."""
    code = "4624" if fact.success else "4625"
    data = _event_data(fact)
    source: dict[str, object] = {
        "port": int(data.pop("IpPort")),
        "domain": data.pop("WorkstationName"),
    }
    ip = _winlogbeat_ip(fact.address)
    if ip is not None:
        source["ip"] = ip
        del data["IpAddress"]
    winlog: dict[str, object] = {
        "channel": "Security", "computer_name": fact.host, "event_id": code, "event_data": data,
        "provider_name": "Microsoft-Windows-Security-Auditing",
    }  # fmt: skip
    name = _BEATS_LOGON_TYPE_NAMES.get(fact.logon_type)
    if name is not None:
        winlog["logon"] = {"type": name}
        if variant % 2:  # the number only by its name: the adapter must translate it
            del data["LogonType"]
    return {
        "@timestamp": _z_millis(fact.instant),
        "event": {"code": code, "outcome": "success" if fact.success else "failure"},
        "host": {"name": fact.host},
        "source": source,
        "user": {"name": fact.user.split("@")[0], "domain": "CORP"},  # user.name drops "@..."
        "winlog": winlog,
    }


def _dotted(value: dict[str, object], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, inner in value.items():
        if isinstance(inner, dict) and inner:
            flat.update(_dotted(inner, f"{prefix}{key}."))
        else:
            flat[prefix + key] = inner
    return flat


def _mixed(value: dict[str, object]) -> dict[str, object]:
    """Top-level objects dotted one level down (``{"winlog": {"event_data.LogonType": ...}}``)."""
    return {k: _dotted(v) if isinstance(v, dict) else v for k, v in value.items()}


def _nxlog(fact: LogonFact, variant: int) -> dict[str, object]:
    # EventTime: the same instant as local wall time without a zone (here UTC-5), not to be read.
    return {
        "@timestamp": _z_millis(fact.instant),
        "EventTime": f"{fact.instant - timedelta(hours=5):%Y-%m-%d %H:%M:%S}",
        "Hostname": fact.host, "Channel": _CHANNEL_SPELLINGS[variant % 3],
        "SourceName": "Microsoft-Windows-Security-Auditing",
        "EventID": 4624 if fact.success else 4625, "SourceModuleType": "im_msvistalog",
        **_event_data(fact),
    }  # fmt: skip


def _winlogbeat6(fact: LogonFact) -> dict[str, object]:
    return {
        "@timestamp": _z_millis(fact.instant), "event_id": 4624 if fact.success else 4625,
        "computer_name": fact.host, "log_name": "Security", "host": {"name": "wec01"},
        "source_name": "Microsoft-Windows-Security-Auditing", "event_data": _event_data(fact),
    }  # fmt: skip


def _xml(fact: LogonFact, variant: int, order: list[int]) -> str:
    """``<Event>`` as wevtutil (7 fractional digits) or python-evtx (``+00:00``) writes it."""
    millis = f"{fact.instant:%Y-%m-%dT%H:%M:%S}.{fact.instant.microsecond // 1000:03d}"
    stamp = f"{millis}0000Z" if variant % 2 else f"{millis.replace('T', ' ')}000+00:00"
    namespace = ' xmlns="http://schemas.microsoft.com/win/2004/08/events/event"'
    items = list(_event_data(fact).items())
    data = "".join(
        f"<Data Name={quoteattr(items[i][0])}>{escape(items[i][1])}</Data>"
        for i in order
        if i < len(items)
    )
    return (
        f"<Event{namespace if variant % 3 else ''}><System>"
        '<Provider Name="Microsoft-Windows-Security-Auditing"/>'
        f"<EventID>{4624 if fact.success else 4625}</EventID>"
        f'<TimeCreated SystemTime="{stamp}"/><Channel>Security</Channel>'
        f"<Computer>{escape(fact.host)}</Computer></System><EventData>{data}</EventData></Event>"
    )


def render_windows_shape(
    fact: LogonFact, shape: str, variant: int = 0, order: list[int] | None = None
) -> object:
    """Write a Windows logon in one of ``WINDOWS_SHAPES``.

    Args:
        fact: A logon of kind ``"windows"``.
        shape: The shape.
        variant: Which variant (ECS: logon type by name only; NXLog: the channel's case; XML:
            namespace and time form).
        order: The order of the XML ``Data`` elements (default: the documented order).

    Returns:
        The record; for ``winxml`` the XML text of the event.
    """
    if shape.startswith("ecs."):
        document = _ecs(fact, variant)
        if shape == "ecs.flat":
            return _dotted(document)
        return _mixed(document) if shape == "ecs.mixed" else document
    if shape == "nxlog":
        return _nxlog(fact, variant)
    if shape == "winlogbeat6":
        return _winlogbeat6(fact)
    return _xml(fact, variant, order if order is not None else list(range(16)))


@st.composite
def windows_renderings(draw: st.DrawFn) -> WindowsRendering:
    """Draw a Windows logon written in every Windows shape, with its native row."""
    fact = draw(logon_facts(("windows",)))
    variant = draw(st.integers(0, 5))
    order = draw(st.permutations(range(16)))
    shapes = {shape: render_windows_shape(fact, shape, variant, order) for shape in WINDOWS_SHAPES}
    return WindowsRendering(fact, render_native(fact), shapes)
