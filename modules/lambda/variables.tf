# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
  # The runtime's family (python, nodejs, java, dotnet, ruby, provided), whose handler rule applies; null for a
  # runtime refused below.
  runtime_family = one([for family, runtimes in local.rules.lambda.runtime_families : family if contains(runtimes, var.runtime)])
  handler_forms = {
    python   = "module.function (dotted Python names), e.g. handler.lambda_handler or app.main.handle"
    nodejs   = "[path/]file.export (the file without its extension), e.g. index.handler or dist/handlers/index.handler"
    java     = "package.Class or package.Class::method, e.g. example.Handler or example.Handler::handleRequest"
    dotnet   = "Assembly::Namespace.Class::Method, or an executable assembly's name, e.g. Orders::Orders.Function::Handle"
    ruby     = "file.method or file.Class.method, e.g. lambda_function.lambda_handler or app.Orders::Handler.process"
    provided = "any text without spaces, which your bootstrap reads, e.g. bootstrap"
  }
  # The longest each value of environment_from_module can be: a host name, a port, a user, a database, an engine,
  # and the URL of them (<engine>://<user>@<host>:<port>/<name>).
  module_value_max_length = { host = 253, read_host = 253, port = 5, user = 63, name = 64, engine = 10, url = 401 }
}

variable "create" {
  description = "Create the function, its role, log group and security group"
  type        = bool
  default     = true
}

variable "name" {
  description = "Function name; prefixes its role and security group"
  type        = string

  validation {
    condition     = can(regex(local.rules.lambda.function_name, var.name)) && !startswith(var.name, local.rules.security_group_name_reserved_prefix)
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores (a Lambda function name), not starting with sg- (it prefixes the function's security group)."
  }
}
variable "package_type" {
  description = "How the code is deployed: Zip (zip_path, run on runtime with handler and layers) or Image (image_uri, a container image that brings its own runtime and handler; changing it replaces the function)"
  type        = string
  default     = "Zip"

  validation {
    condition     = contains(["Zip", "Image"], var.package_type)
    error_message = "package_type must be Zip or Image."
  }
}
variable "zip_path" {
  description = "Deployment package (e.g. built by rds-proxy-package), at most 50 MB (read in full at each plan to check it); required when create is true and package_type is Zip"
  type        = string
  default     = null

  validation {
    condition     = var.package_type != "Zip" || !var.create || try(fileexists(var.zip_path), false)
    error_message = "zip_path must name an existing file when create is true (build it with: rds-proxy-package --source <dir> --out <zip>)."
  }

  validation {
    condition     = var.package_type != "Image" || var.zip_path == null
    error_message = "zip_path must be null when package_type is Image: the image holds the code."
  }

  validation {
    condition     = !try(fileexists(var.zip_path), false) || floor(length(trim(try(filebase64(var.zip_path), ""), "=")) * 3 / 4) <= local.rules.lambda.zip_max_bytes
    error_message = "zip_path must be at most 50 MB (${local.rules.lambda.zip_max_bytes} bytes), the most Lambda takes in a direct upload; the module uploads no package through S3: make the package smaller, or deploy the code as a container image (package_type = Image)."
  }
}
variable "image_uri" {
  description = "Container image in Amazon ECR, in the function's region, by tag or digest (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest>; a digest makes a new image a plan change); required when create is true and package_type is Image"
  type        = string
  default     = null

  validation {
    condition     = var.image_uri == null || can(regex(local.rules.lambda.image_uri, coalesce(var.image_uri, "-")))
    error_message = "image_uri must be an Amazon ECR image by tag or digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or <repository>@sha256:<digest> (not a FIPS endpoint)."
  }

  validation {
    condition     = var.package_type == "Image" ? !var.create || var.image_uri != null : var.image_uri == null
    error_message = "image_uri is required when package_type is Image (and create is true), and must be null when package_type is Zip."
  }

  validation {
    condition     = var.image_uri == null || try(regex(local.rules.lambda.image_uri, var.image_uri)[1] == data.aws_region.current.id, true)
    error_message = "image_uri must be an image in the function's region, ${data.aws_region.current.id}: Lambda pulls images from Amazon ECR in its own region only."
  }
}
variable "layers" {
  description = "Layer version ARNs the function runs with (at most 5, in the function's region), e.g. the rds_connect layer"
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= local.rules.lambda.layers_max
    error_message = "layers may hold at most ${local.rules.lambda.layers_max} layer version ARNs."
  }

  validation {
    condition     = !anytrue([for arn in var.layers : !can(regex(local.rules.arn.lambda_layer_version, arn))])
    error_message = "layers must hold layer version ARNs (arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>)."
  }

  validation {
    condition     = !anytrue([for arn in var.layers : can(regex(local.rules.arn.lambda_layer_version, arn)) && try(regex(local.rules.arn.lambda_layer_version, arn)[1] != data.aws_region.current.id, false)])
    error_message = "layers must be layer versions of the function's region, ${data.aws_region.current.id}."
  }

  validation {
    condition     = var.package_type != "Image" || length(var.layers) == 0
    error_message = "layers must be empty when package_type is Image: Lambda adds no layers to a container image, which carries its own dependencies (rds_connect included)."
  }
}
variable "runtime" {
  description = "Lambda runtime (package_type Zip): python3.10-3.14, nodejs20.x, nodejs22.x, nodejs24.x, java8.al2, java11, java17, java21, java25, dotnet8, dotnet10, ruby3.2-3.4, provided.al2 or provided.al2023 (OS-only, for a custom runtime: PHP, Go, Rust...); nodejs24.x needs AWS provider 6.19 or later, python3.14 and java25 6.20, dotnet10 6.27"
  type        = string
  default     = "python3.12"

  validation {
    condition     = contains(local.rules.lambda.runtimes, var.runtime)
    error_message = "runtime must be one of ${join(", ", local.rules.lambda.runtimes)}: another language runs on provided.al2023 with its own runtime, or as a container image (package_type = Image); a function deployed elsewhere is not created here (at the root: create_lambda = false if you need no function of the module, and one entry of connected_functions per function deployed elsewhere)."
  }
}
variable "handler" {
  description = "Handler, in its runtime's form (Lambda Developer Guide): Python module.function; Node.js [path/]file.export; Java package.Class or package.Class::method; Ruby file.method or file.Class.method; .NET Assembly::Namespace.Class::Method or an executable assembly's name; provided.* any text without spaces. Unused with package_type Image"
  type        = string
  default     = "handler.lambda_handler"

  validation {
    condition     = var.package_type == "Image" || local.runtime_family == null || (can(regex(local.rules.lambda.handlers[coalesce(local.runtime_family, "python")], var.handler)) && length(var.handler) <= local.rules.lambda.handler_max_length)
    error_message = "handler must be ${lookup(local.handler_forms, coalesce(local.runtime_family, "python"), "")} for ${var.runtime}, at most ${local.rules.lambda.handler_max_length} characters."
  }
}
variable "architecture" {
  description = "Lambda architecture: x86_64 or arm64"
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(local.rules.lambda.architectures, var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)"
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= local.rules.lambda.memory_size_min && var.memory_size <= local.rules.lambda.memory_size_max && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB from ${local.rules.lambda.memory_size_min} to ${local.rules.lambda.memory_size_max}."
  }
}
variable "timeout" {
  description = "Timeout in seconds (1-900)"
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= local.rules.lambda.timeout_max && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds from 1 to ${local.rules.lambda.timeout_max}."
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
    condition     = contains(local.rules.lambda.application_log_levels, var.application_log_level)
    error_message = "application_log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL."
  }
}

