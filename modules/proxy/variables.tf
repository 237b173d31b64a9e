variable "name" {
  description = "Name of the proxy"
  type        = string
}

variable "engine_family" {
  description = "MYSQL or POSTGRESQL"
  type        = string
}

variable "role_arn" {
  description = "Role the proxy assumes to read its secrets"
  type        = string
}

variable "require_tls" {
  description = "Require TLS for client connections"
  type        = bool
  default     = true
}

variable "idle_client_timeout" {
  description = "Seconds a client connection may idle before the proxy closes it"
  type        = number
  default     = 1800
}

variable "debug_logging" {
  description = "Log SQL statements (may include sensitive data)"
  type        = bool
  default     = false
}

variable "subnet_ids" {
  description = "Subnets the proxy runs in"
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the proxy"
  type        = list(string)
}

variable "auth" {
  description = "One auth entry per secret"
  type = list(object({
    secret_arn                = string
    iam_auth                  = string
    client_password_auth_type = optional(string)
    description               = optional(string)
  }))
}

variable "manage_log_group" {
  description = "Create the proxy's CloudWatch log group"
  type        = bool
  default     = true
}

variable "log_group_retention_in_days" {
  description = "Days to keep proxy logs"
  type        = number
  default     = 365
}

variable "log_group_kms_key_arn" {
  description = "KMS key for the log group (null: CloudWatch Logs' own encryption)"
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
