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

# GetSecretValue on exactly the proxy's secrets; Decrypt on their customer keys only when Secrets Manager asks
# (the AWS-managed key already allows that). One inline policy while the grant fits IAM's 10,240 characters of
# inline policies per role; past that, its first ARNs stay inline and managed policies hold the rest.
module "policies" {
  source = "../policy_chunks"

  # A statement left without resources (no customer key) is left out of the policies.
  statements = [
    { sid = "GetProxySecrets", action = "secretsmanager:GetSecretValue", resources = var.secret_arns, condition = null },
    {
      sid       = "DecryptProxySecrets"
      action    = "kms:Decrypt"
      resources = var.kms_key_arns
      condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${data.aws_region.current.id}.${data.aws_partition.current.dns_suffix}" } }
    },
  ]
  arn_max_length = coalesce(var.arn_max_length, max(0, [for arn in concat(var.secret_arns, var.kms_key_arns) : length(arn)]...))
  # A secret's name has at most 512 characters, to which Secrets Manager adds - and 6; a key id has 36 (mrk- and 32).
  arn_length_limit = length("arn:${data.aws_partition.current.partition}:secretsmanager:${data.aws_region.current.id}:123456789012:secret:") + local.rules.secret.name_max_length + 7
  # Each secret has one key at most; the keys' list, made distinct, may be known only at apply.
  resource_count_max = 2 * length(var.secret_arns)
  inline_budget      = local.rules.iam_quotas.role_inline_policies
  # No role, no quota to hold to: as many policies as ARNs never run short.
  managed_slots = var.create ? local.rules.iam_quotas.managed_policies_per_role : length(concat(var.secret_arns, var.kms_key_arns))
  input_name    = "secret_arns and kms_key_arns (existing_secrets at the root)"
}

resource "aws_iam_policy" "secrets" {
  count = var.create ? length(module.policies.managed_policy_jsons) : 0

  name_prefix = "${substr(var.name, 0, 31)}-proxy-secrets-${count.index + 1}-"
  description = "Lets RDS Proxy ${var.name} read its database credentials (part ${count.index + 1} of the grant)"
  path        = var.iam_role_path
  policy      = module.policies.managed_policy_jsons[count.index]

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "secrets" {
  count = var.create ? length(module.policies.managed_policy_jsons) : 0

  role       = aws_iam_role.this[0].name
  policy_arn = aws_iam_policy.secrets[count.index].arn
}

resource "aws_iam_role_policy" "secrets" {
  count = var.create ? 1 : 0

  name   = "read-proxy-secrets"
  role   = aws_iam_role.this[0].id
  policy = module.policies.inline_policy_json

  # When the grant outgrows the inline policy, the ARNs it gives up are granted by the managed policies first.
  depends_on = [aws_iam_role_policy_attachment.secrets]
}
