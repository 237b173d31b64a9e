################################################################################
# General
################################################################################

variable "name" {
  description = "Name of the proxy; also prefixes every resource this module creates"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.name)) && length(var.name) <= 60
    error_message = "name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 60 characters."
  }
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key, value in var.tags : !startswith(lower(key), "aws:") && length(key) >= 1 && length(key) <= 128 && length(value) <= 256])
    error_message = "tags keys must not start with the reserved aws: prefix, and must be 1 to 128 characters, their values at most 256."
  }
}

################################################################################
# Database
################################################################################

variable "engine_family" {
  description = "Engine family of the proxy: MYSQL or POSTGRESQL"
  type        = string

  validation {
    condition     = contains(["MYSQL", "POSTGRESQL"], var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
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

variable "db_port" {
  description = "Database port; null uses the engine default (3306 for MYSQL, 5432 for POSTGRESQL)"
  type        = number
  default     = null

  validation {
    condition     = var.db_port == null || try(var.db_port >= 1 && var.db_port <= 65535 && floor(var.db_port) == var.db_port, false)
    error_message = "db_port must be a whole number from 1 to 65535."
  }
}

variable "db_username" {
  description = "Database user the Lambda connects as (and that a created secret holds)"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z_][a-zA-Z0-9_]{0,62}$", var.db_username))
    error_message = "db_username must start with a letter or underscore and contain only letters, digits and underscores (at most 63)."
  }
}

variable "db_name" {
  description = "Database the Lambda uses (and that a created secret records); null: mysql or postgres"
  type        = string
  default     = null

  validation {
    condition     = var.db_name == null || try(can(regex("^[a-zA-Z_][a-zA-Z0-9_$]*$", var.db_name)) && length(var.db_name) <= (var.engine_family == "MYSQL" ? 64 : 63), false)
    error_message = "db_name must start with a letter or underscore and contain only letters, digits, _ and $, at most 64 characters for MYSQL and 63 for POSTGRESQL."
  }
}

variable "db_host" {
  description = "Database endpoint recorded in a created secret (informational; the proxy uses the target)"
  type        = string
  default     = null

  validation {
    condition     = var.db_host == null || try(can(regex("^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$", var.db_host)) && length(var.db_host) <= 253, false)
    error_message = "db_host must be a host name or IPv4 address, without scheme, port or path."
  }
}

variable "connect_db_users" {
  description = "Database users the rds-db:connect policy allows; null allows db_username only"
  type        = list(string)
  default     = null

  validation {
    condition     = var.connect_db_users == null || try(length(var.connect_db_users) > 0 && alltrue([for u in var.connect_db_users : can(regex("^[a-zA-Z_][a-zA-Z0-9_]{0,62}$", u))]), false)
    error_message = "connect_db_users must be a non-empty list of user names (letters, digits, underscores; no wildcards)."
  }
}

################################################################################
# Secret
################################################################################

variable "create_secret" {
  description = "Create the Secrets Manager secret (false: pass existing_secret_arns)"
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

  validation {
    condition     = var.secret_password_version >= 1 && floor(var.secret_password_version) == var.secret_password_version
    error_message = "secret_password_version must be a whole number from 1."
  }
}

variable "secret_recovery_window_in_days" {
  description = "Days a deleted secret stays recoverable (0 or 7-30)"
  type        = number
  default     = 30

  validation {
    condition     = var.secret_recovery_window_in_days == 0 || (var.secret_recovery_window_in_days >= 7 && var.secret_recovery_window_in_days <= 30)
    error_message = "secret_recovery_window_in_days must be 0 or from 7 to 30."
  }
}

variable "create_kms_key" {
  description = "Create a customer managed key (rotation on) for the secret when kms_key_arn is null; false uses the AWS-managed key"
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Existing customer managed key for the created secret"
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "existing_secret_arns" {
  description = "Existing secrets the proxy reads (used when create_secret is false, or in addition)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.existing_secret_arns : can(regex("^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", arn))])
    error_message = "existing_secret_arns must hold Secrets Manager secret ARNs (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)."
  }

  validation {
    condition     = var.create_secret || length(var.existing_secret_arns) > 0
    error_message = "existing_secret_arns must name at least one secret when create_secret is false."
  }
}

variable "existing_secret_kms_key_arns" {
  description = "Customer managed keys of the existing secrets (empty: they use the AWS-managed key)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.existing_secret_kms_key_arns : can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", arn))])
    error_message = "existing_secret_kms_key_arns must hold KMS key ARNs (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "secret_rotation" {
  description = "Rotate the created secret with your rotation function (e.g. the AWS single-user rotation template for the engine): its ARN and either automatically_after_days or a schedule_expression; null: no rotation"
  type = object({
    lambda_arn               = string
    automatically_after_days = optional(number)
    schedule_expression      = optional(string)
    rotate_immediately       = optional(bool, false)
  })
  default = null

  validation {
    condition     = var.secret_rotation == null || can(regex("^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:[0-9]{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9$_-]+)?$", var.secret_rotation.lambda_arn))
    error_message = "secret_rotation.lambda_arn must be a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>)."
  }

  validation {
    condition     = var.secret_rotation == null || ((try(var.secret_rotation.automatically_after_days, null) == null) != (try(var.secret_rotation.schedule_expression, null) == null))
    error_message = "secret_rotation needs exactly one of automatically_after_days and schedule_expression."
  }

  validation {
    condition     = try(var.secret_rotation.automatically_after_days, null) == null || try(var.secret_rotation.automatically_after_days >= 1 && var.secret_rotation.automatically_after_days <= 90, false)
    error_message = "secret_rotation.automatically_after_days must be from 1 to 90 (rotate at least every 90 days)."
  }
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
    condition     = var.proxy_role_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/.+$", var.proxy_role_arn))
    error_message = "proxy_role_arn must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)."
  }

  validation {
    condition     = var.create_proxy_role || var.proxy_role_arn != null
    error_message = "proxy_role_arn is required when create_proxy_role is false."
  }
}

