variable "name" {
  description = "Name of the proxy; prefixes the security group and names it in rule descriptions"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.name)) && length(var.name) <= 60
    error_message = "name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 60 characters."
  }
}

variable "vpc_id" {
  description = "VPC of the proxy and the database"
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "db_port" {
  description = "Database engine port, the only port the rules open"
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
    condition     = alltrue([for id in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "allowed_security_group_ids must hold security group ids (sg-...)."
  }
}

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

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
