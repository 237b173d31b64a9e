variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name of the proxy and the functions"
  type        = string
  default     = "app-proxy"
}

variable "db_instance_identifier" {
  description = "Your MySQL DB instance"
  type        = string
}

variable "db_host" {
  description = "Endpoint address of your DB instance"
  type        = string
}

variable "db_name" {
  description = "Database the functions use"
  type        = string
  default     = "app"
}

variable "db_username" {
  description = "Database user the functions connect as"
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

variable "functions_zip_path" {
  description = "The Node.js functions' package: rds-proxy-package --source examples/functions --runtime nodejs20.x"
  type        = string
  default     = "../../.build/functions.zip"
}
