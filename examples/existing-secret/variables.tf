variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name of the proxy"
  type        = string
  default     = "byo-secret"
}

variable "db_instance_identifier" {
  description = "Your PostgreSQL DB instance"
  type        = string
}

variable "db_username" {
  description = "Database user of the functions, who logs in with IAM tokens"
  type        = string
  default     = "app_user"
}

variable "migrations_username" {
  description = "Database user of the schema migrations, who logs in with its password"
  type        = string
  default     = "migrator"
}

variable "vpc_id" {
  description = "VPC of your database"
  type        = string
}

variable "subnet_ids" {
  description = "Two or more private subnets in different Availability Zones"
  type        = list(string)
}

variable "db_security_group_id" {
  description = "Security group of your database"
  type        = string
}

variable "function_security_group_ids" {
  description = "Security groups of the functions (deployed elsewhere) that use the proxy"
  type        = list(string)
  default     = []
}

variable "layer_zip_path" {
  description = "The rds_connect layer, built by: rds-proxy-package --layer --out layer.zip"
  type        = string
}
