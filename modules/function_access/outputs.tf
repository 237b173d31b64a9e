output "connection" {
  description = "What the function's deployer needs: host, read_host, port, user, users, db_name, engine, subnet_ids, security_group_id, role_name, and environment (the DB_* variables, ready to set on the function)"
  value = {
    host              = var.proxy_endpoint
    read_host         = var.proxy_read_endpoint
    port              = local.proxy_port
    user              = var.db_users[0]
    users             = var.db_users
    db_name           = var.db_name
    engine            = local.engine
    subnet_ids        = var.subnet_ids
    security_group_id = local.security_group_id
    role_name         = local.role_name
    environment = merge({
      DB_HOST   = var.proxy_endpoint
      DB_PORT   = tostring(local.proxy_port)
      DB_USER   = var.db_users[0]
      DB_NAME   = var.db_name
      DB_ENGINE = local.engine
    }, var.proxy_read_endpoint == null ? {} : { DB_READ_HOST = var.proxy_read_endpoint })
  }
}

output "rds_connect_policy_name" {
  description = "Name of the inline policy put on the role"
  value       = aws_iam_role_policy.rds_connect.name
}
