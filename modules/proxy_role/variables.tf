variable "create" {
  description = "Create the role (false: the caller passes its own role to the proxy)"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name used for the role prefix and descriptions"
  type        = string
}

variable "secret_arns" {
  description = "Secrets the proxy may read"
  type        = list(string)
}

variable "kms_key_arns" {
  description = "Customer managed keys encrypting those secrets (empty: AWS-managed key)"
  type        = list(string)
  default     = []
}

variable "path" {
  description = "IAM path of the role"
  type        = string
  default     = "/"
}

variable "permissions_boundary" {
  description = "ARN of a permissions boundary for the role"
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
