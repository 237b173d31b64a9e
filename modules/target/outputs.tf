output "target_group_name" {
  description = "Name of the proxy's default target group"
  value       = aws_db_proxy_default_target_group.this.name
}
