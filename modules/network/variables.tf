# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "name" {
  description = "Name of the proxy; prefixes the security group and names it in rule descriptions"
  type        = string

  validation {
    condition     = can(regex(local.rules.name_prefix, var.name)) && !startswith(var.name, local.rules.security_group_name_reserved_prefix)
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores, not starting with sg-: it prefixes the proxy's security group."
  }
}

variable "vpc_id" {
  description = "VPC of the proxy and the database"
  type        = string

  validation {
    condition     = can(regex(local.rules.id.vpc, var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "engine_family" {
  description = "Engine family of the proxy, whose port (3306 for MYSQL, 5432 for POSTGRESQL) clients reach it on"
  type        = string

  validation {
    condition     = contains(keys(local.rules.proxy_ports), var.engine_family)
    error_message = "engine_family must be MYSQL or POSTGRESQL."
  }
}

variable "db_port" {
  description = "Port of the database, the only port the proxy's egress opens (the proxy itself listens on its engine's port)"
  type        = number

  validation {
    condition     = var.db_port >= 1 && var.db_port <= 65535 && floor(var.db_port) == var.db_port
    error_message = "db_port must be a whole number from 1 to 65535."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups of clients (e.g. functions deployed elsewhere) allowed to reach the proxy"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.allowed_security_group_ids : can(regex(local.rules.id.security_group, id))])
    error_message = "allowed_security_group_ids must hold security group ids (sg-...)."
  }

  validation {
    condition     = length(var.allowed_security_group_ids) <= local.rules.security_group_rules_max
    error_message = "allowed_security_group_ids holds ${length(var.allowed_security_group_ids)} groups, each an inbound rule of the proxy's security group, which takes at most ${local.rules.security_group_rules_max} inbound rules."
  }
}

variable "db_security_group_id" {
  description = "Security group of the database: the proxy's egress targets it (set this or db_cidr_blocks)"
  type        = string
  default     = null

  validation {
    condition     = var.db_security_group_id == null || can(regex(local.rules.id.security_group, var.db_security_group_id))
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
  description = "Database CIDR blocks (network addresses) for the proxy's egress, instead of db_security_group_id"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.db_cidr_blocks : can(cidrhost(c, 0)) && !endswith(c, "/0") && try(cidrsubnet(c, 0, 0) == c, false)])
    error_message = "db_cidr_blocks must hold IPv4 network addresses narrower than /0, such as 10.0.8.0/24 (not 10.0.8.5/24)."
  }

  validation {
    condition     = length(var.db_cidr_blocks) <= local.rules.security_group_rules_max
    error_message = "db_cidr_blocks holds ${length(var.db_cidr_blocks)} blocks, each an outbound rule of the proxy's security group, which takes at most ${local.rules.security_group_rules_max} outbound rules."
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
