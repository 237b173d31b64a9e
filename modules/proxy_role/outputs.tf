output "role_arn" {
  description = "ARN of the created role (null when not created)"
  value       = try(aws_iam_role.this[0].arn, null)

  # The proxy that takes this ARN must not start before the role can read its secrets.
  depends_on = [aws_iam_role_policy.secrets]
}

output "role_name" {
  description = "Name of the created role (null when not created)"
  value       = try(aws_iam_role.this[0].name, null)
}
