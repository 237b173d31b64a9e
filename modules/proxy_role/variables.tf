variable "create" {
  description = "Create the role (false: the caller passes its own role to the proxy)"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the proxy the role serves; prefixes the role and names it in descriptions"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.name)) && length(var.name) <= 60
    error_message = "name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 60 characters."
  }
}

variable "secret_arns" {
  description = "Secrets the proxy may read (GetSecretValue on exactly these)"
  type        = list(string)

  validation {
    condition     = (!var.create || length(var.secret_arns) > 0) && alltrue([for arn in var.secret_arns : can(regex("^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", arn))])
    error_message = "secret_arns must hold Secrets Manager secret ARNs, at least one when create is true (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>)."
  }
}

variable "kms_key_arns" {
  description = "Customer managed keys of those secrets, decrypted only via Secrets Manager (empty: AWS-managed key)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.kms_key_arns : can(regex("^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", arn))])
    error_message = "kms_key_arns must hold KMS key ARNs (arn:<partition>:kms:<region>:<account>:key/<id>)."
  }
}

variable "iam_role_path" {
  description = "IAM path of the role"
  type        = string
  default     = "/"

  validation {
    condition     = can(regex("^/([\\x21-\\x7e]+/)?$", var.iam_role_path)) && length(var.iam_role_path) <= 512
    error_message = "iam_role_path must be / or start and end with / (printable ASCII, at most 512 characters)."
  }
}

variable "iam_role_permissions_boundary" {
  description = "ARN of a permissions boundary for the role"
  type        = string
  default     = null

  validation {
    condition     = var.iam_role_permissions_boundary == null || can(regex("^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}|aws):policy/.+$", var.iam_role_permissions_boundary))
    error_message = "iam_role_permissions_boundary must be an IAM policy ARN (arn:<partition>:iam::<account>:policy/<name>)."
  }
}

variable "tags" {
  description = "Tags for every resource"
  type        = map(string)
  default     = {}
}
