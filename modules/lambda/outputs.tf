output "function_name" {
  description = "Name of the function"
  value       = try(aws_lambda_function.this[0].function_name, null)
}

output "function_arn" {
  description = "ARN of the function"
  value       = try(aws_lambda_function.this[0].arn, null)
}

output "role_arn" {
  description = "ARN of the function's execution role"
  value       = try(aws_iam_role.this[0].arn, null)
}
