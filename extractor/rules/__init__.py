"""Pure rule functions (text in, candidates or values out); no spaCy, no I/O beyond data files."""


def clear_text_caches() -> None:
    """Forget what the rules cached about texts they have seen (tokens, noun phrases, clause
    words), not their data files: a benchmark's passes over the same texts then start cold."""
    from extractor.rules import clauses, counts, lexicon, numerals

    for cached in (lexicon.tokens, counts._item_in, clauses._words, numerals.parse_number):
        cached.cache_clear()
