data "aws_region" "current" {}

data "aws_service_principal" "rds" {
  service_name = "rds"
}

data "aws_partition" "current" {}

################################################################################
# Role RDS Proxy assumes to read the database credentials
################################################################################

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name_prefix          = "${substr(var.name, 0, 31)}-proxy-" # IAM takes at most 38 characters of prefix
  description          = "Lets RDS Proxy ${var.name} read its database credentials"
  path                 = var.iam_role_path
  permissions_boundary = var.iam_role_permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "RDSProxyAssumeRole"
      Effect    = "Allow"
      Principal = { Service = data.aws_service_principal.rds.name }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

# GetSecretValue on exactly the proxy's secrets; Decrypt on their customer keys
# only when Secrets Manager asks (the AWS-managed key already allows that).
resource "aws_iam_role_policy" "secrets" {
  count = var.create ? 1 : 0

  name = "read-proxy-secrets"
  role = aws_iam_role.this[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid      = "GetProxySecrets"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = var.secret_arns
      }],
      length(var.kms_key_arns) == 0 ? [] : [{
        Sid       = "DecryptProxySecrets"
        Effect    = "Allow"
        Action    = "kms:Decrypt"
        Resource  = var.kms_key_arns
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${data.aws_region.current.id}.${data.aws_partition.current.dns_suffix}" } }
      }]
    )
  })
}
