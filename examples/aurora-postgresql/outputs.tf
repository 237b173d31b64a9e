output "proxy_endpoint" {
  description = "Endpoint the function connects to"
  value       = module.rds_proxy.proxy_endpoint
}

output "proxy_read_endpoint" {
  description = "Reader endpoint of the proxy (READ_ONLY), the function's DB_READ_HOST"
  value       = module.rds_proxy.proxy_endpoints["reader"].endpoint
}

output "master_user_secret_arn" {
  description = "The secret RDS manages for the master user, which the proxy reads"
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}

output "proxy_resource_id" {
  description = "Resource id of the proxy (prx-...)"
  value       = module.rds_proxy.proxy_resource_id
}

output "rds_connect_policy_json" {
  description = "rds-db:connect policy attached to the function"
  value       = module.rds_proxy.rds_connect_policy_json
}

output "lambda_function_name" {
  description = "Function that queries the database through the proxy"
  value       = module.rds_proxy.lambda_function_name
}
