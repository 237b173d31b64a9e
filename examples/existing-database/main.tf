# Put RDS Proxy in front of a database you already run: the module creates the
# secret, the proxy role, the proxy, its security groups and a Lambda that uses it.
# `make demo` applies this example on the local emulator.

provider "aws" {
  region = var.region
}

module "rds_proxy" {
  source = "../.."

  name          = var.name
  engine_family = var.engine_family

  db_instance_identifier = var.db_instance_identifier
  db_host                = var.db_host
  db_name                = var.db_name
  db_username            = var.db_username

  vpc_id               = var.vpc_id
  subnet_ids           = var.subnet_ids
  db_security_group_id = var.db_security_group_id

  lambda_zip_path = var.lambda_zip_path

  tags = { Example = "existing-database" }
}
