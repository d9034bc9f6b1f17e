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

__all__ = [
    "AddressInfo",
    "ConfigError",
    "IPCategory",
    "InputError",
    "NetworkPolicy",
    "RecordError",
    "T1133Error",
    "classify_ip",
    "describe_ip",
    "is_external",
    "normalize_ip",
]
