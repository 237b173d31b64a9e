output "proxy_name" {
  description = "Name of the proxy"
  value       = module.proxy.name
}

output "proxy_arn" {
  description = "ARN of the proxy"
  value       = module.proxy.arn
}

output "proxy_resource_id" {
  description = "Resource id of the proxy (prx-...), as IAM auth policies name it"
  value       = module.proxy.resource_id
}

output "proxy_endpoint" {
  description = "Endpoint clients connect to"
  value       = module.proxy.endpoint
}

output "proxy_endpoints" {
  description = "Additional proxy endpoints, by the key in endpoints: name, endpoint (the address clients connect to), arn and target_role"
  value       = module.proxy.endpoints
}

output "proxy_port" {
  description = "Port clients connect to"
  value       = local.proxy_port
}

output "proxy_target_group_name" {
  description = "Name of the proxy's default target group"
  value       = module.target.target_group_name
}

output "proxy_log_group_name" {
  description = "CloudWatch log group of the proxy (null when not managed here)"
  value       = module.proxy.log_group_name
}

output "secret_arn" {
  description = "ARN of the created secret (null when existing secrets are used)"
  value       = module.secret.secret_arn
}

output "secret_arns" {
  description = "Every secret the proxy reads"
  value       = module.proxy_role.secret_arns
}

output "secret_kms_key_arn" {
  description = "Customer managed key of the created secret (null: AWS-managed key or no secret created)"
  value       = module.secret.kms_key_arn
}

output "secret_kms_key_arns" {
  description = "Every customer managed key the proxy role may decrypt with (created, given, or of existing secrets)"
  value       = module.proxy_role.kms_key_arns
}

output "proxy_role_arn" {
  description = "Role the proxy assumes"
  value       = var.create_proxy_role ? module.proxy_role.role_arn : var.proxy_role_arn
}

output "proxy_security_group_id" {
  description = "Security group of the proxy"
  value       = module.network.proxy_security_group_id
}

output "lambda_security_group_id" {
  description = "Security group of the Lambda (null when create_lambda is false)"
  value       = module.lambda.security_group_id
}

output "rds_connect_resource_arns" {
  description = "rds-db:connect resource ARNs, one per allowed database user"
  value       = local.rds_connect_arns
}

output "rds_connect_policy_json" {
  description = "IAM policy allowing rds-db:connect through the proxy; attach it to functions deployed elsewhere"
  value       = local.rds_connect_policy_json
}

output "lambda_function_name" {
  description = "Name of the Lambda (null when create_lambda is false)"
  value       = module.lambda.function_name
}

output "lambda_function_arn" {
  description = "ARN of the Lambda (null when create_lambda is false)"
  value       = module.lambda.function_arn
}

output "lambda_role_arn" {
  description = "Execution role of the Lambda (null when create_lambda is false)"
  value       = module.lambda.role_arn
}

output "layer_arn" {
  description = "ARN of the rds_connect layer version (null when create_layer is false); give it to functions deployed elsewhere"
  value       = try(module.layer[0].arn, null)
}

output "alarm_arns" {
  description = "ARNs of the CloudWatch alarms, by alarm name (empty when create_alarms is false)"
  value       = module.monitoring.alarm_arns
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard (null when create_dashboard is false)"
  value       = module.monitoring.dashboard_name
}

output "connected_functions" {
  description = "Per entry of connected_functions, what its deployer needs: host, read_host, port, user, users, db_name, engine, subnet_ids, security_group_id, role_name and environment (the DB_* variables)"
  value       = { for key, access in module.function_access : key => access.connection }
}
