"""CSV and XLSX exports of documents and reconciliations, built by a workflow."""
