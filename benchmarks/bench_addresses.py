"""How fast is t1133.classify_ip, next to the seed query's string prefixes?

Run from the repository root::

    python benchmarks/bench_addresses.py            # best of 5 repeats
    python benchmarks/bench_addresses.py --repeats 3

Two cases, each timed beside a naive baseline in the same run, on the same inputs:

(a) cached: 1,000,000 lookups drawn from 5,000 distinct addresses, as a log repeats its sources;
(b) cold: 200,000 distinct addresses, about 80% IPv4 and 20% IPv6, every one a cache miss.

The baseline is what the seed query does: ``str.startswith`` over its private prefixes ("10.",
"172.16." ... "172.31.", "192.168.", "127.", "::1", "fe80"). It is wrong (see docs/addresses.md)
but about as cheap as a Python check on a string can be, so the ratio says what correctness costs.
t1133's cache is cleared before every repeat. Goals on one core: (a) >= 3,000,000 lookups/s,
(b) >= 250,000 lookups/s. Results and the machine they came from go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import socket
import time
from typing import TYPE_CHECKING

from t1133 import classify_ip
from t1133.addresses import _resolve_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

SEED_PREFIXES = ("10.", *(f"172.{n}." for n in range(16, 32)), "192.168.", "127.", "::1", "fe80")
GOALS = {"cached": 3_000_000, "cold": 250_000}


def naive_is_private(text: str) -> bool:
    """The seed query's test: does the text start with one of its private prefixes?"""
    return text.startswith(SEED_PREFIXES)


def random_ipv4(rnd: random.Random) -> str:
    """A uniformly random IPv4 address: mostly public, some private and special."""
    return ".".join(str(rnd.randrange(256)) for _ in range(4))


def random_ipv6(rnd: random.Random) -> str:
    """A random IPv6 address: mostly global unicast, some link-local and unique-local."""
    prefix = rnd.choice((0x2000, 0x2000, 0x2000, 0xFE80, 0xFD00))
    high = prefix if prefix != 0x2000 else rnd.randrange(0x2000, 0x4000)
    value = (high << 112) | rnd.getrandbits(112)
    return socket.inet_ntop(socket.AF_INET6, value.to_bytes(16, "big"))


def distinct_addresses(rnd: random.Random, count: int, ipv6_share: float = 0.2) -> list[str]:
    """``count`` distinct address texts, about ``ipv6_share`` of them IPv6, in random order."""
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(random_ipv6(rnd) if rnd.random() < ipv6_share else random_ipv4(rnd))
    out = sorted(seen)
    rnd.shuffle(out)
    return out


def lookups_per_second(
    check: Callable[[str], object],
    inputs: Sequence[str],
    repeats: int,
    before: Callable[[], None] | None = None,
) -> float:
    """Best-of-``repeats`` rate of ``check`` over ``inputs``, one call per input."""
    best = float("inf")
    for _ in range(repeats):
        if before is not None:
            before()
        start = time.perf_counter()
        for text in inputs:
            check(text)
        best = min(best, time.perf_counter() - start)
    return len(inputs) / best


def run_case(name: str, label: str, inputs: Sequence[str], repeats: int) -> None:
    """Time t1133 and the baseline on the same inputs and print one result row."""
    ours = lookups_per_second(classify_ip, inputs, repeats, before=_resolve_text.cache_clear)
    naive = lookups_per_second(naive_is_private, inputs, repeats)
    verdict = "met" if ours >= GOALS[name] else "MISSED"
    print(
        f"{label:<38} {ours:>13,.0f} {naive:>13,.0f} {ours / naive:>8.3f}"
        f"   >= {GOALS[name]:,}/s {verdict}"
    )


def main() -> None:
    """Build the inputs, run both cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="best of N runs (default 5)")
    parser.add_argument("--seed", type=int, default=1133, help="random seed for the inputs")
    args = parser.parse_args()

    rnd = random.Random(args.seed)
    pool = distinct_addresses(rnd, 5_000)
    cached = [rnd.choice(pool) for _ in range(1_000_000)]
    cold = distinct_addresses(rnd, 200_000)

    print(f"Python {platform.python_version()} on {platform.machine()}, one process")
    print(f"{'case':<38} {'t1133/s':>13} {'baseline/s':>13} {'ratio':>8}   goal")
    run_case("cached", "(a) cached: 1,000,000 of 5,000 distinct", cached, args.repeats)
    run_case("cold", "(b) cold: 200,000 distinct", cold, args.repeats)
    print("ratio = t1133 / baseline lookups per second (baseline: str.startswith, seed prefixes)")


if __name__ == "__main__":
    main()
