"""Tests of ``t1133.branches._predicates``: leaves, combinators, their words, and explanations.

Leaves are tested on plain namespaces (a predicate reads columns by name, whatever the event);
the property at the end runs every built-in branch's full condition on typed events.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import predicate_contexts, typed_events
from t1133 import ALL_BRANCHES, SOURCES, IPCategory, NetworkPolicy, WindowsLogonEvent
from t1133.branches import (
    REMOTE_ACCESS_APPS,
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
from t1133.branches._predicates import _All, _Any, _Not

UTC = timezone.utc
CTX = Context()
CUTOFF = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
A, B, C = equals("A", 1), equals("B", 2), equals("C", 3)


def event(**columns: object) -> SimpleNamespace:
    """An event with the given columns (a predicate reads any object's attributes)."""
    return SimpleNamespace(**columns)


# --- equals / one_of ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("LogonSuccess", True),
        ("logonsuccess", False),
        ("LOGONSUCCESS", False),
        ("LogonSuccess ", False),
        ("", False),
        (None, False),
    ],
)
def test_equals_is_exact_and_case_sensitive(value, expected):
    """``equals`` is KQL's ``==`` on text: exact, case-sensitive, no trimming."""
    assert expected == equals("ActionType", "LogonSuccess").test(event(ActionType=value), CTX)


def test_equals_does_not_convert_between_number_and_text():
    """``equals`` compares values as they are; making ``0`` into ``"0"`` is the model's job."""
    assert [True, False] == [
        equals("ResultType", "0").test(event(ResultType=v), CTX) for v in ("0", 0)
    ]


def test_one_of_accepts_any_listed_value_only():
    """``one_of`` is KQL's ``in``: any listed value, exactly."""
    p = one_of("LogonType", ["RemoteInteractive", "Network"])
    values = ["RemoteInteractive", "Network", "network", "Interactive", None]
    assert [True, True, False, False, False] == [p.test(event(LogonType=v), CTX) for v in values]


def test_a_missing_column_reads_as_none():
    """A column the event lacks reads as ``None``: it equals no constant."""
    assert (False, True) == (
        equals("A", 1).test(event(), CTX),
        equals("A", None).test(event(), CTX),
    )


def test_one_of_is_false_for_an_unhashable_value():
    """An object-valued column (a JSON column) equals no constant; it does not raise."""
    p = one_of("Status", ["0"])
    status = event(Status={"errorCode": 0})
    assert (False, False) == (p.test(status, CTX), p.explain(status, CTX).passed)


def test_equals_and_one_of_words():
    """One value reads ``==``, several read ``in (...)`` sorted; the repr rebuilds the call."""
    several = one_of("LogonType", ["RemoteInteractive", "Network"])
    assert [
        "EventID == 4624",
        "one_of('EventID', [4624])",
        "LogonType in ('Network', 'RemoteInteractive')",
        "one_of('LogonType', ['Network', 'RemoteInteractive'])",
    ] == [
        equals("EventID", 4624).describe(),
        repr(equals("EventID", 4624)),
        several.describe(),
        repr(several),
    ]


# --- has_any (KQL has_any) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "expected"),
    [
        # The examples, with the reference query's app list.
        ("Citrix Gateway (Prod)", True),
        ("citrix-gateway", True),
        ("GLOBALPROTECT portal", True),
        ("PulseSecure", False),
        ("MyCitrix Gateway", False),
        ("Juniper SSL", False),
        # Whole terms, consecutive and in order; case and punctuation between terms ignored.
        ("Juniper SSL VPN", True),
        ("Contoso Juniper SSL VPN (EU)", True),
        ("Pulse  Secure", True),
        ("F5 BIG IP APM", True),
        ("cisco anyconnect", True),
        ("Citrix Gateway 2", True),
        ("Citrix Gateway2", False),
        ("Secure Pulse", False),
        ("Citrix the Gateway", False),
        ("VMwareHorizon", False),
        ("AnyConnect", False),
        ("Gateway", False),
        ("Office 365 Exchange Online", False),
        ("", False),
    ],
)
def test_has_any_matches_whole_consecutive_terms(app, expected):
    """``has_any`` follows Kusto's ``has``: whole terms of letters and digits, in any case.

    A needle of several terms matches only those terms next to each other, in order.
    """
    assert expected == has_any("AppDisplayName", REMOTE_ACCESS_APPS).test(
        event(AppDisplayName=app), CTX
    )


