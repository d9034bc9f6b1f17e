"""Write tiny EVTX files from XML-like event trees, so that an EVTX parser can be tested here.

No Windows machine is needed: an EVTX file is a 4 KiB file header and 64 KiB chunks of records,
each record an event in binary XML (BinXML). This writer uses the simplest BinXML there is,
without templates or shared strings: every element, attribute name and text written inline.
Windows itself writes templates, but a parser must read plain BinXML too, and the XML it renders
is the same. Layout and token values: libyal's libevtx documentation of the format ("Windows XML
Event Log (EVTX)") and MS-EVEN6; JPCERT/CC's xml2evtx writes the same plain BinXML (no
dependency id after an element's token outside templates; names inline, right after their
offset). Checked by reading the output with pyevtx-rs, checksums validated.
"""

from __future__ import annotations

import struct
import zlib
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

__all__ = ["Element", "evtx_file"]

_FILE_HEADER_SIZE = 4096
_CHUNK_SIZE = 65536
_CHUNK_HEADER_SIZE = 512  # 128 bytes of header, then the string and template offset tables
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)

# BinXML tokens.
_END_OF_STREAM = 0x00
_OPEN_START_ELEMENT = 0x01
_HAS_ATTRIBUTES = 0x40  # or-ed into an open-start-element token; "more follow" for attributes
_CLOSE_START_ELEMENT = 0x02
_CLOSE_EMPTY_ELEMENT = 0x03
_END_ELEMENT = 0x04
_VALUE = 0x05
_ATTRIBUTE = 0x06
_FRAGMENT_HEADER = (0x0F, 0x01, 0x01, 0x00)  # token, major 1, minor 1, flags
_STRING_TYPE = 0x01


class Element(NamedTuple):
    """An XML element: its name, attributes, text and children."""

    name: str
    attributes: tuple[tuple[str, str], ...] = ()
    text: str = ""
    children: tuple[Element, ...] = ()


def _name(name: str) -> bytes:
    # Next-name offset (none), the name's hash (SDBM, low 16 bits), its length in characters,
    # the UTF-16 characters and a NUL terminator.
    hashed = 0
    for char in name:
        hashed = (hashed * 65599 + ord(char)) & 0xFFFFFFFF
    encoded = name.encode("utf-16-le")
    return struct.pack("<IHH", 0, hashed & 0xFFFF, len(name)) + encoded + b"\x00\x00"


def _text(value: str) -> bytes:
    return struct.pack("<BBH", _VALUE, _STRING_TYPE, len(value)) + value.encode("utf-16-le")


def _element(element: Element, offset: int) -> bytes:
    """BinXML of an element that starts at chunk offset ``offset`` (names are written inline)."""
    token = _OPEN_START_ELEMENT | (_HAS_ATTRIBUTES if element.attributes else 0)
    # token, data size (patched below), name offset: the name follows at once. (A dependency
    # id after the token exists only inside template definitions.)
    name_offset = offset + 9
    head = bytearray(struct.pack("<BII", token, 0, name_offset) + _name(element.name))
    body = bytearray()
    if element.attributes:
        attributes = bytearray()
        start = offset + len(head) + 4
        for index, (key, value) in enumerate(element.attributes):
            more = _HAS_ATTRIBUTES if index < len(element.attributes) - 1 else 0
            position = start + len(attributes)
            attributes += struct.pack("<BI", _ATTRIBUTE | more, position + 5) + _name(key)
            attributes += _text(value)
        body += struct.pack("<I", len(attributes)) + attributes
    if not element.text and not element.children:
        body.append(_CLOSE_EMPTY_ELEMENT)
    else:
        body.append(_CLOSE_START_ELEMENT)
        if element.text:
            body += _text(element.text)
        for child in element.children:
            body += _element(child, offset + len(head) + len(body))
        body.append(_END_ELEMENT)
    data = head + body
    struct.pack_into("<I", data, 1, len(data) - 5)  # size of what follows the size field
    return bytes(data)


def _filetime(instant: datetime) -> int:
    # FILETIME: 100-nanosecond ticks since 1601-01-01 UTC.
    return (instant - _FILETIME_EPOCH) // timedelta(microseconds=1) * 10


def _record(record_id: int, instant: datetime, event: Element, offset: int) -> bytes:
    xml = bytes(_FRAGMENT_HEADER) + _element(event, offset + 24 + 4) + bytes([_END_OF_STREAM])
    size = 24 + len(xml) + 4
    header = b"**\x00\x00" + struct.pack("<IQQ", size, record_id, _filetime(instant))
    return header + xml + struct.pack("<I", size)


def _chunk(events: list[tuple[datetime, Element]]) -> bytes:
    records = bytearray()
    last_offset = _CHUNK_HEADER_SIZE
    for number, (instant, event) in enumerate(events, start=1):
        last_offset = _CHUNK_HEADER_SIZE + len(records)
        records += _record(number, instant, event, last_offset)
    free = _CHUNK_HEADER_SIZE + len(records)
    header = bytearray(_CHUNK_HEADER_SIZE)
    count = len(events)
    struct.pack_into(
        "<8sQQQQIII", header, 0, b"ElfChnk\x00", 1, count, 1, count, 128, last_offset, free
    )
    struct.pack_into("<I", header, 52, zlib.crc32(records))
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120]) + bytes(header[128:512])))
    chunk = bytes(header) + bytes(records)
    return chunk + bytes(_CHUNK_SIZE - len(chunk))


def evtx_file(events: list[tuple[datetime, Element]]) -> bytes:
    """Return an EVTX file of one chunk holding ``events`` (each: its time and its element).

    Record ids and numbers run from 1. The file and chunk checksums are set (CRC32).
    """
    chunk = _chunk(events)
    header = bytearray(_FILE_HEADER_SIZE)
    struct.pack_into(
        "<8sQQQIHHHH", header, 0, b"ElfFile\x00", 0, 0, len(events) + 1, 128, 1, 3, 4096, 1
    )
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])))
    return bytes(header) + chunk
