"""Sources: record shapes in, typed pydantic events out. The only place vendor names live."""

from t1133.sources._core import MISSING, Adapter, EventModel, InvalidEvent, Source
from t1133.sources._types import parse_timestamp
from t1133.sources.defender import DeviceLogonEvent
from t1133.sources.registry import (
    ADAPTERS,
    SOURCES,
    parse_event,
    recognize,
    recognize_adapter,
    try_parse_event,
)
from t1133.sources.signin import SigninLogEvent
from t1133.sources.windows import WindowsLogonEvent

__all__ = [
    "ADAPTERS",
    "MISSING",
    "SOURCES",
    "Adapter",
    "DeviceLogonEvent",
    "EventModel",
    "InvalidEvent",
    "SigninLogEvent",
    "Source",
    "WindowsLogonEvent",
    "parse_event",
    "parse_timestamp",
    "recognize",
    "recognize_adapter",
    "try_parse_event",
]