def test_has_any_is_case_insensitive_on_both_sides():
    """Case is ignored in the needle as well as in the text."""
    assert has_any("X", ["citrix GATEWAY"]).test(event(X="CITRIX gateway"), CTX)


@pytest.mark.parametrize("value", [None, 0, 5, ["Citrix Gateway"], b"Citrix Gateway", {"a": 1}])
def test_has_any_never_matches_a_value_that_is_not_text(value):
    """Only text has terms: ``None``, numbers, lists, bytes and objects never match."""
    p = has_any("X", ["Citrix Gateway", "5", "a"])
    check = p.explain(event(X=value), CTX)
    assert (False, False, "no text") == (p.test(event(X=value), CTX), check.passed, check.detail)


def test_has_any_needle_without_terms_matches_nothing():
    """A needle with no letters or digits has no terms and matches no text."""
    assert not has_any("X", ["--", ""]).test(event(X="a -- b"), CTX)


def test_has_any_detail_names_the_needle_that_matched():
    """The explanation names the matching needle, even after a needle without terms."""
    p = has_any("X", ["--", "Citrix Gateway"])
    assert "has 'Citrix Gateway'" == p.explain(event(X="citrix-gateway"), CTX).detail


def test_has_any_detail_lists_the_terms_when_nothing_matched():
    """Without a match the explanation shows the text's terms."""
    p = has_any("AppDisplayName", REMOTE_ACCESS_APPS)
    check = p.explain(event(AppDisplayName="Office 365"), CTX)
    assert "terms ['office', '365'] match no app" == check.detail


def test_has_any_words():
    """The description counts the needles and shows the first three; the repr rebuilds it."""
    assert [
        "AppDisplayName has any of 11 terms (GlobalProtect, Pulse Secure, Cisco AnyConnect, ...)",
        "X has any of 2 terms (a, b c)",
        "has_any('X', ['a', 'b c'])",
    ] == [
        has_any("AppDisplayName", REMOTE_ACCESS_APPS).describe(),
        has_any("X", ["a", "b c"]).describe(),
        repr(has_any("X", ["a", "b c"])),
    ]


# --- ends_with, blank -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SRV-APP01$", True),
        ("srv$", True),
        ("$", True),
        ("svc$admin", False),
        ("jdoe", False),
        ("", False),
        (None, False),
        (5, False),
    ],
)
def test_ends_with(value, expected):
    """``ends_with`` is KQL's ``endswith``; a null or non-text value ends with nothing."""
    assert expected == ends_with("TargetUserName", "$").test(event(TargetUserName=value), CTX)


def test_ends_with_is_case_insensitive():
    """KQL's ``endswith`` ignores case."""
    assert ends_with("X", "AB").test(event(X="xab"), CTX)


def test_ends_with_words():
    """Description and repr of ``ends_with``."""
    p = ends_with("TargetUserName", "$")
    assert ("TargetUserName endswith '$'", "ends_with('TargetUserName', '$')") == (
        p.describe(),
        repr(p),
    )


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ({}, True),
        ({"RemoteIPType": None}, True),
        ({"RemoteIPType": ""}, True),
        ({"RemoteIPType": " "}, False),
        ({"RemoteIPType": "-"}, False),
        ({"RemoteIPType": 0}, False),
        ({"RemoteIPType": "Public"}, False),
    ],
)
def test_blank(columns, expected):
    """``blank`` is true for a missing, null or empty column and nothing else."""
    assert expected == blank("RemoteIPType").test(event(**columns), CTX)


def test_blank_words():
    """Description and repr of ``blank``."""
    p = blank("RemoteIPType")
    assert ("RemoteIPType is missing or empty", "blank('RemoteIPType')") == (p.describe(), repr(p))


# --- external_ip, internal_ip ---------------------------------------------------------------

DOC_POLICY = NetworkPolicy(external_categories={IPCategory.PUBLIC, IPCategory.DOCUMENTATION})
OWN_POLICY = NetworkPolicy(internal=["81.2.69.0/24"])


