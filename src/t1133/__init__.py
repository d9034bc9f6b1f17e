"""t1133: detect MITRE ATT&CK T1133 External Remote Services in any iterable of log events."""

from t1133.addresses import (
    AddressInfo,
    IPCategory,
    NetworkPolicy,
    classify_ip,
    describe_ip,
    is_external,
    normalize_ip,
)
from t1133.exceptions import ConfigError, InputError, RecordError, T1133Error
from t1133.sources import (
    ADAPTERS,
    SOURCES,
    Adapter,
    DeviceLogonEvent,
    EventModel,
    InvalidEvent,
    SigninLogEvent,
    Source,
    WindowsLogonEvent,
    parse_event,
    recognize,
    recognize_adapter,
    try_parse_event,
)

__all__ = [
    "ADAPTERS",
    "SOURCES",
    "Adapter",
    "AddressInfo",
    "ConfigError",
    "DeviceLogonEvent",
    "EventModel",
    "IPCategory",
    "InputError",
    "InvalidEvent",
    "NetworkPolicy",
    "RecordError",
    "SigninLogEvent",
    "Source",
    "T1133Error",
    "WindowsLogonEvent",
    "classify_ip",
    "describe_ip",
    "is_external",
    "normalize_ip",
    "parse_event",
    "recognize",
    "recognize_adapter",
    "try_parse_event",
]
