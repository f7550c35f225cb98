"""Generators of statement files with known contents, for tests and benchmarks."""
