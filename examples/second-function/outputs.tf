output "function_name" {
  description = "Name of the second function"
  value       = module.reports_function.function_name
}

output "security_group_id" {
  description = "The second function's security group (it has a rule into the proxy's)"
  value       = module.reports_function.security_group_id
}

output "proxy_endpoint" {
  description = "Endpoint the function connects to (DB_HOST)"
  value       = data.aws_db_proxy.existing.endpoint
}

output "rds_connect_policy_json" {
  description = "The function's rds-db:connect policy: the proxy's prx- resource id and db_username"
  value       = local.rds_connect_policy_json
}
