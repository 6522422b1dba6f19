"""``tracker check``: the rules' citations, pins and the facts of the text, held against each other."""

from tracker.check.config import CheckConfig, ConfigError
from tracker.check.report import CheckReport, CoverageRow, Finding
from tracker.check.run import CheckInputError, ReviewResult, review, run_check

__all__ = [
    "CheckConfig",
    "CheckInputError",
    "CheckReport",
    "ConfigError",
    "CoverageRow",
    "Finding",
    "ReviewResult",
    "review",
    "run_check",
]
