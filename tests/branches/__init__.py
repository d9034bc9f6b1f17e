"""Tests of ``t1133.branches``: the predicate toolkit, each built-in branch, and its cases as data.

A package (not loose files) so that pytest puts ``tests/`` on ``sys.path`` for ``strategies``
when only this directory is collected, and so that module names cannot clash with other suites.
"""
