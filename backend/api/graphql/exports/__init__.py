"""GraphQL for exports: exportDocuments, exportReconciliations, export(id), exports."""