variable "iam_role_path" {
  description = "IAM path of the roles this module creates"
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\x21-\\x7e]+/)?$", var.iam_role_path)) && length(var.iam_role_path) <= 512
    error_message = "iam_role_path must be / or start and end with / (printable ASCII, at most 512 characters)."
  }
}

variable "iam_role_permissions_boundary" {
  description = "Permissions boundary ARN for the roles this module creates"
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_permissions_boundary == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/.+$", coalesce(var.iam_role_permissions_boundary, "-")))
    error_message = "iam_role_permissions_boundary must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<name>)."
  }
}

################################################################################
# Proxy
################################################################################

variable "require_tls" {
  description = "Require TLS between clients and the proxy"
  type        = bool
  default     = true

  validation {
    condition     = var.require_tls || var.iam_auth != "REQUIRED"
    error_message = "require_tls must be true when iam_auth is REQUIRED: IAM tokens must only travel over TLS."
  }
}

variable "iam_auth" {
  description = "IAM authentication for clients: REQUIRED or DISABLED"
  type        = string
  default     = "REQUIRED"

  validation {
    condition     = contains(["REQUIRED", "DISABLED"], var.iam_auth)
    error_message = "iam_auth must be REQUIRED or DISABLED."
  }
}

variable "client_password_auth_type" {
  description = "Client password auth type (null: the engine's default); MYSQL_NATIVE_PASSWORD for MYSQL, POSTGRES_SCRAM_SHA_256 or POSTGRES_MD5 for POSTGRESQL"
  type        = string
  default     = null

  validation {
    condition = var.client_password_auth_type == null || contains(
      var.engine_family == "MYSQL" ? ["MYSQL_NATIVE_PASSWORD"] : ["POSTGRES_SCRAM_SHA_256", "POSTGRES_MD5"],
      coalesce(var.client_password_auth_type, "-")
    )
    error_message = "client_password_auth_type must match engine_family: MYSQL_NATIVE_PASSWORD for MYSQL; POSTGRES_SCRAM_SHA_256 or POSTGRES_MD5 for POSTGRESQL."
  }
}

