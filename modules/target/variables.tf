variable "proxy_name" {
  description = "Name of the proxy whose default target group this configures"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.proxy_name)) && length(var.proxy_name) <= 60
    error_message = "proxy_name must be a proxy name: a letter first, then letters, digits and single hyphens, at most 60 characters."
  }
}

variable "db_instance_identifier" {
  description = "DB instance behind the proxy; set exactly one of this and db_cluster_identifier"
  type        = string
  default     = null

  validation {
    condition     = var.db_instance_identifier == null || try(can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.db_instance_identifier)) && length(var.db_instance_identifier) <= 63, false)
    error_message = "db_instance_identifier must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 63 characters."
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
    condition     = var.db_cluster_identifier == null || try(can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.db_cluster_identifier)) && length(var.db_cluster_identifier) <= 63, false)
    error_message = "db_cluster_identifier must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 63 characters."
  }
}

variable "max_connections_percent" {
  description = "Share of the database's max_connections the proxy may use (1-100)"
  type        = number
  default     = 100

  validation {
    condition     = var.max_connections_percent >= 1 && var.max_connections_percent <= 100
    error_message = "max_connections_percent must be from 1 to 100."
  }
}

variable "max_idle_connections_percent" {
  description = "Share of max connections kept idle (0-100, not above max_connections_percent)"
  type        = number
  default     = 50

  validation {
    condition     = var.max_idle_connections_percent >= 0 && var.max_idle_connections_percent <= var.max_connections_percent
    error_message = "max_idle_connections_percent must be from 0 to max_connections_percent."
  }
}

variable "connection_borrow_timeout" {
  description = "Seconds a client waits for a free pooled connection (0-3600)"
  type        = number
  default     = 120

  validation {
    condition     = var.connection_borrow_timeout >= 0 && var.connection_borrow_timeout <= 3600
    error_message = "connection_borrow_timeout must be from 0 to 3600 seconds."
  }
}

variable "session_pinning_filters" {
  description = "Session state the proxy may ignore when deciding to pin; only EXCLUDE_VARIABLE_SETS exists"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for f in var.session_pinning_filters : f == "EXCLUDE_VARIABLE_SETS"])
    error_message = "session_pinning_filters may only contain EXCLUDE_VARIABLE_SETS."
  }
}

variable "init_query" {
  description = "SQL the proxy runs on each new database connection"
  type        = string
  default     = null
}
