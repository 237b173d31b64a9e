output "lambda_security_group_id" {
  description = "Security group of the Lambda (null when not created)"
  value       = local.lambda_sg_id
}

output "proxy_security_group_id" {
  description = "Security group of the proxy"
  value       = aws_security_group.proxy.id
}
