# Bring your own secret: the database credentials already live in a secret that
# another team manages, encrypted with its own KMS key. The module only reads it.
# Functions are deployed elsewhere (SAM, CDK): the module creates no Lambda and
# outputs the rds-db:connect policy, the proxy security group and the rds_connect
# layer (rds-proxy-package --layer) for them.

provider "aws" {
  region = var.region
}

################################################################################
# The caller's key and secret (normally created outside this configuration)
################################################################################

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_kms_key" "secrets" {
  description         = "Database credentials of ${var.name}"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersKeyThroughIAM"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

# Two database users, each with its own secret: the functions' user logs in with IAM tokens; the
# migration tool's user logs in with its password (its entry disables IAM).
locals {
  db_users = {
    app        = { username = var.db_username, iam_auth = "REQUIRED", description = "Functions, with IAM tokens" }
    migrations = { username = var.migrations_username, iam_auth = "DISABLED", description = "Schema migrations, with the password" }
  }
}

resource "aws_secretsmanager_secret" "db" {
  # checkov:skip=CKV2_AWS_57: rotation belongs to the team that owns this secret, not to the example
  for_each = local.db_users

  name_prefix = "${var.name}-${each.key}-"
  description = "Credentials of ${each.value.username} on ${var.db_instance_identifier}"
  kms_key_id  = aws_kms_key.secrets.arn
}

ephemeral "aws_secretsmanager_random_password" "db" {
  for_each = local.db_users

  password_length     = 32
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "db" {
  for_each = local.db_users

  secret_id = aws_secretsmanager_secret.db[each.key].id
  secret_string_wo = jsonencode({
    username = each.value.username
    password = ephemeral.aws_secretsmanager_random_password.db[each.key].random_password
  })
  secret_string_wo_version = 1
}

################################################################################
# RDS Proxy reading those secrets, for functions deployed elsewhere
################################################################################

module "rds_proxy" {
  source = "../.."

  name          = var.name
  engine_family = "POSTGRESQL"

  db_instance_identifier = var.db_instance_identifier
  db_username            = var.db_username

  create_secret = false
  existing_secrets = { for key, user in local.db_users : key => {
    secret_arn                = aws_secretsmanager_secret_version.db[key].arn
    kms_key_arn               = aws_kms_key.secrets.arn
    username                  = user.username
    iam_auth                  = user.iam_auth
    client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
    description               = user.description
  } }

  vpc_id                     = var.vpc_id
  subnet_ids                 = var.subnet_ids
  db_security_group_id       = var.db_security_group_id
  allowed_security_group_ids = var.function_security_group_ids

  create_lambda  = false
  create_layer   = true
  layer_zip_path = var.layer_zip_path

  tags = { Example = "existing-secret" }
}
