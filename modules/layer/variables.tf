# What AWS accepts (modules/aws_rules.json), which the validations below check.
locals {
  rules = jsondecode(file("${path.module}/../aws_rules.json"))
}

variable "name" {
  description = "Layer name"
  type        = string

  validation {
    condition     = can(regex(local.rules.lambda.layer_name, var.name))
    error_message = "name must be 1 to 140 letters, digits, hyphens or underscores."
  }
}

variable "zip_path" {
  description = "Layer package built by `rds-proxy-package --layer --out <zip_path>` (at most 50 MB)"
  type        = string

  validation {
    condition     = fileexists(var.zip_path)
    error_message = "zip_path must name an existing file (build it with: rds-proxy-package --layer --out <zip_path>)."
  }

  validation {
    condition     = floor(length(trim(try(filebase64(var.zip_path), ""), "=")) * 3 / 4) <= local.rules.lambda.zip_max_bytes
    error_message = "zip_path must be at most 50 MB (${local.rules.lambda.zip_max_bytes} bytes), the most Lambda takes in a direct upload."
  }
}

variable "compatible_runtimes" {
  description = "Python runtimes the layer is built for (the --runtime it was packaged with): python3.10 to python3.14 (python3.14 needs AWS provider 6.20 or later). The layer is Python: functions of other runtimes connect with their own language's driver"
  type        = list(string)
  default     = ["python3.12"]

  validation {
    condition     = length(var.compatible_runtimes) > 0 && length(var.compatible_runtimes) <= local.rules.lambda.layer_runtimes_max && alltrue([for r in var.compatible_runtimes : contains(local.rules.lambda.runtime_families.python, r)])
    error_message = "compatible_runtimes must list 1 to ${local.rules.lambda.layer_runtimes_max} of ${join(", ", local.rules.lambda.runtime_families.python)}: rds_connect is a Python library, so its layer is never published for another runtime; a function of another language connects with its own driver and an IAM token (create_layer = false at the root)."
  }
}

variable "compatible_architectures" {
  description = "Architectures the layer is built for (the --arch it was packaged with): x86_64 and/or arm64"
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.compatible_architectures) > 0 && length(distinct(var.compatible_architectures)) == length(var.compatible_architectures) && alltrue([for a in var.compatible_architectures : contains(local.rules.lambda.architectures, a)])
    error_message = "compatible_architectures must list x86_64 and/or arm64, each once."
  }
}
