"""GraphQL of platform support: staff login, tenant directory, support grants, and the
extension that audits every operation made with a support token."""
