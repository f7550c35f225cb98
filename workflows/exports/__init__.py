"""ExportWorkflow: builds one CSV/XLSX export (workflow id ``export-{export_id}``)."""
