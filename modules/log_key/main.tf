data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account = data.aws_caller_identity.current.account_id
  log_group_arns = [
    for name in var.log_group_names :
    "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.id}:${local.account}:log-group:${name}"
  ]
}

################################################################################
# Customer managed key for the log groups: CloudWatch Logs may use it for these groups only
################################################################################

resource "aws_kms_key" "this" {
  description             = "Encrypts the CloudWatch log groups of RDS Proxy ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministersKeyThroughIAM"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsForTheseLogGroupsOnly"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.id}.${data.aws_partition.current.dns_suffix}" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = local.log_group_arns } }
      },
    ]
  })

  tags = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-logs"
  target_key_id = aws_kms_key.this.key_id
}
