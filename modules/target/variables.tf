# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "proxy_name" {
  description = "Name of the proxy whose default target group this configures"
  type        = string

  validation {
    condition     = can(regex(local.rules.rds_identifier, var.proxy_name)) && length(var.proxy_name) <= local.rules.proxy_name_max_length
    error_message = "proxy_name must be a proxy name: a lower-case letter first, then lower-case letters, digits and single hyphens, at most ${local.rules.proxy_name_max_length} characters."
  }
}

variable "engine_family" {
  description = "Engine family of the proxy: MYSQL or POSTGRESQL (some pool settings exist for one family only)"
  type        = string

  validation {
    condition     = contains(keys(local.rules.proxy_ports), var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "db_instance_identifier" {
  description = "DB instance behind the proxy (the writer, not a read replica); set exactly one of this and db_cluster_identifier"
  type        = string
  default     = null

  validation {
    condition     = var.db_instance_identifier == null || try(can(regex(local.rules.rds_identifier, var.db_instance_identifier)) && length(var.db_instance_identifier) <= local.rules.rds_identifier_max_length, false)
    error_message = "db_instance_identifier must start with a lower-case letter, contain only lower-case letters, digits and single hyphens, not end with a hyphen, and be at most ${local.rules.rds_identifier_max_length} characters."
  }
}

variable "db_cluster_identifier" {
  description = "Aurora cluster behind the proxy; set exactly one of this and db_instance_identifier"
  type        = string
  default     = null

  validation {
    condition     = (var.db_instance_identifier == null) != (var.db_cluster_identifier == null)
    error_message = "Set exactly one of db_instance_identifier and db_cluster_identifier."
  }

  validation {
    condition     = var.db_cluster_identifier == null || try(can(regex(local.rules.rds_identifier, var.db_cluster_identifier)) && length(var.db_cluster_identifier) <= local.rules.rds_identifier_max_length, false)
    error_message = "db_cluster_identifier must start with a lower-case letter, contain only lower-case letters, digits and single hyphens, not end with a hyphen, and be at most ${local.rules.rds_identifier_max_length} characters."
  }
}

variable "max_connections_percent" {
  description = "Share of the database's max_connections the proxy may use (1-100)"
  type        = number
  default     = 100

  validation {
    condition     = var.max_connections_percent >= 1 && var.max_connections_percent <= 100 && floor(var.max_connections_percent) == var.max_connections_percent
    error_message = "max_connections_percent must be a whole number from 1 to 100."
  }
}

variable "max_idle_connections_percent" {
  description = "Share of max connections kept idle (0-100, not above max_connections_percent)"
  type        = number
  default     = 50

  validation {
    condition     = var.max_idle_connections_percent >= 0 && var.max_idle_connections_percent <= 100 && floor(var.max_idle_connections_percent) == var.max_idle_connections_percent
    error_message = "max_idle_connections_percent must be a whole number from 0 to 100."
  }

  validation {
    condition     = var.max_idle_connections_percent <= var.max_connections_percent
    error_message = "max_idle_connections_percent must not be above max_connections_percent."
  }
}

variable "connection_borrow_timeout" {
  description = "Seconds a client waits for a free pooled connection (0-300)"
  type        = number
  default     = 120

  validation {
    condition     = var.connection_borrow_timeout >= 0 && var.connection_borrow_timeout <= local.rules.connection_borrow_timeout_max && floor(var.connection_borrow_timeout) == var.connection_borrow_timeout
    error_message = "connection_borrow_timeout must be a whole number of seconds from 0 to ${local.rules.connection_borrow_timeout_max}."
  }
}

variable "session_pinning_filters" {
  description = "Session state the proxy may ignore when deciding to pin (MYSQL only: EXCLUDE_VARIABLE_SETS; PostgreSQL proxies have no filters)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for f in var.session_pinning_filters : contains(lookup(local.rules.session_pinning_filters, var.engine_family, []), f)])
    error_message = "session_pinning_filters: ${var.engine_family == "MYSQL" ? "MYSQL proxies know only EXCLUDE_VARIABLE_SETS" : "a ${var.engine_family} proxy has no session pinning filters (they exist for MYSQL only)"}."
  }
}

variable "init_query" {
  description = "SQL the proxy runs on each new database connection (readable by anyone who may describe the target group: no secrets)"
  type        = string
  default     = null

  validation {
    condition     = var.init_query == null || !can(regex("(?i)sql_auto_is_null\\s*=\\s*('?(1|on|true)'?)", coalesce(var.init_query, "-")))
    error_message = "init_query must not turn sql_auto_is_null on: RDS Proxy does not support it, and queries may return wrong rows."
  }
}
