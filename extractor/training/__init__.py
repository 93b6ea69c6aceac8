"""Training data in and out of the statistical NER model (see models/README.md).

``convert`` turns the annotated corpora into spaCy DocBins (counting every span that does not
line up with a token), ``exports`` writes reviewed documents as DocBin, JSONL spans and
character BIO, and ``train`` is the thin wrapper around ``spacy train`` behind ``jianbao train``.
"""
