"""The store's operations, keyword-only functions over a session.

``documents`` (uploads, status, listing), ``records`` (an extraction's entities and records,
record rows, listing), ``units`` (the unit registry: filing, merge, split), ``review`` (accept,
reject, correct, the audit trail), ``progress`` (the progress queries), ``tokens`` (API tokens).
"""
