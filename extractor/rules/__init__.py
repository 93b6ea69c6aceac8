"""Entity finders and normalisers: pure functions, text in, candidates or values out.

Finders: ``units``, ``people`` (PERSON and TITLE), ``dates``, ``counts`` (COUNT and PERCENT),
``sentences``; normalisers: ``numerals`` (Chinese and Arabic numbers), ``dates`` (written dates
to ISO values, years inferred); ``quoted`` (《…》 spans no name is looked for in). No spaCy here
and no I/O beyond the data files (``extractor.resources``); records are built from the
entities in ``extractor.records``.
"""

