"""Test-suite wide rules."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run and machine: a red CI must be reproducible,
# and a run must not pass or fail by the luck of the draw. Wider searches belong in bench/.
settings.register_profile("deterministic", derandomize=True)
settings.load_profile("deterministic")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ANN201
    # In CI a skipped test is a test that did not run: the set-up installs every tool the tests
    # need, so a skip there means something is missing and must fail the run.
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped in CI: {reason}"