variable "system_log_level" {
  description = "Lowest level of Lambda's own log lines that it keeps (JSON log format only): DEBUG, INFO or WARN"
  type        = string
  default     = "WARN"

  validation {
    condition     = contains(local.rules.lambda.system_log_levels, var.system_log_level)
    error_message = "system_log_level must be DEBUG, INFO or WARN."
  }
}

variable "dead_letter_target_arn" {
  description = "SQS queue or SNS topic ARN for failed asynchronous invocations (the role may send to exactly it); null: none"
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex(local.rules.arn.sqs_queue_or_sns_topic, var.dead_letter_target_arn))
    error_message = "dead_letter_target_arn must be an SQS queue or SNS topic ARN (arn:<partition>:sqs|sns:<region>:<account>:<name>)."
  }
}

variable "vpc_id" {
  description = "VPC of the function's security group (required when create_security_group is true)"
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null ? !var.create_security_group : can(regex(local.rules.id.vpc, var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...), and is required when create_security_group is true."
  }
}

variable "subnet_ids" {
  description = "Subnets of the function (those the proxy runs in, or routed to them): 1 to 16"
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) > 0 && length(var.subnet_ids) <= local.rules.lambda.subnets_max && alltrue([for id in var.subnet_ids : can(regex(local.rules.id.subnet, id))])
    error_message = "subnet_ids must hold 1 to ${local.rules.lambda.subnets_max} subnet ids (subnet-...)."
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
    condition     = var.proxy_security_group_id == null ? !var.create_security_group : can(regex(local.rules.id.security_group, var.proxy_security_group_id))
    error_message = "proxy_security_group_id must be a security group id (sg-...), and is required when create_security_group is true."
  }
}