variable "idle_client_timeout" {
  description = "Seconds a client connection may idle before the proxy closes it (1-28800)"
  type        = number
  default     = 1800

  validation {
    condition     = var.idle_client_timeout >= 1 && var.idle_client_timeout <= 28800
    error_message = "idle_client_timeout must be from 1 to 28800 seconds."
  }
}

variable "debug_logging" {
  description = "Log the SQL the proxy sees (can include sensitive data; for troubleshooting only)"
  type        = bool
  default     = false
}

variable "vpc_id" {
  description = "VPC of the proxy, the Lambda and the database"
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Subnets for the proxy and the Lambda: at least two, in different Availability Zones"
  type        = list(string)

  validation {
    condition     = length(distinct(var.subnet_ids)) >= 2
    error_message = "subnet_ids must list at least two distinct subnets (RDS Proxy needs two Availability Zones)."
  }

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "subnet_ids must hold subnet ids (subnet-...)."
  }
}

variable "endpoints" {
  description = "Additional proxy endpoints, by key: name, target_role (READ_WRITE, or READ_ONLY for an Aurora cluster's readers), tags, and vpc_subnet_ids / vpc_security_group_ids (null: the proxy's)"
  type = map(object({
    name                   = string
    target_role            = optional(string, "READ_WRITE")
    vpc_subnet_ids         = optional(list(string))
    vpc_security_group_ids = optional(list(string))
    tags                   = optional(map(string), {})
  }))
  default = {}

  validation {
    condition     = alltrue([for e in values(var.endpoints) : can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", e.name)) && length(e.name) <= 63])
    error_message = "endpoints: each name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 63 characters."
  }

  validation {
    condition     = length(distinct([for e in values(var.endpoints) : lower(e.name)])) == length(var.endpoints) && !contains([for e in values(var.endpoints) : lower(e.name)], lower(var.name))
    error_message = "endpoints: names must differ from each other and from name (the proxy's default endpoint has it)."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : contains(["READ_WRITE", "READ_ONLY"], e.target_role)])
    error_message = "endpoints: target_role must be READ_WRITE or READ_ONLY."
  }

  validation {
    condition     = var.db_cluster_identifier != null || alltrue([for e in values(var.endpoints) : e.target_role != "READ_ONLY"])
    error_message = "endpoints: target_role READ_ONLY needs an Aurora cluster behind the proxy (db_cluster_identifier); a DB instance has no readers."
  }

  validation {
    condition = alltrue([for e in values(var.endpoints) :
      (e.vpc_subnet_ids == null || try(length(distinct(e.vpc_subnet_ids)) >= 2 && alltrue([for id in e.vpc_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))]), false))
      && (e.vpc_security_group_ids == null || try(length(e.vpc_security_group_ids) > 0 && alltrue([for id in e.vpc_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))]), false))
    ])
    error_message = "endpoints: vpc_subnet_ids must list at least two distinct subnet ids (subnet-...) and vpc_security_group_ids one or more security group ids (sg-...), or be null for the proxy's."
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

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_group_retention_in_days)
    error_message = "log_group_retention_in_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
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

  validation {
    condition     = var.log_group_kms_key_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.log_group_kms_key_arn))
    error_message = "log_group_kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

################################################################################
# Target group
################################################################################

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
    condition     = var.max_idle_connections_percent >= 0 && var.max_idle_connections_percent <= 100
    error_message = "max_idle_connections_percent must be from 0 to 100."
  }

  validation {
    condition     = var.max_idle_connections_percent <= var.max_connections_percent
    error_message = "max_idle_connections_percent must not be above max_connections_percent."
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

################################################################################
# Network
################################################################################

variable "db_security_group_id" {
  description = "Security group of the database: the proxy's egress targets it (set this or db_cidr_blocks)"
  type        = string
  default     = null

  validation {
    condition     = var.db_security_group_id == null || can(regex("^sg-[0-9a-f]+$", var.db_security_group_id))
    error_message = "db_security_group_id must be a security group id (sg-...)."
  }

  validation {
    condition     = (var.db_security_group_id == null) != (length(var.db_cidr_blocks) == 0)
    error_message = "Set exactly one of db_security_group_id and db_cidr_blocks: the proxy's egress goes to the database's group or to its CIDR blocks."
  }
}

variable "create_db_ingress_rule" {
  description = "Add the proxy -> database ingress rule to db_security_group_id, as the cookbook does (ignored with db_cidr_blocks)"
  type        = bool
  default     = true
}

variable "db_cidr_blocks" {
  description = "Database CIDR blocks for the proxy's egress, instead of db_security_group_id"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.db_cidr_blocks : can(cidrhost(c, 0)) && !endswith(c, "/0")])
    error_message = "db_cidr_blocks must hold IPv4 CIDR blocks narrower than /0."
  }
}

