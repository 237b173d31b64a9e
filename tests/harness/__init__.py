"""The test, demo and benchmark harness of rds-proxy-lambda: the moto emulator, the Terraform
driver, seeding, real database servers and the IAM token verifier. Users never import it."""
