output "name" {
  description = "Name of the proxy"
  value       = aws_db_proxy.this.name
}

output "arn" {
  description = "ARN of the proxy"
  value       = aws_db_proxy.this.arn
}

output "resource_id" {
  description = "Resource id of the proxy (prx-...), the part IAM auth policies name"
  value       = regex("^arn:[^:]+:rds:[^:]+:[0-9]+:db-proxy:(prx-[0-9a-z]+)$", aws_db_proxy.this.arn)[0]
}

output "endpoint" {
  description = "Endpoint clients connect to"
  value       = aws_db_proxy.this.endpoint
}

output "log_group_name" {
  description = "CloudWatch log group of the proxy (null when not managed here)"
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}

output "endpoints" {
  description = "Additional endpoints, by the key in var.endpoints: name, endpoint (the address clients connect to), arn and target_role"
  value = { for key, e in aws_db_proxy_endpoint.this : key => {
    name        = e.db_proxy_endpoint_name
    endpoint    = e.endpoint
    arn         = e.arn
    target_role = e.target_role
  } }
}
