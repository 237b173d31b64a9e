"""Real database servers (PostgreSQL, MariaDB, PgBouncer) standing in for RDS and RDS Proxy, the IAM token
verifier their logins go through, and the workload the pooler tests put through them."""
