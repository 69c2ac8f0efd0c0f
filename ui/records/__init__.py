"""信用信息: a record's version history and the provider's correction / revocation notices."""
