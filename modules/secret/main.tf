data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  create_kms_key = var.create && var.kms_key_arn == null && var.create_kms_key
  kms_key_arn    = var.kms_key_arn != null ? var.kms_key_arn : try(aws_kms_key.this[0].arn, null)
  # The engine as Secrets Manager's rotation functions name it.
  secret_engine = { MYSQL = "mysql", POSTGRESQL = "postgres" }[var.engine_family]
}

################################################################################
# Customer managed key (optional)
################################################################################

resource "aws_kms_key" "this" {
  count = local.create_kms_key ? 1 : 0

  description             = "Encrypts the RDS Proxy secret ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
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

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create_kms_key ? 1 : 0

  name          = "alias/${var.name}-proxy-secret"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# Secret: {username, password, engine, host, port, dbname}
################################################################################

resource "aws_secretsmanager_secret" "this" {
  # checkov:skip=CKV_AWS_149: a customer managed key by default (its ARN is unknown at plan); the AWS-managed key only on opt-out
  # checkov:skip=CKV2_AWS_57: rotation is opt-in (rotation): it needs a rotation function with database access that the caller owns
  count = var.create ? 1 : 0

  name_prefix             = "${var.name}-proxy-"
  description             = "Credentials RDS Proxy ${var.name} uses to connect to the database"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

# The password never enters plan or state: it is generated (or passed) as an
# ephemeral value and written through the write-only secret_string_wo. The
# generator is always opened: count cannot depend on the ephemeral var.db_password.
ephemeral "aws_secretsmanager_random_password" "this" {
  count = var.create ? 1 : 0

  password_length     = 32
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret_version" "this" {
  count = var.create ? 1 : 0

  secret_id = aws_secretsmanager_secret.this[0].id
  secret_string_wo = jsonencode({
    username = var.db_username
    password = var.db_password != null ? var.db_password : ephemeral.aws_secretsmanager_random_password.this[0].random_password
    engine   = local.secret_engine
    host     = var.db_host
    port     = var.db_port
    dbname   = var.db_name
  })
  secret_string_wo_version = var.password_version
}

################################################################################
# Rotation (optional): a rotation function the caller owns changes the password on a schedule
################################################################################

resource "aws_secretsmanager_secret_rotation" "this" {
  # checkov:skip=CKV_AWS_304: the interval comes from var.rotation, whose validation allows at most 90 days
  count = var.create && var.rotation != null ? 1 : 0

  secret_id           = aws_secretsmanager_secret.this[0].id
  rotation_lambda_arn = var.rotation.lambda_arn
  rotate_immediately  = var.rotation.rotate_immediately

  rotation_rules {
    automatically_after_days = var.rotation.automatically_after_days
    schedule_expression      = var.rotation.schedule_expression
  }

  depends_on = [aws_secretsmanager_secret_version.this]
}
