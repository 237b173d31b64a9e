# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "create" {
  description = "Create the secret (false: the caller brings its own and this module creates nothing)"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the proxy the secret serves; prefixes the secret, names the key alias and descriptions"
  type        = string

  validation {
    condition     = can(regex(local.rules.name_prefix, var.name))
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores: it prefixes the secret's name and its key's alias."
  }
}

variable "engine_family" {
  description = "Engine family of the database: MYSQL or POSTGRESQL (recorded in the secret as mysql or postgres)"
  type        = string

  validation {
    condition     = contains(keys(local.rules.proxy_ports), var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "db_username" {
  description = "Database user the secret holds"
  type        = string

  validation {
    condition     = can(regex(lookup(local.rules.db_user, var.engine_family, local.rules.db_user.POSTGRESQL), var.db_username))
    error_message = "db_username must start with a letter or underscore and contain only letters, digits and underscores, at most ${var.engine_family == "MYSQL" ? "32 characters for MYSQL" : "63 characters for POSTGRESQL"}."
  }
}

variable "db_password" {
  description = "Password to store; null generates one. Ephemeral: never stored in plan or state"
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Bump to write db_password (or a newly generated one) into the secret"
  type        = number
  default     = 1

  validation {
    condition     = var.password_version >= 1 && floor(var.password_version) == var.password_version
    error_message = "password_version must be a whole number from 1."
  }
}

variable "db_host" {
  description = "Database endpoint recorded in the secret (informational; the proxy uses its target)"
  type        = string
  default     = null

  validation {
    condition     = var.db_host == null || try(can(regex(local.rules.host_name, var.db_host)) && length(var.db_host) <= 253, false)
    error_message = "db_host must be a host name or IPv4 address, without scheme, port or path."
  }
}

variable "db_port" {
  description = "Database port recorded in the secret"
  type        = number

  validation {
    condition     = var.db_port >= 1 && var.db_port <= 65535 && floor(var.db_port) == var.db_port
    error_message = "db_port must be a whole number from 1 to 65535."
  }
}

variable "db_name" {
  description = "Database name recorded in the secret"
  type        = string
  default     = null

  validation {
    condition     = var.db_name == null || try(can(regex(local.rules.db_name, var.db_name)) && length(var.db_name) <= lookup(local.rules.db_name_max_length, var.engine_family, local.rules.db_name_max_length.MYSQL), false)
    error_message = "db_name must start with a letter or underscore and contain only letters, digits, _ and $, at most 64 characters for MYSQL and 63 for POSTGRESQL."
  }
}

variable "create_kms_key" {
  description = "Create a customer managed key (rotation on) when kms_key_arn is null; false uses the AWS-managed aws/secretsmanager key"
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Existing customer managed key for the secret, in the secret's region"
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex(local.rules.arn.kms_key, var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)."
  }

  validation {
    condition     = var.kms_key_arn == null || try(regex(local.rules.arn.kms_key, var.kms_key_arn)[1] == data.aws_region.current.id, true)
    error_message = "kms_key_arn must be a key in the secret's region, ${data.aws_region.current.id}: Secrets Manager uses keys of its own region only."
  }
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (0 or 7-30)"
  type        = number
  default     = 30

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= local.rules.secret.recovery_window_min && var.recovery_window_in_days <= local.rules.secret.recovery_window_max && floor(var.recovery_window_in_days) == var.recovery_window_in_days)
    error_message = "recovery_window_in_days must be 0 (delete at once) or a whole number from 7 to 30."
  }
}

variable "rotation" {
  description = "Rotate the secret with your rotation function (e.g. the AWS single-user rotation template for the engine): its ARN and either automatically_after_days or a schedule_expression (rate(N hours) from 4, rate(N days) up to 90, or cron(...)); null: no rotation"
  type = object({
    lambda_arn               = string
    automatically_after_days = optional(number)
    schedule_expression      = optional(string)
    rotate_immediately       = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.rotation == null || can(regex(local.rules.arn.lambda_function, var.rotation.lambda_arn))
    error_message = "rotation.lambda_arn must be a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>)."
  }

  validation {
    condition     = var.rotation == null || ((try(var.rotation.automatically_after_days, null) == null) != (try(var.rotation.schedule_expression, null) == null))
    error_message = "rotation needs exactly one of automatically_after_days and schedule_expression."
  }

  validation {
    condition     = try(var.rotation.automatically_after_days, null) == null || try(var.rotation.automatically_after_days >= 1 && var.rotation.automatically_after_days <= 90 && floor(var.rotation.automatically_after_days) == var.rotation.automatically_after_days, false)
    error_message = "rotation.automatically_after_days must be a whole number from 1 to 90 (rotate at least every 90 days)."
  }

  validation {
    condition     = try(var.rotation.schedule_expression, null) == null || can(regex(local.rules.secret.rotation_schedule, try(var.rotation.schedule_expression, "")))
    error_message = "rotation.schedule_expression must be rate(N hours) with N from 4 to 23, rate(N days) with N from 1 to 90, or cron(...)."
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
