output "secret_arn" {
  description = "ARN of the created secret (null when not created)"
  value       = try(aws_secretsmanager_secret.this[0].arn, null)
}

output "kms_key_arn" {
  description = "Customer managed key encrypting the secret (null: AWS-managed key)"
  value       = var.create ? local.kms_key_arn : null
}

output "secret_name" {
  description = "Name of the created secret (null when not created)"
  value       = try(aws_secretsmanager_secret.this[0].name, null)
}
