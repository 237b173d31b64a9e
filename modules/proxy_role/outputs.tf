output "role_arn" {
  description = "ARN of the created role (null when not created)"
  value       = try(aws_iam_role.this[0].arn, null)

  # The proxy that takes this ARN must not start before the role can read its secrets.
  depends_on = [aws_iam_role_policy.secrets, aws_iam_role_policy_attachment.secrets]
}

output "role_name" {
  description = "Name of the created role (null when not created)"
  value       = try(aws_iam_role.this[0].name, null)
}

output "secret_arns" {
  description = "The secrets the role may read"
  value       = var.secret_arns
}

output "kms_key_arns" {
  description = "The customer managed keys the role may decrypt with, through Secrets Manager only"
  value       = var.kms_key_arns
}
