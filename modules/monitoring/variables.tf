# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "name" {
  description = "Name of the proxy; prefixes the alarms and names the dashboard"
  type        = string

  validation {
    condition     = can(regex(local.rules.name_prefix, var.name))
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores: it prefixes the alarms and names the dashboard."
  }
}

variable "proxy_name" {
  description = "Name of the proxy the alarms and the dashboard watch"
  type        = string

  validation {
    condition     = can(regex(local.rules.rds_identifier, var.proxy_name)) && length(var.proxy_name) <= local.rules.proxy_name_max_length
    error_message = "proxy_name must be a proxy name: a lower-case letter first, then lower-case letters, digits and single hyphens, at most ${local.rules.proxy_name_max_length} characters."
  }
}

variable "target_roles" {
  description = "Target roles whose availability is watched: READ_WRITE, and READ_ONLY for an Aurora cluster with reader endpoints"
  type        = list(string)
  default     = ["READ_WRITE"]

  validation {
    condition     = length(var.target_roles) > 0 && alltrue([for r in var.target_roles : contains(["READ_WRITE", "READ_ONLY"], r)])
    error_message = "target_roles must list READ_WRITE and/or READ_ONLY."
  }
}

variable "function_name" {
  description = "Lambda function whose errors and throttles are watched and shown (null: none); must be known at plan time"
  type        = string
  default     = null
}

variable "create_alarms" {
  description = "Create the CloudWatch alarms"
  type        = bool
  default     = true
}

variable "alarm_actions" {
  description = "SNS topic ARNs (at most 5) notified when an alarm fires and when it clears (empty: the alarms only change state)"
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.alarm_actions) <= local.rules.alarm.actions_max && !anytrue([for arn in var.alarm_actions : !can(regex(local.rules.arn.sns_topic, arn))])
    error_message = "alarm_actions must hold at most ${local.rules.alarm.actions_max} SNS topic ARNs (arn:<partition>:sns:<region>:<account>:<topic>)."
  }
}

variable "alarm_thresholds" {
  description = "Alarm thresholds, each optional: pinned_connections (10), borrow_latency_ms (100), database_connections_pct (80), availability_pct (100), failed_auth_connections (0), function_errors (0), function_throttles (0), over evaluation_periods (3) of period_seconds (60)"
  type = object({
    pinned_connections       = optional(number, 10)
    borrow_latency_ms        = optional(number, 100)
    database_connections_pct = optional(number, 80)
    availability_pct         = optional(number, 100)
    failed_auth_connections  = optional(number, 0)
    function_errors          = optional(number, 0)
    function_throttles       = optional(number, 0)
    evaluation_periods       = optional(number, 3)
    period_seconds           = optional(number, 60)
  })
  default = {}

  validation {
    condition = alltrue([
      for name, value in var.alarm_thresholds : value >= 0 if !contains(["evaluation_periods", "period_seconds"], name)
    ])
    error_message = "alarm_thresholds must hold numbers of 0 or more."
  }

  validation {
    condition     = var.alarm_thresholds.database_connections_pct <= 100 && var.alarm_thresholds.availability_pct <= 100
    error_message = "alarm_thresholds.database_connections_pct and availability_pct are percentages (at most 100)."
  }

  validation {
    condition     = var.alarm_thresholds.evaluation_periods >= 1 && floor(var.alarm_thresholds.evaluation_periods) == var.alarm_thresholds.evaluation_periods
    error_message = "alarm_thresholds.evaluation_periods must be a whole number from 1."
  }

  validation {
    condition     = var.alarm_thresholds.period_seconds >= 60 && var.alarm_thresholds.period_seconds % 60 == 0
    error_message = "alarm_thresholds.period_seconds must be a multiple of 60: RDS Proxy and Lambda publish their metrics once a minute, so a shorter period has no data."
  }

  validation {
    condition = (
      var.alarm_thresholds.period_seconds * var.alarm_thresholds.evaluation_periods
      <= (var.alarm_thresholds.period_seconds < 3600 ? local.rules.alarm.evaluation_seconds_max_below_an_hour : local.rules.alarm.evaluation_seconds_max)
    )
    error_message = "alarm_thresholds: period_seconds times evaluation_periods must be at most one day (86400 s) for periods under an hour, and at most 7 days (604800 s) otherwise."
  }
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for the alarms"
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
