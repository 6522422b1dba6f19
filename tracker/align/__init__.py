"""Aligning sections across years and documents: matches, word diffs, lineages, lint.

- :mod:`tracker.align.match` — ``align(old, new)``: every section's fate as :class:`Pair`s;
- :mod:`tracker.align.diff` — ``word_diff`` and ``classify`` (editorial / substantive);
- :mod:`tracker.align.lineage` — the committed lineage registry with stable ids;
- :mod:`tracker.align.regelverk` — regelverk chapters known from what documents say about them;
- :mod:`tracker.align.lint` — consistency findings for editors;
- :mod:`tracker.align.pipeline` — ``align_corpus`` for ``tracker build``.
"""
