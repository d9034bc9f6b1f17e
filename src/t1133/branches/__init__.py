"""The built-in branches, their registry, and the predicate toolkit to write more."""

from t1133.branches._core import Branch, Column, Constant, Prefixed, Projection
from t1133.branches._predicates import (
    UNDECIDED,
    Check,
    Context,
    Predicate,
    all_of,
    any_of,
    blank,
    column_value,
    ends_with,
    equals,
    external_ip,
    has_any,
    internal_ip,
    not_,
    one_of,
    satisfies,
    time_after,
)
from t1133.branches.defender import MDE_REMOTE_LOGON_EXTERNAL
from t1133.branches.registry import ALL_BRANCHES, BRANCHES, resolve_branches
from t1133.branches.signin import AAD_VPN_CITRIX_EXTERNAL, REMOTE_ACCESS_APPS, vpn_signin_branch
from t1133.branches.windows import (
    SECURITY_EVENT_NETWORK_LOGON_EXTERNAL,
    SECURITY_EVENT_RDP_EXTERNAL,
)

__all__ = [
    "AAD_VPN_CITRIX_EXTERNAL",
    "ALL_BRANCHES",
    "BRANCHES",
    "MDE_REMOTE_LOGON_EXTERNAL",
    "REMOTE_ACCESS_APPS",
    "SECURITY_EVENT_NETWORK_LOGON_EXTERNAL",
    "SECURITY_EVENT_RDP_EXTERNAL",
    "UNDECIDED",
    "Branch",
    "Check",
    "Column",
    "Constant",
    "Context",
    "Predicate",
    "Prefixed",
    "Projection",
    "all_of",
    "any_of",
    "blank",
    "column_value",
    "ends_with",
    "equals",
    "external_ip",
    "has_any",
    "internal_ip",
    "not_",
    "one_of",
    "resolve_branches",
    "satisfies",
    "time_after",
    "vpn_signin_branch",
]
