# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "name" {
  description = "Name of the proxy"
  type        = string

  validation {
    condition     = can(regex(local.rules.rds_identifier, var.name)) && length(var.name) <= local.rules.proxy_name_max_length
    error_message = "name must start with a lower-case letter, contain only lower-case letters, digits and single hyphens, not end with a hyphen, and be at most ${local.rules.proxy_name_max_length} characters."
  }
}

variable "engine_family" {
  description = "Engine family of the proxy: MYSQL or POSTGRESQL"
  type        = string

  validation {
    condition     = contains(keys(local.rules.proxy_ports), var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "proxy_role_arn" {
  description = "Role the proxy assumes to read its secrets (see modules/proxy_role)"
  type        = string

  validation {
    condition     = can(regex(local.rules.arn.iam_role, var.proxy_role_arn))
    error_message = "proxy_role_arn must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)."
  }
}

variable "require_tls" {
  description = "Require TLS between clients and the proxy"
  type        = bool
  default     = true
}

variable "idle_client_timeout" {
  description = "Seconds a client connection may idle before the proxy closes it (1-28800)"
  type        = number
  default     = 1800

  validation {
    condition     = var.idle_client_timeout >= 1 && var.idle_client_timeout <= local.rules.idle_client_timeout_max && floor(var.idle_client_timeout) == var.idle_client_timeout
    error_message = "idle_client_timeout must be a whole number of seconds from 1 to ${local.rules.idle_client_timeout_max}."
  }
}

variable "debug_logging" {
  description = "Log the SQL the proxy sees (can include sensitive data; for troubleshooting only: RDS Proxy turns it off after 24 hours, and the next plan turns it on again)"
  type        = bool
  default     = false
}

variable "subnet_ids" {
  description = "Subnets of the proxy: at least two, in different Availability Zones"
  type        = list(string)

  validation {
    condition     = length(distinct(var.subnet_ids)) >= 2 && alltrue([for id in var.subnet_ids : can(regex(local.rules.id.subnet, id))])
    error_message = "subnet_ids must list at least two distinct subnet ids (subnet-...): RDS Proxy needs two Availability Zones."
  }
}

variable "security_group_ids" {
  description = "Security groups of the proxy (see modules/network)"
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) > 0 && !anytrue([for id in var.security_group_ids : !can(regex(local.rules.id.security_group, id))])
    error_message = "security_group_ids must hold one or more security group ids (sg-...)."
  }
}

variable "auth" {
  description = "One entry per secret the proxy reads: its ARN, IAM auth (REQUIRED or DISABLED), the client password auth type (null: the engine's default; MYSQL_NATIVE_PASSWORD or MYSQL_CACHING_SHA2_PASSWORD for MYSQL, POSTGRES_SCRAM_SHA_256 or POSTGRES_MD5 for POSTGRESQL) and a description"
  type = list(object({
    secret_arn                = string
    iam_auth                  = optional(string, "REQUIRED")
    client_password_auth_type = optional(string)
    description               = optional(string)
  }))

  validation {
    condition     = length(var.auth) >= 1 && length(var.auth) <= local.rules.proxy_secrets_max
    error_message = "auth must hold from 1 to ${local.rules.proxy_secrets_max} entries, one per secret (the most a proxy may have)."
  }

  validation {
    condition     = !anytrue([for a in var.auth : !can(regex(local.rules.arn.secret, a.secret_arn))])
    error_message = "auth: each secret_arn must be a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-XXXXXX; the full ARN ends with - and six characters Secrets Manager adds to the name (the console shows it; or aws secretsmanager describe-secret --secret-id <name> --query ARN))."
  }

  validation {
    condition     = !anytrue([for a in var.auth : can(regex(local.rules.arn.secret, a.secret_arn)) && try(regex(local.rules.arn.secret, a.secret_arn)[1] != data.aws_region.current.id, false)])
    error_message = "auth: every secret must be in the proxy's region, ${data.aws_region.current.id}: the proxy reads its secrets through Secrets Manager there, and may decrypt them only there."
  }

  validation {
    condition     = alltrue([for a in var.auth : contains(local.rules.iam_auth, a.iam_auth)])
    error_message = "auth: iam_auth must be REQUIRED or DISABLED."
  }

  validation {
    condition     = alltrue([for a in var.auth : a.client_password_auth_type == null || contains(lookup(local.rules.client_password_auth_types, var.engine_family, []), coalesce(a.client_password_auth_type, "-"))])
    error_message = "auth: client_password_auth_type must be one of ${join(", ", lookup(local.rules.client_password_auth_types, var.engine_family, []))} for engine_family ${var.engine_family}, or null for the engine's default."
  }

  validation {
    condition     = var.require_tls || alltrue([for a in var.auth : a.iam_auth != "REQUIRED"])
    error_message = "require_tls must be true when an auth entry's iam_auth is REQUIRED: IAM tokens must only travel over TLS."
  }
}

variable "endpoints" {
  description = "Additional endpoints, by key: name, target_role (READ_WRITE, or READ_ONLY for an Aurora cluster's readers), tags, and vpc_subnet_ids / vpc_security_group_ids (null: the proxy's)"
  type = map(object({
    name                   = string
    target_role            = optional(string, "READ_WRITE")
    vpc_subnet_ids         = optional(list(string))
    vpc_security_group_ids = optional(list(string))
    tags                   = optional(map(string), {})
  }))
  default = {}

  validation {
    condition     = length(var.endpoints) <= local.rules.proxy_endpoints_max
    error_message = "endpoints may hold at most ${local.rules.proxy_endpoints_max} endpoints (the most a proxy may have besides its default one)."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : can(regex(local.rules.rds_identifier, e.name)) && length(e.name) <= local.rules.rds_identifier_max_length])
    error_message = "endpoints: each name must start with a lower-case letter, contain only lower-case letters, digits and single hyphens, not end with a hyphen, and be at most ${local.rules.rds_identifier_max_length} characters."
  }

  validation {
    condition     = length(distinct([for e in values(var.endpoints) : e.name])) == length(var.endpoints) && !contains([for e in values(var.endpoints) : e.name], var.name)
    error_message = "endpoints: names must differ from each other and from name (the proxy's default endpoint has it)."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : contains(["READ_WRITE", "READ_ONLY"], e.target_role)])
    error_message = "endpoints: target_role must be READ_WRITE or READ_ONLY."
  }

  validation {
    condition = alltrue([for e in values(var.endpoints) :
      (e.vpc_subnet_ids == null || try(length(distinct(e.vpc_subnet_ids)) >= 2 && alltrue([for id in e.vpc_subnet_ids : can(regex(local.rules.id.subnet, id))]), false))
      && (e.vpc_security_group_ids == null || try(length(e.vpc_security_group_ids) > 0 && alltrue([for id in e.vpc_security_group_ids : can(regex(local.rules.id.security_group, id))]), false))
    ])
    error_message = "endpoints: vpc_subnet_ids must list at least two distinct subnet ids (subnet-...) and vpc_security_group_ids one or more security group ids (sg-...), or be null for the proxy's."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : e.vpc_subnet_ids == null || e.vpc_security_group_ids != null])
    error_message = "endpoints: an endpoint with its own vpc_subnet_ids needs its own vpc_security_group_ids too: the proxy's security groups belong to the proxy's VPC."
  }

  validation {
    condition = alltrue([for e in values(var.endpoints) :
      length(merge(var.tags, e.tags)) <= local.rules.tags.max_count && alltrue([for key, value in e.tags :
        can(regex(local.rules.tags.key, key)) && can(regex(local.rules.tags.value, value))
        && !can(regex(local.rules.tags.reserved_prefix, key)) && !can(regex(local.rules.tags.reserved_prefix, value))
      ])
    ])
    error_message = "endpoints: tags (merged with tags): ${local.rules.tags.rule}."
  }
}

variable "manage_log_group" {
  description = "Create the proxy's CloudWatch log group with the retention below"
  type        = bool
  default     = true
}

variable "log_group_retention_in_days" {
  description = "Days to keep the proxy's logs (a value CloudWatch Logs accepts, e.g. 30, 365, 3653)"
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
