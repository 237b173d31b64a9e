variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name of the second function"
  type        = string
  default     = "orders-reports"
}

variable "proxy_name" {
  description = "Name of the existing RDS Proxy (e.g. the root module's proxy_name output)"
  type        = string
}

variable "subnet_ids" {
  description = "Subnets for the function, in the proxy's VPC"
  type        = list(string)
}

variable "db_username" {
  description = "Database user the function logs in as (the proxy's secrets must hold it)"
  type        = string
  default     = "reporting"
}

variable "db_name" {
  description = "Database the function opens"
  type        = string
  default     = "app"
}

variable "lambda_zip_path" {
  description = "The function's package (rds-proxy-package --source <dir> --out <zip>)"
  type        = string
}

variable "lambda_handler" {
  description = "The function's handler, module.function"
  type        = string
  default     = "handler.lambda_handler"
}
