# What AWS accepts (modules/aws_rules.json): IAM's quotas on policy sizes.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "statements" {
  description = "The grant: statements whose resources are split across policies (condition: null or an IAM condition block)"
  type = list(object({
    sid       = string
    action    = string
    resources = list(string)
    condition = optional(map(map(string)))
  }))
}

variable "arn_max_length" {
  description = "Characters of the longest resource ARN; needed at plan only when the grant may not fit inline"
  type        = number
}

variable "arn_length_limit" {
  description = "Characters of the longest ARN AWS allows for these resources (known at plan)"
  type        = number
}

variable "resource_count_max" {
  description = "At most how many resources the statements hold, when their lists may not be known at plan (null: counted)"
  type        = number
  default     = null
}

variable "inline_budget" {
  description = "Characters left for this grant's inline policy on the role (IAM: 10,240 for all of a role's inline policies)"
  type        = number
}

variable "managed_slots" {
  description = "Managed policies the role may still have attached (IAM: 10 per role by default, 20 at most)"
  type        = number

  validation {
    condition     = local.managed_count <= var.managed_slots
    error_message = "The grant of ${var.input_name} needs ${local.managed_count} managed policies of at most ${local.rules.iam_quotas.managed_policy} characters besides its inline policy (${length(local.items)} ARNs of up to ${var.arn_max_length} characters; IAM allows ${local.rules.iam_quotas.role_inline_policies} characters of inline policies per role), but the role may have only ${var.managed_slots} more attached (IAM's default quota: ${local.rules.iam_quotas.managed_policies_per_role} per role). Give fewer per proxy (a second proxy for the rest), shorter names, or fewer customer managed keys."
  }
}

variable "input_name" {
  description = "The input that holds the resources, named in the error when the grant cannot fit"
  type        = string
}
