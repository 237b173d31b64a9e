variable "proxy_name" {
  description = "Name of the proxy whose default target group this configures"
  type        = string
}

variable "db_instance_identifier" {
  description = "DB instance behind the proxy (exclusive with db_cluster_identifier)"
  type        = string
  default     = null
}

variable "db_cluster_identifier" {
  description = "Aurora cluster behind the proxy (exclusive with db_instance_identifier)"
  type        = string
  default     = null
}

variable "max_connections_percent" {
  description = "Share of the database's max_connections the proxy may open (1-100)"
  type        = number
  default     = 100
}

variable "max_idle_connections_percent" {
  description = "Share of max connections the proxy keeps idle (0-100, not above max_connections_percent)"
  type        = number
  default     = 50
}

variable "connection_borrow_timeout" {
  description = "Seconds a client waits for a pooled connection (0-3600)"
  type        = number
  default     = 120
}

variable "session_pinning_filters" {
  description = "Session state the proxy may ignore when deciding to pin (EXCLUDE_VARIABLE_SETS)"
  type        = list(string)
  default     = []
}

variable "init_query" {
  description = "SQL run on each new database connection"
  type        = string
  default     = null
}
