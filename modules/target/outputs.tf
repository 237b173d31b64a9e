output "target_group_name" {
  description = "Name of the default target group"
  value       = aws_db_proxy_default_target_group.this.name
}

output "target_group_arn" {
  description = "ARN of the default target group"
  value       = aws_db_proxy_default_target_group.this.arn
}

output "target_endpoint" {
  description = "Endpoint of the target database (instance targets only)"
  value       = aws_db_proxy_target.this.endpoint
}

output "target_port" {
  description = "Port of the target database"
  value       = aws_db_proxy_target.this.port
}
