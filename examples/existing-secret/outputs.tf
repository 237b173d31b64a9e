output "proxy_endpoint" {
  description = "Endpoint your functions connect to"
  value       = module.rds_proxy.proxy_endpoint
}

output "proxy_security_group_id" {
  description = "Security group of the proxy; your functions need egress to it"
  value       = module.rds_proxy.proxy_security_group_id
}

output "rds_connect_policy_json" {
  description = "Attach this policy to your functions' roles"
  value       = module.rds_proxy.rds_connect_policy_json
}

output "layer_arn" {
  description = "The rds_connect layer for your functions (their code imports rds_connect from it)"
  value       = module.rds_proxy.layer_arn
}