@pytest.mark.parametrize(
    ("address", "policy", "expected"),
    [
        ("81.2.69.144", NetworkPolicy(), True),
        ("8.10.20.30", NetworkPolicy(), True),
        ("::ffff:81.2.69.160", NetworkPolicy(), True),
        ("100.64.0.1", NetworkPolicy(), False),
        ("::ffff:a00:1", NetworkPolicy(), False),
        ("fd00::1", NetworkPolicy(), False),
        ("169.254.1.1", NetworkPolicy(), False),
        ("127.0.0.1", NetworkPolicy(), False),
        ("::1", NetworkPolicy(), False),
        ("-", NetworkPolicy(), False),
        ("", NetworkPolicy(), False),
        (None, NetworkPolicy(), False),
        (5, NetworkPolicy(), False),
        ("203.0.113.24", NetworkPolicy(), False),
        ("203.0.113.24", DOC_POLICY, True),
        ("81.2.69.144", OWN_POLICY, False),
        ("::ffff:81.2.69.144", OWN_POLICY, False),
        ("81.2.70.1", OWN_POLICY, True),
    ],
)
def test_external_ip_follows_the_context_policy(address, policy, expected):
    """``external_ip`` asks the run's policy: categories that count, minus internal networks."""
    ctx = Context(policy=policy)
    assert expected == external_ip("IpAddress").test(event(IpAddress=address), ctx)


def test_external_ip_detail_says_why():
    """The explanation gives the category, the deciding block and the verdict."""
    p = external_ip("IpAddress")
    details = [
        p.explain(event(IpAddress=a), Context(policy=pol)).detail
        for a, pol in [
            ("::ffff:10.2.3.4", NetworkPolicy()),
            ("81.2.69.144", NetworkPolicy()),
            ("81.2.69.144", OWN_POLICY),
        ]
    ]
    assert [
        "PRIVATE (IPv4-mapped: embedded IPv4 10.2.3.4 in 10.0.0.0/8 Private-Use) → not external",
        "PUBLIC (in global unicast, no special-purpose block) → external",
        (
            "PUBLIC (in global unicast, no special-purpose block), "
            "but inside the policy's internal networks"
        ),
    ] == details


@pytest.mark.parametrize(
    ("address", "policy", "expected"),
    [
        ("81.2.69.144", NetworkPolicy(), False),
        ("81.2.69.144", OWN_POLICY, True),
        ("::ffff:81.2.69.144", OWN_POLICY, True),
        ("10.1.2.3", OWN_POLICY, False),
        (None, OWN_POLICY, False),
    ],
)
def test_internal_ip_reads_the_policy_networks(address, policy, expected):
    """``internal_ip`` is true inside the policy's own networks (embedded IPv4 included)."""
    ctx = Context(policy=policy)
    assert expected == internal_ip("RemoteIP").test(event(RemoteIP=address), ctx)


def test_address_leaf_words():
    """Descriptions and reprs of the address leaves."""
    ext, own = external_ip("IpAddress"), internal_ip("RemoteIP")
    assert [
        "IpAddress is external",
        "external_ip('IpAddress')",
        "RemoteIP is in the policy's internal networks",
        "internal_ip('RemoteIP')",
    ] == [ext.describe(), repr(ext), own.describe(), repr(own)]


# --- time_after -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(0), False),
        (timedelta(microseconds=1), True),
        (-timedelta(microseconds=1), False),
        (timedelta(days=2), True),
    ],
)
def test_time_after_is_strict(offset, expected):
    """An event exactly at the window start is out; one microsecond later is in."""
    ctx = Context(cutoff=CUTOFF)
    assert expected == time_after("TimeGenerated").test(event(TimeGenerated=CUTOFF + offset), ctx)


def test_time_after_without_a_window_passes_everything():
    """With no window start every time passes."""
    old = event(TimeGenerated=datetime(1999, 1, 1, tzinfo=UTC))
    assert time_after("TimeGenerated").test(old, CTX)


def test_time_after_a_null_time_is_not_inside():
    """A missing time (an optional column) is not after anything, as in KQL; it does not raise."""
    p = time_after("CreatedDateTime")
    ctx = Context(cutoff=CUTOFF)
    assert (False, False) == (p.test(event(), ctx), p.explain(event(), ctx).passed)


