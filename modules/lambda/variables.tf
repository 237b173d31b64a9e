variable "create" {
  description = "Create the function and its role"
  type        = bool
  default     = true
}

variable "name" {
  description = "Function name"
  type        = string
}

variable "zip_path" {
  description = "Deployment package (built by rds-proxy-package)"
  type        = string
}

variable "runtime" {
  description = "Lambda runtime"
  type        = string
  default     = "python3.12"
}

variable "architecture" {
  description = "x86_64 or arm64"
  type        = string
  default     = "x86_64"
}

variable "handler" {
  description = "Handler entry point, module.function"
  type        = string
  default     = "handler.lambda_handler"
}

variable "layers" {
  description = "Layer version ARNs the function runs with (at most 5), e.g. the rds_connect layer"
  type        = list(string)
  default     = []
}

variable "memory_size" {
  description = "Memory in MB"
  type        = number
  default     = 256
}

variable "timeout" {
  description = "Timeout in seconds"
  type        = number
  default     = 30
}

variable "reserved_concurrent_executions" {
  description = "Concurrency cap; also caps the connections the function can open (-1: unreserved)"
  type        = number
  default     = 50
}

variable "tracing_mode" {
  description = "X-Ray tracing mode (PassThrough or Active)"
  type        = string
  default     = "PassThrough"
}

variable "subnet_ids" {
  description = "Subnets of the function"
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups of the function"
  type        = list(string)
}

variable "environment" {
  description = "Extra environment variables (never secrets)"
  type        = map(string)
  default     = {}
}

variable "db_host" {
  description = "Proxy endpoint the function connects to"
  type        = string
}

variable "db_port" {
  description = "Proxy port"
  type        = number
}

variable "db_user" {
  description = "Database user the function authenticates as with IAM"
  type        = string
}

variable "db_name" {
  description = "Database name"
  type        = string
}

variable "db_engine" {
  description = "mysql or postgresql"
  type        = string
}

variable "rds_connect_policy_json" {
  description = "Policy allowing rds-db:connect through the proxy"
  type        = string
}

variable "role_path" {
  description = "IAM path of the role"
  type        = string
  default     = "/"
}

variable "role_permissions_boundary" {
  description = "Permissions boundary of the role"
  type        = string
  default     = null
}

variable "log_group_retention_in_days" {
  description = "Days to keep function logs"
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
