"""Fuzzy search over passages: query parsing, vocabulary expansion, ranking."""
