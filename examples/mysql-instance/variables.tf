variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Name of the database, the proxy and the function"
  type        = string
  default     = "cookbook-mysql"
}

variable "db_name" {
  description = "Database the function uses"
  type        = string
  default     = "app"
}

variable "db_username" {
  description = "Database user"
  type        = string
  default     = "admin"
}

variable "lambda_zip_path" {
  description = "Lambda package built by `make lambda-zip`"
  type        = string
  default     = "../../.build/lambda.zip"
}