variable "allowed_security_group_ids" {
  description = "Further security groups (e.g. functions deployed elsewhere) allowed to reach the proxy"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_group_ids must hold security group ids (sg-...)."
  }
}

################################################################################
# Lambda
################################################################################

variable "create_lambda" {
  description = "Create the Lambda function (false: only output the rds-db:connect policy for functions deployed elsewhere)"
  type        = bool
  default     = true
}

variable "lambda_zip_path" {
  description = "Lambda deployment package built by `rds-proxy-package`; required when create_lambda is true"
  type        = string
  default     = null

  validation {
    condition     = !var.create_lambda || var.lambda_zip_path != null
    error_message = "lambda_zip_path is required when create_lambda is true (build it with: rds-proxy-package --source lambda_src --out .build/lambda.zip)."
  }

  validation {
    condition     = var.lambda_zip_path == null || try(fileexists(var.lambda_zip_path), false)
    error_message = "lambda_zip_path must name an existing file (build it with: rds-proxy-package --source <dir> --out <zip>)."
  }
}

variable "lambda_handler" {
  description = "Handler of the function, module.function: the module's own `handler.lambda_handler`, or your code's when lambda_zip_path is your package"
  type        = string
  default     = "handler.lambda_handler"

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$", var.lambda_handler))
    error_message = "lambda_handler must be module.function (dotted Python names), e.g. handler.lambda_handler or app.main.handle."
  }
}

variable "lambda_layers" {
  description = "Further layer version ARNs for the function (at most 5 with the module's own layer)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.lambda_layers : can(regex("^arn:aws(-cn|-us-gov)?:lambda:[a-z0-9-]+:[0-9]{12}:layer:[a-zA-Z0-9_-]+:[0-9]+$", arn))])
    error_message = "lambda_layers must hold layer version ARNs (arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>)."
  }

  validation {
    condition     = length(var.lambda_layers) + (var.create_layer ? 1 : 0) <= 5
    error_message = "lambda_layers may hold at most 5 layers, counting the module's own layer when create_layer is true."
  }
}

variable "create_layer" {
  description = "Publish the rds_connect layer from layer_zip_path and run the module's function with it"
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

  validation {
    condition     = var.layer_zip_path == null || try(fileexists(var.layer_zip_path), false)
    error_message = "layer_zip_path must name an existing file (build it with: rds-proxy-package --layer --out <zip>)."
  }
}

variable "lambda_runtime" {
  description = "Lambda runtime"
  type        = string
  default     = "python3.12"

  validation {
    condition     = can(regex("^python3\\.[0-9]+$", var.lambda_runtime))
    error_message = "lambda_runtime must be a Python runtime such as python3.12."
  }
}

variable "lambda_architecture" {
  description = "Lambda architecture: x86_64 or arm64"
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "lambda_memory_size" {
  description = "Lambda memory in MB (128-10240)"
  type        = number
  default     = 256

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240
    error_message = "lambda_memory_size must be from 128 to 10240 MB."
  }
}

variable "lambda_timeout" {
  description = "Lambda timeout in seconds (1-900)"
  type        = number
  default     = 30

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900
    error_message = "lambda_timeout must be from 1 to 900 seconds."
  }
}

