variable "region" {
  description = "AWS region"
  type        = string
  default     = "us-east-1"
}

variable "availability_zones" {
  description = "Two Availability Zones of the region, one per private subnet (RDS Proxy needs two)"
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]

  validation {
    condition     = length(distinct(var.availability_zones)) == 2 && alltrue([for az in var.availability_zones : startswith(az, var.region)])
    error_message = "availability_zones must name two different zones of region, like us-east-1a and us-east-1b."
  }
}

variable "name" {
  description = "Name of the database, the proxy and the function"
  type        = string
  default     = "aurora-pg"
}

variable "db_name" {
  description = "Database the function uses"
  type        = string
  default     = "app"
}

variable "db_username" {
  description = "Database user"
  type        = string
  default     = "app_admin"
}

variable "lambda_zip_path" {
  description = "Lambda package built by `make lambda-zip`"
  type        = string
  default     = "../../.build/lambda.zip"
}

variable "idle_client_timeout" {
  description = "Seconds a client connection may idle before the proxy closes it"
  type        = number
  default     = 900
}
