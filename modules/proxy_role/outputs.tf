output "role_arn" {
  description = "ARN of the created role (null when not created)"
  value       = try(aws_iam_role.this[0].arn, null)
}
