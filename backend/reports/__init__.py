"""Reports and dashboard figures: aggregates over documents, reconciliations and files."""
