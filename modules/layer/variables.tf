variable "name" {
  description = "Layer name"
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,140}$", var.name))
    error_message = "name must be 1 to 140 letters, digits, hyphens or underscores."
  }
}

variable "zip_path" {
  description = "Layer package built by `rds-proxy-package --layer --out <zip_path>`"
  type        = string

  validation {
    condition     = fileexists(var.zip_path)
    error_message = "zip_path must name an existing file (build it with: rds-proxy-package --layer --out <zip_path>)."
  }
}

variable "compatible_runtimes" {
  description = "Python runtimes the layer is built for (the --runtime it was packaged with)"
  type        = list(string)
  default     = ["python3.12"]

  validation {
    condition     = length(var.compatible_runtimes) > 0 && alltrue([for r in var.compatible_runtimes : can(regex("^python3\\.[0-9]+$", r))])
    error_message = "compatible_runtimes must list Python runtimes such as python3.12."
  }
}

variable "compatible_architectures" {
  description = "Architectures the layer is built for (the --arch it was packaged with): x86_64 and/or arm64"
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = length(var.compatible_architectures) > 0 && alltrue([for a in var.compatible_architectures : contains(["x86_64", "arm64"], a)])
    error_message = "compatible_architectures must list x86_64 and/or arm64."
  }
}
