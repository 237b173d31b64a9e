"""rds-proxy-lambda tools: render the IAM policies (rds-proxy-policies) and package Lambda code (rds-proxy-package)."""
