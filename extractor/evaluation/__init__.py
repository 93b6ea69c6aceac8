"""Evaluation: answer keys, annotated corpora and normaliser test cases."""
