variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name of the proxy and the function"
  type        = string
  default     = "app-proxy"
}

variable "engine_family" {
  description = "MYSQL or POSTGRESQL"
  type        = string
  default     = "MYSQL"
}

variable "db_instance_identifier" {
  description = "Your DB instance"
  type        = string
}

variable "db_host" {
  description = "Endpoint address of your DB instance"
  type        = string
}

variable "db_name" {
  description = "Database the function uses"
  type        = string
  default     = "app"
}

variable "db_username" {
  description = "Database user the function connects as"
  type        = string
  default     = "app_user"
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

variable "lambda_zip_path" {
  description = "Lambda package built by `make lambda-zip`"
  type        = string
  default     = "../../.build/lambda.zip"
}
