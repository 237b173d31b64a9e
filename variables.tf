################################################################################
# General
################################################################################

variable "name" {
  description = "Name of the proxy; also prefixes every resource this module creates"
  type        = string
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}

################################################################################
# Database
################################################################################

variable "engine_family" {
  description = "Engine family of the proxy: MYSQL or POSTGRESQL"
  type        = string
}

variable "db_instance_identifier" {
  description = "DB instance behind the proxy; set exactly one of this and db_cluster_identifier"
  type        = string
  default     = null
}

variable "db_cluster_identifier" {
  description = "Aurora cluster behind the proxy; set exactly one of this and db_instance_identifier"
  type        = string
  default     = null
}

variable "db_port" {
  description = "Port of the database, which the proxy connects to (null: the engine's default); the proxy itself always listens on 3306 for MYSQL and 5432 for POSTGRESQL"
  type        = number
  default     = null
}

variable "db_username" {
  description = "Database user the Lambda connects as (and that a created secret holds)"
  type        = string
}

variable "db_name" {
  description = "Database the Lambda uses (and that a created secret records); null: mysql or postgres"
  type        = string
  default     = null
}

variable "db_host" {
  description = "Database endpoint recorded in a created secret (informational; the proxy uses the target)"
  type        = string
  default     = null
}

variable "connect_db_users" {
  description = "Database users the rds-db:connect policy allows; null allows db_username only"
  type        = list(string)
  default     = null

  validation {
    condition     = var.connect_db_users == null || try(length(var.connect_db_users) > 0 && alltrue([for u in var.connect_db_users : can(regex(lookup(local.rules.db_user, var.engine_family, local.rules.db_user.POSTGRESQL), u))]), false)
    error_message = "connect_db_users must be a non-empty list of user names (letters, digits, underscores; no wildcards)."
  }

  validation {
    condition     = alltrue([for u in coalesce(var.connect_db_users, [var.db_username]) : !contains(local.no_iam_users, u)])
    error_message = "connect_db_users (null: db_username): ${join(", ", [for u in coalesce(var.connect_db_users, [var.db_username]) : u if contains(local.no_iam_users, u)])} only have auth entries with iam_auth DISABLED, so the proxy refuses their IAM tokens: set iam_auth = \"REQUIRED\" on an entry of theirs (secret_auth or existing_secrets) or grant other users."
  }

  validation {
    condition     = !local.all_users_known || alltrue([for u in coalesce(var.connect_db_users, [var.db_username]) : contains(local.known_users, u)])
    error_message = "connect_db_users (null: db_username): the proxy has no secret for ${join(", ", [for u in coalesce(var.connect_db_users, [var.db_username]) : u if !contains(local.known_users, u)])}: add its secret to existing_secrets (with its username), or grant only users the proxy has secrets for."
  }

  validation {
    condition     = !var.create_lambda || contains(coalesce(var.connect_db_users, [var.db_username]), var.db_username)
    error_message = "connect_db_users must include db_username when create_lambda is true: the function connects as db_username (DB_USER)."
  }
}

################################################################################
# Secret
################################################################################

variable "create_secret" {
  description = "Create the Secrets Manager secret (false: pass existing_secrets)"
  type        = bool
  default     = true
}

