variable "name" {
  description = "Name of the proxy"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.name)) && length(var.name) <= 60
    error_message = "name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 60 characters."
  }
}

variable "engine_family" {
  description = "Engine family of the proxy: MYSQL or POSTGRESQL"
  type        = string

  validation {
    condition     = contains(["MYSQL", "POSTGRESQL"], var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "proxy_role_arn" {
  description = "Role the proxy assumes to read its secrets (see modules/proxy_role)"
  type        = string

  validation {
    condition     = can(regex("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/.+$", var.proxy_role_arn))
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
    condition     = var.idle_client_timeout >= 1 && var.idle_client_timeout <= 28800
    error_message = "idle_client_timeout must be from 1 to 28800 seconds."
  }
}

variable "debug_logging" {
  description = "Log the SQL the proxy sees (can include sensitive data; for troubleshooting only)"
  type        = bool
  default     = false
}

variable "subnet_ids" {
  description = "Subnets of the proxy: at least two, in different Availability Zones"
  type        = list(string)

  validation {
    condition     = length(distinct(var.subnet_ids)) >= 2 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "subnet_ids must list at least two distinct subnet ids (subnet-...): RDS Proxy needs two Availability Zones."
  }
}

variable "security_group_ids" {
  description = "Security groups of the proxy (see modules/network)"
  type        = list(string)

  validation {
    condition     = length(var.security_group_ids) > 0 && alltrue([for id in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "security_group_ids must hold one or more security group ids (sg-...)."
  }
}

variable "auth" {
  description = "One entry per secret the proxy reads: its ARN, IAM auth (REQUIRED or DISABLED), the client password auth type and a description"
  type = list(object({
    secret_arn                = string
    iam_auth                  = optional(string, "REQUIRED")
    client_password_auth_type = optional(string)
    description               = optional(string)
  }))

  validation {
    condition     = length(var.auth) > 0 && alltrue([for a in var.auth : can(regex("^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", a.secret_arn)) && contains(["REQUIRED", "DISABLED"], a.iam_auth)])
    error_message = "auth must hold one or more entries, each with a Secrets Manager secret ARN and iam_auth REQUIRED or DISABLED."
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
    condition     = alltrue([for e in values(var.endpoints) : can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", e.name)) && length(e.name) <= 63])
    error_message = "endpoints: each name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 63 characters."
  }

  validation {
    condition     = length(distinct([for e in values(var.endpoints) : lower(e.name)])) == length(var.endpoints) && !contains([for e in values(var.endpoints) : lower(e.name)], lower(var.name))
    error_message = "endpoints: names must differ from each other and from the proxy's name (its default endpoint has it)."
  }

  validation {
    condition     = alltrue([for e in values(var.endpoints) : contains(["READ_WRITE", "READ_ONLY"], e.target_role)])
    error_message = "endpoints: target_role must be READ_WRITE or READ_ONLY."
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
  description = "Days to keep the proxy's logs (a value CloudWatch Logs accepts, e.g. 30, 365, 3653)"
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
