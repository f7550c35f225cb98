"""Platform support: the tenant directory and time-limited, audited access grants."""
