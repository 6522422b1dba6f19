"""Executable ISF rules: year-versioned parameters (YAML) and plain functions, each citing the text.

``tracker.rules.registry.parameters()`` and ``.functions()`` list the rule base with its citations.
"""

from tracker.rules.citations import Citation, cites
from tracker.rules.functions import (
    CodeDiscontinued,
    NotCovered,
    RuleError,
    UnknownCode,
    copayment_exempt,
    gives_isf_refund,
    group_financed,
    isf_refund,
    npr_deadline,
    replacement_code,
    respirator_duration_code,
)
from tracker.rules.params import NoValue, Parameter, ParameterError

__all__ = [
    "Citation",
    "CodeDiscontinued",
    "NoValue",
    "NotCovered",
    "Parameter",
    "ParameterError",
    "RuleError",
    "UnknownCode",
    "cites",
    "copayment_exempt",
    "gives_isf_refund",
    "group_financed",
    "isf_refund",
    "npr_deadline",
    "replacement_code",
    "respirator_duration_code",
]