variable "security_group_ids" {
  description = "Further security groups of the function (at most 5 in all, counting its own)"
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.security_group_ids) + (var.create_security_group ? 1 : 0) <= local.rules.lambda.security_groups_max && !anytrue([for id in var.security_group_ids : !can(regex(local.rules.id.security_group, id))])
    error_message = "security_group_ids must hold security group ids (sg-...), at most ${local.rules.lambda.security_groups_max} counting the function's own group when create_security_group is true."
  }
}
variable "environment" {
  description = "Extra environment variables (never secrets; the DB_* variables are set from the inputs below)"
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.environment) : can(regex(local.rules.lambda.environment_key, key))])
    error_message = "environment keys must start with a letter and contain only letters, digits and underscores (at least two characters)."
  }

  validation {
    condition     = length(setintersection(keys(var.environment), ["DB_HOST", "DB_READ_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_ENGINE"])) == 0
    error_message = "environment must not set DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_NAME or DB_ENGINE: the module sets them."
  }

  validation {
    condition     = length(setintersection(keys(var.environment), local.rules.lambda.environment_reserved)) == 0
    error_message = "environment must not set the variables Lambda reserves (AWS_REGION, AWS_ACCESS_KEY_ID, _HANDLER, LAMBDA_TASK_ROOT and the like)."
  }

  validation {
    condition     = alltrue([for key in keys(var.environment) : !can(regex("(?i)passw(or)?d", key))])
    error_message = "environment must not carry passwords: functions authenticate with IAM tokens, and the environment is readable by anyone who may read the function's configuration."
  }

  validation {
    condition     = sum(concat([0], [for key, value in var.environment : length(key) + length(value)])) <= local.rules.lambda.environment_max_bytes - 512
    error_message = "environment must hold at most ${local.rules.lambda.environment_max_bytes - 512} characters of names and values: Lambda takes 4 KB of variables, and the module's DB_* settings need the rest."
  }
}

variable "environment_from_module" {
  description = "Further names for the module's own values, for code that reads other names than DB_*: {NAME = host, read_host, port, user, name, engine or url}, url being <engine>://<user>@<host>:<port>/<name> (mysql:// or postgresql://, never with a password), e.g. { DB_PROXY_ENDPOINT = \"host\", DATABASE_URL = \"url\" }"
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for value in values(var.environment_from_module) : contains(keys(local.module_value_max_length), value)])
    error_message = "environment_from_module values must each be host, read_host, port, user, name, engine or url (the module's own values; url is <engine>://<user>@<host>:<port>/<name>, never with a password)."
  }

  validation {
    condition = alltrue([for key in keys(var.environment_from_module) :
      can(regex(local.rules.lambda.environment_key, key)) && !contains(concat(["DB_HOST", "DB_READ_HOST", "DB_PORT", "DB_USER", "DB_NAME", "DB_ENGINE"], local.rules.lambda.environment_reserved), key)
    ])
    error_message = "environment_from_module names must start with a letter and contain only letters, digits and underscores, and be none of DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_NAME, DB_ENGINE (the module sets them) or the variables Lambda reserves."
  }

  validation {
    condition     = length(setintersection(keys(var.environment_from_module), keys(var.environment))) == 0
    error_message = "environment_from_module names must differ from the names in environment: each variable has one value."
  }

  validation {
    condition     = var.proxy_read_endpoint != null || !contains(values(var.environment_from_module), "read_host")
    error_message = "environment_from_module may name read_host only when the function has a reader endpoint (proxy_read_endpoint; lambda_read_endpoint at the root)."
  }

  validation {
    # Without further names, environment's own size rule above is the whole story.
    condition = length(var.environment_from_module) == 0 || (sum(concat([0], [for key, value in var.environment : length(key) + length(value)]))
    + sum(concat([0], [for key, value in var.environment_from_module : length(key) + lookup(local.module_value_max_length, value, 0)]))) <= local.rules.lambda.environment_max_bytes - 512
    error_message = "environment and environment_from_module must hold at most ${local.rules.lambda.environment_max_bytes - 512} characters of names and values together (each module value counted at its longest: 253 for a host, 401 for a url): Lambda takes 4 KB of variables, and the module's DB_* settings need the rest."
  }
}

