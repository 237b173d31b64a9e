# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "create" {
  description = "Create the role (false: the caller passes its own role to the proxy)"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the proxy the role serves; prefixes the role and names it in descriptions"
  type        = string

  validation {
    condition     = can(regex(local.rules.name_prefix, var.name))
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores: it prefixes the role's name."
  }
}

variable "secret_arns" {
  description = "Secrets the proxy may read (GetSecretValue on exactly these), in the proxy's region"
  type        = list(string)

  validation {
    condition     = (!var.create || length(var.secret_arns) > 0) && !anytrue([for arn in var.secret_arns : !can(regex(local.rules.arn.secret, arn))])
    error_message = "secret_arns must hold Secrets Manager secret ARNs, at least one when create is true (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-XXXXXX; the full ARN ends with - and six characters Secrets Manager adds to the name (the console shows it; or aws secretsmanager describe-secret --secret-id <name> --query ARN))."
  }

  validation {
    condition     = !anytrue([for arn in var.secret_arns : can(regex(local.rules.arn.secret, arn)) && try(regex(local.rules.arn.secret, arn)[1] != data.aws_region.current.id, false)])
    error_message = "secret_arns must be secrets in the proxy's region, ${data.aws_region.current.id}: the role may decrypt them only through Secrets Manager there."
  }
}

variable "kms_key_arns" {
  description = "Customer managed keys of those secrets, decrypted only via Secrets Manager (empty: AWS-managed key)"
  type        = list(string)
  default     = []

  validation {
    condition     = !anytrue([for arn in var.kms_key_arns : !can(regex(local.rules.arn.kms_key, arn))])
    error_message = "kms_key_arns must hold KMS key ARNs (arn:<partition>:kms:<region>:<account>:key/<key id>)."
  }

  validation {
    condition     = !anytrue([for arn in var.kms_key_arns : can(regex(local.rules.arn.kms_key, arn)) && try(regex(local.rules.arn.kms_key, arn)[1] != data.aws_region.current.id, false)])
    error_message = "kms_key_arns must be keys in the proxy's region, ${data.aws_region.current.id}: Secrets Manager there decrypts with keys of its own region only."
  }
}

variable "arn_max_length" {
  description = "Characters of the longest of secret_arns and kms_key_arns, for an ARN not known at plan (null: measured)"
  type        = number
  default     = null
}

variable "iam_role_path" {
  description = "IAM path of the role"
  type        = string
  default     = "/"

  validation {
    condition     = can(regex(local.rules.iam_path, var.iam_role_path)) && length(var.iam_role_path) <= local.rules.iam_path_max_length
    error_message = "iam_role_path must be / or start and end with / (printable ASCII, at most 512 characters)."
  }
}

variable "iam_role_permissions_boundary" {
  description = "ARN of a permissions boundary for the role"
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_permissions_boundary == null || can(regex(local.rules.arn.iam_policy, coalesce(var.iam_role_permissions_boundary, "-")))
    error_message = "iam_role_permissions_boundary must be an IAM managed policy ARN (arn:<partition>:iam::<account>:policy/<name>)."
  }
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}

  validation {
    condition = length(var.tags) <= local.rules.tags.max_count && alltrue([for key, value in var.tags :
      can(regex(local.rules.tags.key, key)) && can(regex(local.rules.tags.value, value))
      && !can(regex(local.rules.tags.reserved_prefix, key)) && !can(regex(local.rules.tags.reserved_prefix, value))
    ])
    error_message = "tags: ${local.rules.tags.rule}."
  }
}
