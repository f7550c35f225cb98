"""Builders of valid fiscal XML with known values, for tests and benchmarks."""
