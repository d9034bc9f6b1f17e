"""The registry of built-in branches, by their ``DetectionBranch`` name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from t1133.branches._core import Branch
from t1133.branches.defender import MDE_REMOTE_LOGON_EXTERNAL
from t1133.branches.signin import AAD_VPN_CITRIX_EXTERNAL
from t1133.branches.windows import (
    SECURITY_EVENT_NETWORK_LOGON_EXTERNAL,
    SECURITY_EVENT_RDP_EXTERNAL,
)
from t1133.exceptions import ConfigError

__all__ = ["ALL_BRANCHES", "BRANCHES", "resolve_branches"]

#: The four branches of the reference query, in its union order.
ALL_BRANCHES: Final = (
    AAD_VPN_CITRIX_EXTERNAL,
    SECURITY_EVENT_RDP_EXTERNAL,
    SECURITY_EVENT_NETWORK_LOGON_EXTERNAL,
    MDE_REMOTE_LOGON_EXTERNAL,
)
BRANCHES: Final[Mapping[str, Branch]] = {b.name: b for b in ALL_BRANCHES}


def resolve_branches(branches: Iterable[Branch | str]) -> tuple[Branch, ...]:
    """Turn branch values and built-in names into branches; names must be unique in a run.

    Args:
        branches: ``Branch`` values and built-in branch names, or one of either.

    Returns:
        The branches, in the given order.

    Raises:
        ConfigError: An unknown name, a value that is not a branch, or two branches sharing
            a name.
    """
    if isinstance(branches, (str, Branch)):
        branches = (branches,)
    resolved: list[Branch] = []
    for item in branches:
        if isinstance(item, str):
            if item not in BRANCHES:
                known = ", ".join(BRANCHES)
                raise ConfigError(f"unknown branch {item!r} (built-in branches: {known})")
            item = BRANCHES[item]  # noqa: PLW2901
        elif not isinstance(item, Branch):
            raise ConfigError(f"not a branch: {item!r}")
        if any(b.name == item.name for b in resolved):
            raise ConfigError(f"two branches are named {item.name!r}")
        resolved.append(item)
    return tuple(resolved)
