"""Jianbao's service: storage, the HTTP API and the review pages, built on ``extractor``."""