def test_time_after_explains_the_window():
    """The explanation shows the time read and the window start."""
    when = CUTOFF + timedelta(hours=1)
    p = time_after("TimeGenerated")
    assert [
        Check(
            "TimeGenerated is inside the time window",
            True,
            "TimeGenerated",
            when,
            "after 2026-12-03T12:00:00+00:00",
        ),
        Check("TimeGenerated is inside the time window", True, "TimeGenerated", when, "no window"),
    ] == [
        p.explain(event(TimeGenerated=when), Context(cutoff=CUTOFF)),
        p.explain(event(TimeGenerated=when), CTX),
    ]
    assert "time_after('TimeGenerated')" == repr(p)


# --- satisfies ------------------------------------------------------------------------------


def test_satisfies_wraps_a_function_with_words():
    """``satisfies`` tests any function of the event and explains with the given words."""
    p = satisfies(lambda e: e.port > 1024, "port above 1024")
    assert [True, False, "port above 1024", Check("port above 1024", False)] == [
        p.test(event(port=51234), CTX),
        p.test(event(port=22), CTX),
        p.describe(),
        p.explain(event(port=22), CTX),
    ]


# --- all_of, any_of, not_ and the operators -------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "conjunction", "disjunction"),
    [
        ({"A": 1, "B": 2}, True, True),
        ({"A": 1, "B": 0}, False, True),
        ({"A": 0, "B": 2}, False, True),
        ({"A": 0, "B": 0}, False, False),
    ],
)
def test_and_or_verdicts(columns, conjunction, disjunction):
    """``&`` is true when both parts are, ``|`` when either is."""
    e = event(**columns)
    assert (conjunction, disjunction) == ((A & B).test(e, CTX), (A | B).test(e, CTX))


def test_not_verdict():
    """``~`` inverts the verdict."""
    assert (False, True) == ((~A).test(event(A=1), CTX), (~A).test(event(A=0), CTX))


def test_nested_conjunctions_flatten():
    """Nested ``and`` (by operator or by function, either side) is one flat conjunction."""
    flat = all_of(A, B, C)
    assert [(A, B, C)] * 4 == [
        flat.parts,
        ((A & B) & C).parts,
        (A & (B & C)).parts,
        all_of(all_of(A), all_of(B, C)).parts,
    ]


def test_nested_disjunctions_flatten():
    """Nested ``or`` (by operator or by function, either side) is one flat disjunction."""
    assert [(A, B, C)] * 3 == [
        any_of(A, B, C).parts,
        ((A | B) | C).parts,
        (A | (B | C)).parts,
    ]


def test_mixed_combinators_keep_their_grouping():
    """An ``or`` inside an ``and`` stays one part of it (and the other way round)."""
    assert [(A, any_of(B, C)), (all_of(A, B), C)] == [
        (A & (B | C)).parts,
        ((A & B) | C).parts,
    ]


def test_operators_and_functions_build_equal_values():
    """``&``, ``|``, ``~`` are ``all_of``, ``any_of``, ``not_``; predicates are equal values."""
    assert [all_of(A, B), any_of(A, B), not_(A), equals("A", 1)] == [A & B, A | B, ~A, A]


def test_a_single_part_is_the_part_itself():
    """``all_of(p)`` and ``any_of(p)`` return ``p``."""
    assert (A, A) == (all_of(A), any_of(A))


def test_double_negation_cancels():
    """``~~p`` is ``p`` itself; a single ``~`` is a negation."""
    assert (A, True, True) == (~~A, not_(not_(A)) is A, isinstance(~A, _Not))


def test_combining_something_that_is_not_a_predicate_raises():
    """Only predicates combine: the error names the bad part."""
    with pytest.raises(TypeError, match="not a predicate: 'x'"):
        all_of(A, "x")


def test_combined_words_group_with_parentheses():
    """Descriptions and reprs parenthesise nested groups and read like the source."""
    p = A & (B | C)
    q = ~(A | B)
    assert [
        "A == 1 and (B == 2 or C == 3)",
        "one_of('A', [1]) & (one_of('B', [2]) | one_of('C', [3]))",
        "not (A == 1 or B == 2)",
        "~(one_of('A', [1]) | one_of('B', [2]))",
        "not A == 1",
        "A == 1 and (B == 2 or C == 3)",
    ] == [p.describe(), repr(p), q.describe(), repr(q), (~A).describe(), str(p)]


