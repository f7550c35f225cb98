"""Webhook deliveries: one workflow per delivery, retried with backoff."""