variable "proxy_endpoint" {
  description = "Proxy endpoint the function connects to (DB_HOST)"
  type        = string

  validation {
    condition     = can(regex(local.rules.host_name, var.proxy_endpoint))
    error_message = "proxy_endpoint must be a host name (the proxy's endpoint), without scheme or port."
  }
}
variable "proxy_read_endpoint" {
  description = "Reader endpoint of the proxy the function may open read connections on (DB_READ_HOST); null: none"
  type        = string
  default     = null

  validation {
    condition     = var.proxy_read_endpoint == null || can(regex(local.rules.host_name, coalesce(var.proxy_read_endpoint, "-")))
    error_message = "proxy_read_endpoint must be a host name (a proxy endpoint), without scheme or port."
  }
}
variable "db_username" {
  description = "Database user the function authenticates as with IAM (DB_USER)"
  type        = string

  validation {
    condition     = can(regex(lookup(local.rules.db_user, var.engine_family, local.rules.db_user.POSTGRESQL), var.db_username))
    error_message = "db_username must start with a letter or underscore and contain only letters, digits and underscores, at most ${var.engine_family == "MYSQL" ? "32 characters for MYSQL" : "63 characters for POSTGRESQL"}."
  }
}
variable "db_name" {
  description = "Database the function opens (DB_NAME)"
  type        = string

  validation {
    condition     = can(regex(local.rules.db_name, var.db_name)) && length(var.db_name) <= lookup(local.rules.db_name_max_length, var.engine_family, local.rules.db_name_max_length.MYSQL)
    error_message = "db_name must start with a letter or underscore and contain only letters, digits, _ and $, at most 64 characters for MYSQL and 63 for POSTGRESQL."
  }
}
variable "engine_family" {
  description = "Engine family of the proxy: MYSQL or POSTGRESQL (DB_ENGINE, in lower case; DB_PORT is the proxy's port, 3306 or 5432)"
  type        = string

  validation {
    condition     = contains(keys(local.rules.proxy_ports), var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}
variable "rds_connect_policy_json" {
  description = "Policy allowing rds-db:connect through the proxy (the root module's rds_connect_policy_json output, or your own)"
  type        = string

  validation {
    condition     = can(jsondecode(var.rds_connect_policy_json).Statement)
    error_message = "rds_connect_policy_json must be an IAM policy document in JSON, with a Statement."
  }
}
variable "rds_connect_managed_policy_jsons" {
  description = "The rest of the grant when it outgrows rds_connect_policy_json, one managed policy each (the root splits it to fit IAM's quotas)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for policy in var.rds_connect_managed_policy_jsons : can(jsondecode(policy).Statement)])
    error_message = "rds_connect_managed_policy_jsons must hold IAM policy documents in JSON, each with a Statement."
  }
}
variable "iam_role_path" {
  description = "IAM path of the function's role"
  type        = string
  default     = "/"

  validation {
    condition     = can(regex(local.rules.iam_path, var.iam_role_path)) && length(var.iam_role_path) <= local.rules.iam_path_max_length
    error_message = "iam_role_path must be / or start and end with / (printable ASCII, at most 512 characters)."
  }
}
variable "iam_role_permissions_boundary" {
  description = "Permissions boundary ARN of the function's role"
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_permissions_boundary == null || can(regex(local.rules.arn.iam_policy, coalesce(var.iam_role_permissions_boundary, "-")))
    error_message = "iam_role_permissions_boundary must be an IAM managed policy ARN (arn:<partition>:iam::<account>:policy/<name>)."
  }
}
variable "log_group_retention_in_days" {
  description = "Days to keep the function's logs (a value CloudWatch Logs accepts)"
  type        = number
  default     = 365

  validation {
    condition     = contains(local.rules.log_retention_in_days, var.log_group_retention_in_days)
    error_message = "log_group_retention_in_days must be one of ${join(", ", local.rules.log_retention_in_days)}."
  }
}

variable "log_group_kms_key_arn" {
  description = "KMS key for the log group (see modules/log_key), or null for CloudWatch Logs' own encryption: required, so that opting out is explicit"
  type        = string
  nullable    = true

  validation {
    condition     = var.log_group_kms_key_arn == null || can(regex(local.rules.arn.kms_key, var.log_group_kms_key_arn))
    error_message = "log_group_kms_key_arn must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>)."
  }

  validation {
    condition     = var.log_group_kms_key_arn == null || try(regex(local.rules.arn.kms_key, var.log_group_kms_key_arn)[1] == data.aws_region.current.id, true)
    error_message = "log_group_kms_key_arn must be a key in the log group's region, ${data.aws_region.current.id}: CloudWatch Logs uses keys of its own region only."
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