def test_conjunction_explains_every_part_even_after_a_failure():
    """An analyst sees every reason: parts after the first failing one are explained too."""
    assert Check(
        "A == 1 and B == 2",
        False,
        children=(Check("A == 1", False, "A", 0), Check("B == 2", True, "B", 2)),
    ) == (A & B).explain(event(A=0, B=2), CTX)


def test_disjunction_and_negation_explain_their_parts():
    """``or`` and ``not`` explanations hold the parts' checks."""
    assert [
        Check(
            "A == 1 or B == 2",
            True,
            children=(Check("A == 1", False, "A", 0), Check("B == 2", True, "B", 2)),
        ),
        Check("not A == 1", True, children=(Check("A == 1", False, "A", 0),)),
    ] == [(A | B).explain(event(A=0, B=2), CTX), (~A).explain(event(A=0), CTX)]


# --- requirements: the engine's cheap pre-checks --------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (A, {"A": frozenset({1})}),
        (A & one_of("B", [2, 3]) & ends_with("X", "$"), {"A": {1}, "B": {2, 3}}),
        (A | B, {}),
        (A & (B | C), {"A": {1}}),
        (A & ~B, {"A": {1}}),
        (~A, {}),
        (one_of("A", [1, 2]) & one_of("A", [2, 3]), {"A": {2}}),
        (external_ip("IpAddress") & has_any("X", ["a"]), {}),
    ],
)
def test_requirements_come_from_top_level_conjunctions_only(predicate, expected):
    """Only equalities that every match must satisfy are pre-checks.

    An ``or`` or a ``not`` contributes none; a column required twice keeps the values both allow.
    """
    assert expected == predicate.requirements()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("AAD_VPN_Citrix_External", {"ResultType": {"0"}}),
        ("SecurityEvent_RDP_External", {"EventID": {4624}, "LogonType": {10}}),
        ("SecurityEvent_NetworkLogon_External", {"EventID": {4624}, "LogonType": {3}}),
        (
            "MDE_RemoteLogon_External",
            {"ActionType": {"LogonSuccess"}, "LogonType": {"RemoteInteractive", "Network"}},
        ),
    ],
)
def test_builtin_branch_requirements(name, expected):
    """The built-in branches pre-check the query's equalities.

    MDE's ``RemoteIPType == "Public"`` sits in an ``or`` (its fallback) and is not one.
    """
    branch = {b.name: b for b in ALL_BRANCHES}[name]
    assert expected == branch.condition.requirements()


# --- columns by Sentinel name or attribute --------------------------------------------------


def test_column_value_reads_sentinel_names_and_attributes():
    """A leaf may name a column as Sentinel does or as the model attribute; unknown is None."""
    e = WindowsLogonEvent.model_validate(
        {"TimeGenerated": "2026-12-04T11:00:00Z", "EventID": 4624, "IpAddress": "81.2.69.144"}
    )
    assert ["81.2.69.144", "81.2.69.144", 4624, None] == [
        column_value(e, "IpAddress"),
        column_value(e, "ip_address"),
        column_value(e, "EventID"),
        column_value(e, "NoSuchColumn"),
    ]


# --- the property: an explanation never disagrees with the verdict --------------------------


def _agree(predicate: Predicate, check: Check, e: object, ctx: Context) -> list[str]:
    """Return the nodes where a check's verdict differs from the predicate's ``test``."""
    wrong = [] if check.passed == predicate.test(e, ctx) else [check.description]
    if isinstance(predicate, (_All, _Any)):
        for part, child in zip(predicate.parts, check.children, strict=True):
            wrong += _agree(part, child, e, ctx)
    elif isinstance(predicate, _Not):
        wrong += _agree(predicate.part, check.children[0], e, ctx)
    return wrong


@settings(max_examples=300, deadline=None)
@given(planted=typed_events(), ctx=predicate_contexts(), data=st.data())
def test_explain_never_disagrees_with_test(planted, ctx, data):
    """An explanation never disagrees with the verdict it explains.

    For every built-in branch's full condition, on any event and in any context, ``explain``
    gives the verdict of ``test``, at the top and at every node below it.
    """
    e = planted.record
    branch = data.draw(st.sampled_from([b for b in ALL_BRANCHES if b.source == e.SOURCE]))
    full = branch.full_condition(SOURCES[branch.source].time_column)
    assert [] == _agree(full, full.explain(e, ctx), e, ctx)
    assert full.test(e, ctx) == full.explain(e, ctx).passed
