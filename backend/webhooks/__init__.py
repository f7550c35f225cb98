"""Outgoing webhooks: HTTPS endpoints a tenant registers, signed deliveries, their log."""
