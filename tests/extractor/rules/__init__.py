"""Tests of the pure rule modules (extractor.rules)."""
