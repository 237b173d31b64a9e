# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "name" {
  description = "Name of the proxy; names the key alias and its description"
  type        = string

  validation {
    condition     = can(regex(local.rules.name_prefix, var.name))
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores: it names the key's alias."
  }
}

variable "log_group_names" {
  description = "The log groups CloudWatch Logs may encrypt with the key (no other log group may use it)"
  type        = list(string)

  validation {
    condition     = length(var.log_group_names) > 0 && alltrue([for n in var.log_group_names : can(regex(local.rules.log_group_name, n))])
    error_message = "log_group_names must list one or more log group names (letters, digits and _ . / # -, at most 512 characters)."
  }
}

variable "tags" {
  description = "Tags for the key"
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
