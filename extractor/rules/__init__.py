"""Pure rule functions (text in, candidates or values out); no spaCy, no I/O beyond data files."""
