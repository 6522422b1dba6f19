"""``tracker propose``: next year's parameter values drafted from its documents, with citations.

The facts the check reads (:mod:`tracker.check.facts`) that the rules lack become proposed entries of the
parameter files, each with its unit, citations (document, section, lineage, the quoted passage), how sure
it is and why; values that disagree are conflicts, never merged or applied. See :func:`propose`.
"""

from tracker.propose.facts_to_proposals import Conflict, Evidence, Proposal, Unresolved
from tracker.propose.run import ProposeError, ProposeInputError, ProposeResult, propose
from tracker.propose.yaml_edit import YamlEditError

__all__ = [
    "Conflict",
    "Evidence",
    "Proposal",
    "ProposeError",
    "ProposeInputError",
    "ProposeResult",
    "Unresolved",
    "YamlEditError",
    "propose",
]
