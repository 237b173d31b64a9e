output "function_name" {
  description = "Name of the function (null when not created)"
  value       = try(aws_lambda_function.this[0].function_name, null)
}

output "function_arn" {
  description = "ARN of the function (null when not created)"
  value       = try(aws_lambda_function.this[0].arn, null)
}

output "role_arn" {
  description = "ARN of the function's execution role (null when not created)"
  value       = try(aws_iam_role.this[0].arn, null)
}

output "role_name" {
  description = "Name of the function's execution role, to attach further policies (null when not created)"
  value       = try(aws_iam_role.this[0].name, null)
}

output "security_group_id" {
  description = "The function's own security group (null when not created)"
  value       = try(aws_security_group.this[0].id, null)
}

output "log_group_name" {
  description = "CloudWatch log group of the function (null when not created)"
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}
