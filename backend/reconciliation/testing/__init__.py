"""Test support for the reconciliation engine: a synthetic ground-truth generator."""
