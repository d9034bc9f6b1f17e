"""Shared configuration of the source tests.

The case helpers assert on behalf of the tests that call them: pytest rewrites their asserts
(as it does a test module's) only when told before they are imported.
"""

import pytest

pytest.register_assert_rewrite("sources.windows_cases")
