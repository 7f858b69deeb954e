"""Benchmarks, each a script run from the repository root: ``python bench/import.py``."""
