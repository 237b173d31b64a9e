variable "create" {
  description = "Create the secret (false: the caller brings its own and this module creates nothing)"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name used for the secret prefix, the key alias and descriptions"
  type        = string
}

variable "username" {
  description = "Database user stored in the secret"
  type        = string
}

variable "password" {
  description = "Password to store; null generates one. Ephemeral: never stored in plan or state"
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Bump to write a new password into the secret"
  type        = number
  default     = 1
}

variable "engine" {
  description = "Engine recorded in the secret (mysql or postgres)"
  type        = string
}

variable "host" {
  description = "Database host recorded in the secret"
  type        = string
  default     = null
}

variable "port" {
  description = "Database port recorded in the secret"
  type        = number
}

variable "dbname" {
  description = "Database name recorded in the secret"
  type        = string
  default     = null
}

variable "create_kms_key" {
  description = "Create a customer managed key when kms_key_arn is null (false: the AWS-managed aws/secretsmanager key)"
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "Existing KMS key ARN for the secret"
  type        = string
  default     = null
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period before a created key is deleted"
  type        = number
  default     = 30
}

variable "recovery_window_in_days" {
  description = "Days Secrets Manager keeps a deleted secret recoverable (0 deletes at once)"
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
