output "proxy_endpoint" {
  description = "Endpoint the functions connect to"
  value       = module.rds_proxy.proxy_endpoint
}

output "lambda_function_name" {
  description = "The Node.js function the module deploys"
  value       = module.rds_proxy.lambda_function_name
}

output "reports_function_name" {
  description = "The function deployed elsewhere"
  value       = aws_lambda_function.reports.function_name
}

output "connected_functions" {
  description = "What each function deployed elsewhere is given: host, port, user, database, subnets, group, DB_* variables"
  value       = module.rds_proxy.connected_functions
}

output "rds_connect_policy_json" {
  description = "rds-db:connect policy of the module's own function"
  value       = module.rds_proxy.rds_connect_policy_json
}