variable "db_password" {
  description = "Password the created secret stores; null generates one. Ephemeral: never in plan or state"
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "secret_password_version" {
  description = "Bump to write db_password (or a newly generated one) into the created secret"
  type        = number
  default     = 1
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (0 or 7-30)"
  type        = number
  default     = 30
}

variable "create_kms_key" {
  description = "Create a customer managed key (rotation on) for the secret when kms_key_arn is null; false uses the AWS-managed key"
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Existing customer managed key for the created secret, in its region"
  type        = string
  default     = null
}

variable "secret_auth" {
  description = "The created secret's auth entry on the proxy: iam_auth (REQUIRED or DISABLED), client_password_auth_type (null: the engine's default) and description (null: Credentials of <name>)"
  type = object({
    iam_auth                  = optional(string, "REQUIRED")
    client_password_auth_type = optional(string)
    description               = optional(string)
  })
  default = {}
}

variable "existing_secrets" {
  description = "Existing secrets the proxy reads (instead of the created one, or beside it), by a key of yours: secret_arn; kms_key_arn, its customer managed key (null: the AWS-managed key); username, the database user it holds (optional: lets the plan check connect_db_users and db_username against the entries); and the entry's iam_auth (REQUIRED or DISABLED), client_password_auth_type (null: the engine's default) and description"
  type = map(object({
    secret_arn                = string
    kms_key_arn               = optional(string)
    username                  = optional(string)
    iam_auth                  = optional(string, "REQUIRED")
    client_password_auth_type = optional(string)
    description               = optional(string)
  }))
  default = {}

  validation {
    condition     = var.create_secret || length(var.existing_secrets) > 0
    error_message = "existing_secrets must name at least one secret when create_secret is false."
  }
}

variable "secret_rotation" {
  description = "Rotate the created secret with your rotation function (e.g. the AWS single-user rotation template for the engine): its ARN and either automatically_after_days or a schedule_expression; null: no rotation"
  # typed by the part it is passed to, which owns its rules
  type    = any
  default = null
}

################################################################################
# Proxy role
################################################################################

variable "create_proxy_role" {
  description = "Create the role the proxy assumes (false: pass proxy_role_arn)"
  type        = bool
  default     = true
}

variable "proxy_role_arn" {
  description = "Existing role for the proxy, used when create_proxy_role is false"
  type        = string
  default     = null

  validation {
    condition     = var.create_proxy_role || var.proxy_role_arn != null
    error_message = "proxy_role_arn is required when create_proxy_role is false."
  }
}

variable "iam_role_path" {
  description = "IAM path of the roles this module creates"
  type        = string
  default     = "/"
}

variable "iam_role_permissions_boundary" {
  description = "Permissions boundary ARN for the roles this module creates"
  type        = string
  default     = null
}

################################################################################
# Proxy
################################################################################

variable "require_tls" {
  description = "Require TLS between clients and the proxy; it must stay true while an auth entry takes IAM tokens"
  type        = bool
  default     = true
}

variable "idle_client_timeout" {
  description = "Seconds a client's connection to the proxy may idle before the proxy closes it (1-28800)"
  type        = number
  default     = 1800
}

variable "debug_logging" {
  description = "Log the SQL the proxy sees (can include sensitive data; for troubleshooting only: RDS Proxy turns it off after 24 hours, and the next plan turns it on again)"
  type        = bool
  default     = false
}

variable "vpc_id" {
  description = "VPC of the proxy, the Lambda and the database"
  type        = string
}

variable "subnet_ids" {
  description = "Subnets for the proxy and the Lambda: at least two, in different Availability Zones"
  type        = list(string)
}

variable "endpoints" {
  description = "Additional proxy endpoints, by key: name, target_role (READ_WRITE, or READ_ONLY for an Aurora cluster's readers), tags, and vpc_subnet_ids / vpc_security_group_ids (null: the proxy's)"
  # typed by the part it is passed to, which owns its rules
  type    = any
  default = {}

  validation {
    condition     = var.db_cluster_identifier != null || alltrue([for e in var.endpoints : try(e.target_role, "READ_WRITE") != "READ_ONLY"])
    error_message = "endpoints: target_role READ_ONLY needs an Aurora cluster behind the proxy (db_cluster_identifier); a DB instance has no readers."
  }
}

variable "manage_log_group" {
  description = "Create the proxy's CloudWatch log group with the retention below"
  type        = bool
  default     = true
}

variable "log_group_retention_in_days" {
  description = "Days to keep proxy and Lambda logs (a value CloudWatch Logs accepts, e.g. 30, 365, 3653)"
  type        = number
  default     = 365
}

variable "create_log_group_kms_key" {
  description = "Encrypt the proxy's and the function's log groups with a customer managed key that admits CloudWatch Logs for these groups only (ignored when log_group_kms_key_arn is set; false: CloudWatch Logs' own encryption)"
  type        = bool
  default     = true
}

variable "log_group_kms_key_arn" {
  description = "Your KMS key for the log groups instead of the one the module creates; its policy must let CloudWatch Logs use it"
  type        = string
  default     = null
}

################################################################################
# Target group
################################################################################

variable "max_connections_percent" {
  description = "Share of the database's max_connections the proxy may use (1-100)"
  type        = number
  default     = 100
}

variable "max_idle_connections_percent" {
  description = "Share of max connections kept idle (0-100, not above max_connections_percent)"
  type        = number
  default     = 50
}

variable "connection_borrow_timeout" {
  description = "Seconds a client waits for a free pooled connection (0-300)"
  type        = number
  default     = 120
}

variable "session_pinning_filters" {
  description = "Session state the proxy may ignore when deciding to pin (MYSQL only: EXCLUDE_VARIABLE_SETS; PostgreSQL proxies have no filters)"
  type        = list(string)
  default     = []
}

variable "init_query" {
  description = "SQL the proxy runs on each new database connection (readable by anyone who may describe the target group: no secrets)"
  type        = string
  default     = null
}

################################################################################
# Network
################################################################################

variable "db_security_group_id" {
  description = "Security group of the database: the proxy's egress targets it (set this or db_cidr_blocks)"
  type        = string
  default     = null
}

variable "create_db_ingress_rule" {
  description = "Add the proxy -> database ingress rule to db_security_group_id, as the cookbook does (ignored with db_cidr_blocks; false when the database's team owns its rules)"
  type        = bool
  default     = true
}

variable "db_cidr_blocks" {
  description = "CIDR blocks of the database (network addresses) the proxy's egress goes to, instead of db_security_group_id"
  type        = list(string)
  default     = []
}

variable "allowed_security_group_ids" {
  description = "Further security groups (e.g. functions deployed elsewhere) allowed to reach the proxy"
  type        = list(string)
  default     = []
}

################################################################################
# Lambda
################################################################################

variable "create_lambda" {
  description = "Create the Lambda function (false: only output the rds-db:connect policy for functions deployed elsewhere)"
  type        = bool
  default     = true
}

variable "lambda_package_type" {
  description = "How the function's code is deployed: Zip (lambda_zip_path, on lambda_runtime with lambda_handler) or Image (lambda_image_uri, a container image with its own runtime and handler; no layers)"
  type        = string
  default     = "Zip"
}

variable "lambda_zip_path" {
  description = "Lambda deployment package (the module's own function, built by `rds-proxy-package`, or your code's), at most 50 MB; required when create_lambda is true and lambda_package_type is Zip"
  type        = string
  default     = null
}

variable "lambda_image_uri" {
  description = "Container image of the function in Amazon ECR, in the proxy's region, by tag or digest (a digest makes a new image a plan change); required when lambda_package_type is Image"
  type        = string
  default     = null
}

variable "lambda_handler" {
  description = "Handler of the function, in the form of lambda_runtime's language: Python module.function (the module's own `handler.lambda_handler`), Node.js [path/]file.export, Java package.Class[::method], Ruby file.method, .NET Assembly::Namespace.Class::Method, anything for provided.*"
  type        = string
  default     = "handler.lambda_handler"
}

variable "lambda_layers" {
  description = "Further layer version ARNs for the function (at most 5 with the module's own layer)"
  type        = list(string)
  default     = []
}

variable "create_layer" {
  description = "Publish the rds_connect layer from layer_zip_path and run the module's function with it (Python runtimes only: rds_connect is a Python library)"
  type        = bool
  default     = false
}

variable "layer_zip_path" {
  description = "Layer package built by `rds-proxy-package --layer`; required when create_layer is true"
  type        = string
  default     = null

  validation {
    condition     = !var.create_layer || var.layer_zip_path != null
    error_message = "layer_zip_path is required when create_layer is true (build it with: rds-proxy-package --layer --out .build/layer.zip)."
  }
}

variable "lambda_runtime" {
  description = "Lambda runtime of the function: Python, Node.js, Java, .NET, Ruby or OS-only (provided.al2023, for PHP, Go, Rust...); the list and the AWS provider versions they need (nodejs24.x: 6.19; python3.14, java25: 6.20; dotnet10: 6.27) are in modules/lambda. The rds_connect layer (create_layer) is for Python runtimes only"
  type        = string
  default     = "python3.12"
}

variable "lambda_architecture" {
  description = "Lambda architecture: x86_64 or arm64"
  type        = string
  default     = "x86_64"
}

variable "lambda_memory_size" {
  description = "Lambda memory in MB (128-10240)"
  type        = number
  default     = 256
}

variable "lambda_timeout" {
  description = "Lambda timeout in seconds (1-900)"
  type        = number
  default     = 30
}

variable "lambda_reserved_concurrent_executions" {
  description = "Concurrency cap of the Lambda, which also caps its connections to the proxy (-1: unreserved)"
  type        = number
  default     = 50
}

variable "lambda_tracing_mode" {
  description = "X-Ray tracing: PassThrough or Active"
  type        = string
  default     = "PassThrough"
}

variable "lambda_log_format" {
  description = "Log format of the function: JSON (its handler already writes JSON lines; Lambda's own lines and levels become structured too) or Text"
  type        = string
  default     = "JSON"
}

variable "lambda_application_log_level" {
  description = "Lowest level of the function's own log lines that Lambda keeps (JSON log format only): TRACE, DEBUG, INFO, WARN, ERROR or FATAL"
  type        = string
  default     = "INFO"
}

variable "lambda_system_log_level" {
  description = "Lowest level of Lambda's own log lines that it keeps (JSON log format only): DEBUG, INFO or WARN"
  type        = string
  default     = "WARN"
}

variable "lambda_dead_letter_target_arn" {
  description = "SQS queue or SNS topic ARN for failed asynchronous invocations (the role may send to exactly it); null: none"
  type        = string
  default     = null
}

variable "lambda_read_endpoint" {
  description = "Key in endpoints of the reader endpoint given to the Lambda as DB_READ_HOST (rds_connect opens read connections on it); null: none"
  type        = string
  default     = null

  validation {
    condition     = var.lambda_read_endpoint == null || contains(keys(var.endpoints), coalesce(var.lambda_read_endpoint, "-"))
    error_message = "lambda_read_endpoint must be a key of endpoints."
  }
}

variable "lambda_environment" {
  description = "Extra environment variables for the Lambda (never secrets; DB_* are set by the module)"
  type        = map(string)
  default     = {}
}

variable "lambda_environment_from_module" {
  description = "Further environment variable names for the module's own values, for code that reads other names than DB_*: { NAME = host, read_host, port, user, name, engine or url }, url being mysql:// or postgresql://<user>@<proxy endpoint>:<port>/<database> (never a password); e.g. { DB_PROXY_ENDPOINT = \"host\", DATABASE_URL = \"url\" }"
  type        = map(string)
  default     = {}
}

################################################################################
# Functions deployed elsewhere (SAM, CDK, Serverless, the console)
################################################################################

variable "connected_functions" {
  description = <<-EOT
    Functions the module does not deploy, one entry per function or role (the key names its grant and group):
    role (its execution role, by name or ARN), db_users (default: [db_username]), security_group_id (its own
    group; null: one is made), attach_vpc_access_policy (default false), read_endpoint (a key of endpoints for
    DB_READ_HOST). Each gets rds-db:connect on the proxy for its users, the rules to and into the proxy's group,
    and an entry in the connected_functions output (modules/function_access).
  EOT
  type = map(object({
    role                     = string
    db_users                 = optional(list(string))
    security_group_id        = optional(string)
    attach_vpc_access_policy = optional(bool, false)
    read_endpoint            = optional(string)
  }))
  default = {}

  validation {
    condition     = alltrue([for entry in values(var.connected_functions) : entry.read_endpoint == null || contains(keys(var.endpoints), coalesce(entry.read_endpoint, "-"))])
    error_message = "connected_functions: read_endpoint must be a key of endpoints."
  }

  validation {
    condition     = length(var.allowed_security_group_ids) + (var.create_lambda ? 1 : 0) + length(var.connected_functions) <= local.rules.security_group_rules_max
    error_message = "connected_functions: the proxy's security group would take ${length(var.allowed_security_group_ids) + (var.create_lambda ? 1 : 0) + length(var.connected_functions)} inbound rules, one per entry of allowed_security_group_ids and of connected_functions and one for the module's function (create_lambda), over the ${local.rules.security_group_rules_max} a security group takes."
  }
}

################################################################################
# Alarms and dashboard
################################################################################

variable "create_alarms" {
  description = "Create the alarms on the proxy and the function (modules/monitoring)"
  type        = bool
  default     = true
}

variable "alarm_actions" {
  description = "SNS topics (at most 5 ARNs) the alarms notify when they fire and when they clear (empty: the alarms only change state)"
  type        = list(string)
  default     = []
}

variable "alarm_thresholds" {
  description = "Alarm thresholds, each optional: pinned_connections (10), borrow_latency_ms (100), database_connections_pct (80), availability_pct (100), failed_auth_connections (0), function_errors (0), function_throttles (0), over evaluation_periods (3) of period_seconds (60, a multiple of 60)"
  # typed by the part it is passed to, which owns its rules
  type    = any
  default = {}
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard"
  type        = bool
  default     = true
}
