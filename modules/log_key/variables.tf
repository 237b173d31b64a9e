variable "name" {
  description = "Name of the proxy; names the key alias and its description"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z](-?[a-zA-Z0-9])*$", var.name)) && length(var.name) <= 60
    error_message = "name must start with a letter, contain only letters, digits and single hyphens, not end with a hyphen, and be at most 60 characters."
  }
}

variable "log_group_names" {
  description = "The log groups CloudWatch Logs may encrypt with the key (no other log group may use it)"
  type        = list(string)

  validation {
    condition     = length(var.log_group_names) > 0 && alltrue([for n in var.log_group_names : can(regex("^[a-zA-Z0-9_./#-]{1,512}$", n))])
    error_message = "log_group_names must list one or more log group names (letters, digits and _ . / # -, at most 512 characters)."
  }
}

variable "tags" {
  description = "Tags for the key"
  type        = map(string)
  default     = {}
}
