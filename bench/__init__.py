"""Benchmarks: run each one as a script from the repository root, e.g. ``python bench/import.py``."""
