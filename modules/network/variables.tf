variable "name" {
  description = "Name used for group prefixes and rule descriptions"
  type        = string
}

variable "vpc_id" {
  description = "VPC of the proxy, the database and the Lambda"
  type        = string
}

variable "port" {
  description = "Database engine port"
  type        = number
}

variable "create_lambda_security_group" {
  description = "Create the Lambda's security group and its rules"
  type        = bool
  default     = true
}

variable "allowed_security_group_ids" {
  description = "Further security groups allowed to reach the proxy"
  type        = list(string)
  default     = []
}

variable "db_security_group_id" {
  description = "Security group of the database; proxy egress goes to it unless db_cidr_blocks is set"
  type        = string
  default     = null
}

variable "create_db_ingress_rule" {
  description = "Add the proxy -> database ingress rule on db_security_group_id"
  type        = bool
  default     = true
}

variable "db_cidr_blocks" {
  description = "Database CIDR blocks for proxy egress, instead of db_security_group_id"
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