variable "lambda_reserved_concurrent_executions" {
  description = "Concurrency cap of the Lambda, which also caps its connections to the proxy (-1: unreserved)"
  type        = number
  default     = 50

  validation {
    condition     = var.lambda_reserved_concurrent_executions >= -1 && floor(var.lambda_reserved_concurrent_executions) == var.lambda_reserved_concurrent_executions
    error_message = "lambda_reserved_concurrent_executions must be -1 (unreserved) or a whole number from 0."
  }
}

variable "lambda_tracing_mode" {
  description = "X-Ray tracing: PassThrough or Active"
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.lambda_tracing_mode)
    error_message = "lambda_tracing_mode must be PassThrough or Active."
  }
}

variable "lambda_log_format" {
  description = "Log format of the function: JSON (its handler already writes JSON lines; Lambda's own lines and levels become structured too) or Text"
  type        = string
  default     = "JSON"

  validation {
    condition     = contains(["JSON", "Text"], var.lambda_log_format)
    error_message = "lambda_log_format must be JSON or Text."
  }
}

variable "lambda_application_log_level" {
  description = "Lowest level of the function's own log lines that Lambda keeps (JSON log format only): TRACE, DEBUG, INFO, WARN, ERROR or FATAL"
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], var.lambda_application_log_level)
    error_message = "lambda_application_log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL."
  }
}

variable "lambda_system_log_level" {
  description = "Lowest level of Lambda's own log lines that it keeps (JSON log format only): DEBUG, INFO or WARN"
  type        = string
  default     = "WARN"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.lambda_system_log_level)
    error_message = "lambda_system_log_level must be DEBUG, INFO or WARN."
  }
}

variable "lambda_dead_letter_target_arn" {
  description = "SQS queue or SNS topic ARN for failed asynchronous invocations (the role may send to exactly it); null: none"
  type        = string
  default     = null

  validation {
    condition     = var.lambda_dead_letter_target_arn == null || can(regex("^arn:aws(-cn|-us-gov)?:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_.-]+$", var.lambda_dead_letter_target_arn))
    error_message = "lambda_dead_letter_target_arn must be an SQS queue or SNS topic ARN (arn:<partition>:sqs|sns:<region>:<account>:<name>)."
  }
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

  validation {
    condition     = alltrue([for key in keys(var.lambda_environment) : can(regex("^[a-zA-Z][a-zA-Z0-9_]+$", key))])
    error_message = "lambda_environment keys must start with a letter and contain only letters, digits and underscores (at least two characters)."
  }

  validation {
    condition     = length(setintersection(keys(var.lambda_environment), ["DB_HOST", "DB_READ_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_ENGINE"])) == 0
    error_message = "lambda_environment must not set DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_NAME or DB_ENGINE: the module sets them."
  }

  validation {
    condition     = length(setintersection(keys(var.lambda_environment), ["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"])) == 0
    error_message = "lambda_environment must not set the variables Lambda reserves (AWS_REGION, AWS_ACCESS_KEY_ID, _HANDLER, LAMBDA_TASK_ROOT and the like)."
  }

  validation {
    condition     = alltrue([for key in keys(var.lambda_environment) : !can(regex("(?i)passw(or)?d", key))])
    error_message = "lambda_environment must not carry passwords: functions authenticate with IAM tokens, and the environment is readable by anyone who may read the function's configuration."
  }
}

################################################################################
# Alarms and dashboard
################################################################################

variable "create_alarms" {
  description = "Create the CloudWatch alarms"
  type        = bool
  default     = true
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when an alarm fires and when it clears (empty: the alarms only change state)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.alarm_actions : can(regex("^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:[0-9]{12}:[a-zA-Z0-9_-]+$", arn))])
    error_message = "alarm_actions must hold SNS topic ARNs (arn:<partition>:sns:<region>:<account>:<topic>)."
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
    condition     = contains([10, 30], var.alarm_thresholds.period_seconds) || (var.alarm_thresholds.period_seconds >= 60 && var.alarm_thresholds.period_seconds % 60 == 0)
    error_message = "alarm_thresholds.period_seconds must be 10, 30 or a multiple of 60."
  }
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard"
  type        = bool
  default     = true
}
