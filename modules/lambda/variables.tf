variable "create" {
  description = "Create the function, its role, log group and security group"
  type        = bool
  default     = true
}

variable "name" {
  description = "Function name; prefixes its role and security group"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores (a Lambda function name)."
  }
}

variable "zip_path" {
  description = "Deployment package (built by rds-proxy-package)"
  type        = string

  validation {
    condition     = !var.create || try(fileexists(var.zip_path), false)
    error_message = "zip_path must name an existing file (build it with: rds-proxy-package --source <dir> --out <zip>)."
  }
}

variable "handler" {
  description = "Handler entry point, module.function"
  type        = string
  default     = "handler.lambda_handler"

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$", var.handler))
    error_message = "handler must be module.function (dotted Python names), e.g. handler.lambda_handler or app.main.handle."
  }
}

variable "layers" {
  description = "Layer version ARNs the function runs with (at most 5), e.g. the rds_connect layer"
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "layers may hold at most 5 layer version ARNs."
  }
}

variable "runtime" {
  description = "Lambda runtime"
  type        = string
  default     = "python3.12"

  validation {
    condition     = can(regex("^python3\\.[0-9]+$", var.runtime))
    error_message = "runtime must be a Python runtime such as python3.12."
  }
}

variable "architecture" {
  description = "Lambda architecture: x86_64 or arm64"
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)"
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be from 128 to 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds (1-900)"
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be from 1 to 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrency cap, which also caps the function's connections to the proxy (-1: unreserved)"
  type        = number
  default     = 50

  validation {
    condition     = var.reserved_concurrent_executions >= -1 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a whole number from 0."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing: PassThrough or Active"
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_mode)
    error_message = "tracing_mode must be PassThrough or Active."
  }
}

variable "log_format" {
  description = "Log format of the function: JSON (its handler already writes JSON lines; Lambda's own lines and levels become structured too) or Text"
  type        = string
  default     = "JSON"

  validation {
    condition     = contains(["JSON", "Text"], var.log_format)
    error_message = "log_format must be JSON or Text."
  }
}

variable "application_log_level" {
  description = "Lowest level of the function's own log lines that Lambda keeps (JSON log format only): TRACE, DEBUG, INFO, WARN, ERROR or FATAL"
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.application_log_level)
    error_message = "application_log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL."
  }
}

variable "system_log_level" {
  description = "Lowest level of Lambda's own log lines that it keeps (JSON log format only): DEBUG, INFO or WARN"
  type        = string
  default     = "WARN"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be DEBUG, INFO or WARN."
  }
}

variable "dead_letter_target_arn" {
  description = "SQS queue or SNS topic ARN for failed asynchronous invocations (the role may send to exactly it); null: none"
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_.-]+$", var.dead_letter_target_arn))
    error_message = "dead_letter_target_arn must be an SQS queue or SNS topic ARN (arn:<partition>:sqs|sns:<region>:<account>:<name>)."
  }
}

variable "vpc_id" {
  description = "VPC of the function's security group (required when create_security_group is true)"
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null ? !var.create_security_group : can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...), and is required when create_security_group is true."
  }
}

variable "subnet_ids" {
  description = "Subnets of the function (those the proxy runs in, or routed to them)"
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "subnet_ids must hold one or more subnet ids (subnet-...)."
  }
}

variable "create_security_group" {
  description = "Give the function its own security group, with egress to the proxy and an ingress rule into proxy_security_group_id"
  type        = bool
  default     = true
}

variable "proxy_security_group_id" {
  description = "Security group of the proxy (required when create_security_group is true)"
  type        = string
  default     = null

  validation {
    condition     = var.proxy_security_group_id == null ? !var.create_security_group : can(regex("^sg-[0-9a-f]+$", var.proxy_security_group_id))
    error_message = "proxy_security_group_id must be a security group id (sg-...), and is required when create_security_group is true."
  }
}

variable "security_group_ids" {
  description = "Further security groups of the function"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "security_group_ids must hold security group ids (sg-...)."
  }
}

variable "environment" {
  description = "Extra environment variables (never secrets; the DB_* variables are set from the inputs below)"
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.environment) : can(regex("^[a-zA-Z][a-zA-Z0-9_]+$", key))])
    error_message = "environment keys must start with a letter and contain only letters, digits and underscores (at least two characters)."
  }

  validation {
    condition     = length(setintersection(keys(var.environment), ["DB_HOST", "DB_READ_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_ENGINE"])) == 0
    error_message = "environment must not set DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_NAME or DB_ENGINE: the module sets them."
  }

  validation {
    condition     = length(setintersection(keys(var.environment), ["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"])) == 0
    error_message = "environment must not set the variables Lambda reserves (AWS_REGION, AWS_ACCESS_KEY_ID, _HANDLER, LAMBDA_TASK_ROOT and the like)."
  }

  validation {
    condition     = alltrue([for key in keys(var.environment) : !can(regex("(?i)passw(or)?d", key))])
    error_message = "environment must not carry passwords: functions authenticate with IAM tokens, and the environment is readable by anyone who may read the function's configuration."
  }
}

variable "proxy_endpoint" {
  description = "Proxy endpoint the function connects to (DB_HOST)"
  type        = string
}

variable "proxy_read_endpoint" {
  description = "Reader endpoint of the proxy the function may open read connections on (DB_READ_HOST); null: none"
  type        = string
  default     = null
}

variable "db_port" {
  description = "Port of the proxy (the engine's port, DB_PORT)"
  type        = number

  validation {
    condition     = var.db_port >= 1 && var.db_port <= 65535 && floor(var.db_port) == var.db_port
    error_message = "db_port must be a whole number from 1 to 65535."
  }
}

variable "db_username" {
  description = "Database user the function authenticates as with IAM (DB_USER)"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z_][a-zA-Z0-9_]{0,62}$", var.db_username))
    error_message = "db_username must start with a letter or underscore and contain only letters, digits and underscores (at most 63)."
  }
}

variable "db_name" {
  description = "Database the function opens (DB_NAME)"
  type        = string
}

variable "engine_family" {
  description = "Engine family: MYSQL or POSTGRESQL (DB_ENGINE, in lower case)"
  type        = string

  validation {
    condition     = contains(["MYSQL", "POSTGRESQL"], var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "rds_connect_policy_json" {
  description = "Policy allowing rds-db:connect through the proxy (the root module's rds_connect_policy_json output, or your own)"
  type        = string
}

variable "iam_role_path" {
  description = "IAM path of the function's role"
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\x21-\\x7e]+/)?$", var.iam_role_path)) && length(var.iam_role_path) <= 512
    error_message = "iam_role_path must be / or start and end with / (printable ASCII, at most 512 characters)."
  }
}

variable "iam_role_permissions_boundary" {
  description = "Permissions boundary ARN of the function's role"
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_permissions_boundary == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/.+$", var.iam_role_permissions_boundary))
    error_message = "iam_role_permissions_boundary must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<name>)."
  }
}

variable "log_group_retention_in_days" {
  description = "Days to keep the function's logs (a value CloudWatch Logs accepts)"
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_group_retention_in_days)
    error_message = "log_group_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_group_kms_key_arn" {
  description = "KMS key for the log group (see modules/log_key), or null for CloudWatch Logs' own encryption: required, so that opting out is explicit"
  type        = string
  nullable    = true

  validation {
    condition     = var.log_group_kms_key_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.log_group_kms_key_arn))
    error_message = "log_group_kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
