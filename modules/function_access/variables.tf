# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "name" {
  description = "Name of this connection (the function or team it serves): names the grant and the security group"
  type        = string

  validation {
    condition     = can(regex(local.rules.name_prefix, var.name)) && length(var.name) <= 100
    error_message = "name must be 1 to 100 letters, digits, hyphens or underscores: it names the role's policy and the security group."
  }
}

variable "role" {
  description = "The function's existing execution role, by name or ARN (of this account and partition): gets rds-db:connect on the proxy for db_users"
  type        = string

  validation {
    condition     = can(regex(local.rules.iam_role_name, var.role)) || can(regex(local.rules.arn.iam_role, var.role))
    error_message = "role must be an IAM role name or role ARN (arn:<partition>:iam::<account>:role/<name>)."
  }

  validation {
    condition = !can(regex(local.rules.arn.iam_role, var.role)) || try(
      regex(local.rules.arn.iam_role, var.role)[0] == data.aws_partition.current.partition
      && regex(local.rules.arn.iam_role, var.role)[1] == data.aws_caller_identity.current.account_id,
    false)
    error_message = "role must be a role of this account (${data.aws_caller_identity.current.account_id}) and partition (${data.aws_partition.current.partition}): an inline policy can only be put on a role of the account that applies it."
  }
}

variable "db_users" {
  description = "Database users the function logs in as, each with a secret of the proxy (never a wildcard)"
  type        = list(string)

  validation {
    condition     = length(var.db_users) > 0 && alltrue([for user in var.db_users : can(regex(lookup(local.rules.db_user, var.engine_family, local.rules.db_user.POSTGRESQL), user))])
    error_message = "db_users must list at least one database user, each starting with a letter or underscore and holding only letters, digits and underscores, as the engine allows (no wildcard: grant each user by name)."
  }

  validation {
    condition     = var.known_db_users == null || length(setsubtract(var.db_users, coalesce(var.known_db_users, []))) == 0
    error_message = "db_users must be users the proxy has a secret for (${join(", ", coalesce(var.known_db_users, []))}): the proxy refuses a login for any other user."
  }
}

variable "known_db_users" {
  description = "The users of the proxy's secrets, when known at plan; db_users is checked against them (null: not checked)"
  type        = list(string)
  default     = null
}

variable "engine_family" {
  description = "Engine family of the proxy, MYSQL or POSTGRESQL: sets the port of the security group rules"
  type        = string

  validation {
    condition     = contains(keys(local.rules.proxy_ports), var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "proxy_resource_id" {
  description = "The proxy's resource id (prx-..., the end of its ARN): what rds-db:connect names, never the proxy's name"
  type        = string

  validation {
    condition     = can(regex("^prx-[0-9a-zA-Z]{4,64}$", var.proxy_resource_id))
    error_message = "proxy_resource_id must be the proxy's resource id, prx-... (IAM authentication names the proxy by the end of its ARN, not by its name)."
  }
}

variable "proxy_endpoint" {
  description = "The proxy's endpoint, the host the function connects to"
  type        = string

  validation {
    condition     = can(regex(local.rules.host_name, var.proxy_endpoint))
    error_message = "proxy_endpoint must be a host name (the proxy's endpoint), without scheme or port."
  }
}

variable "proxy_read_endpoint" {
  description = "A READ_ONLY endpoint of the proxy for the function's reads (null: none)"
  type        = string
  default     = null

  validation {
    condition     = var.proxy_read_endpoint == null || can(regex(local.rules.host_name, coalesce(var.proxy_read_endpoint, "-")))
    error_message = "proxy_read_endpoint must be a host name (a proxy endpoint), without scheme or port."
  }
}

variable "db_name" {
  description = "Database the function uses"
  type        = string

  validation {
    condition     = can(regex(local.rules.db_name, var.db_name)) && length(var.db_name) <= lookup(local.rules.db_name_max_length, var.engine_family, local.rules.db_name_max_length.MYSQL)
    error_message = "db_name must start with a letter or underscore and contain only letters, digits, _ and $, at most 64 characters for MYSQL and 63 for POSTGRESQL."
  }
}

variable "vpc_id" {
  description = "The proxy's VPC, where the function's security group is made when security_group_id is null"
  type        = string

  validation {
    condition     = can(regex(local.rules.id.vpc, var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  description = "Subnets the function should run in (the proxy's, or others routed to them): passed on to the connection output"
  type        = list(string)

  validation {
    condition     = alltrue([for id in var.subnet_ids : can(regex(local.rules.id.subnet, id))])
    error_message = "subnet_ids must hold subnet ids (subnet-...)."
  }
}

variable "proxy_security_group_id" {
  description = "The proxy's security group: gets an ingress rule from the function's group on the proxy's port"
  type        = string

  validation {
    condition     = can(regex(local.rules.id.security_group, var.proxy_security_group_id))
    error_message = "proxy_security_group_id must be a security group id (sg-...)."
  }
}

variable "security_group_id" {
  description = "The function's existing security group, which gets an egress rule to the proxy (null: a group is made for it)"
  type        = string
  default     = null

  validation {
    condition     = var.security_group_id == null || can(regex(local.rules.id.security_group, coalesce(var.security_group_id, "-")))
    error_message = "security_group_id must be a security group id (sg-...)."
  }
}

variable "attach_vpc_access_policy" {
  description = "Attach AWSLambdaVPCAccessExecutionRole to the role, which a function in a VPC needs (destroying this detaches it again: leave false when the role has it already)"
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the security group the part makes"
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
