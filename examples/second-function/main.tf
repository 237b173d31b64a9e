# A second function next to an existing proxy: a team adds its own Lambda, with its own role and
# rds-db:connect policy, its own security group and a rule into the proxy's group, using the
# module's lambda part on its own (not a second copy of the whole module).

provider "aws" {
  region = var.region
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_db_proxy" "existing" {
  name = var.proxy_name
}

locals {
  engine_family = data.aws_db_proxy.existing.engine_family
  # IAM auth names the proxy by its resource id (prx-...), never its name.
  proxy_resource_id = regex(":db-proxy:(prx-[0-9a-z]+)$", data.aws_db_proxy.existing.arn)[0]
  rds_connect_policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ConnectThroughProxy"
      Effect   = "Allow"
      Action   = "rds-db:connect"
      Resource = "arn:${data.aws_partition.current.partition}:rds-db:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:dbuser:${local.proxy_resource_id}/${var.db_username}"
    }]
  })
}

# The function's log group is encrypted with a key of its own, which admits CloudWatch Logs for it only.
module "log_key" {
  source = "../../modules/log_key"

  name            = var.name
  log_group_names = ["/aws/lambda/${var.name}"]

  tags = { Example = "second-function" }
}

module "reports_function" {
  source = "../../modules/lambda"

  name     = var.name
  zip_path = var.lambda_zip_path
  handler  = var.lambda_handler

  vpc_id                  = data.aws_db_proxy.existing.vpc_id
  subnet_ids              = var.subnet_ids
  proxy_security_group_id = tolist(data.aws_db_proxy.existing.vpc_security_group_ids)[0]

  proxy_endpoint          = data.aws_db_proxy.existing.endpoint
  db_username             = var.db_username
  db_name                 = var.db_name
  engine_family           = local.engine_family
  rds_connect_policy_json = local.rds_connect_policy_json
  log_group_kms_key_arn   = module.log_key.key_arn

  tags = { Example = "second-function" }
}
