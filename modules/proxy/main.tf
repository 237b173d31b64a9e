data "aws_region" "current" {}

################################################################################
# Log group the proxy writes to (created first so retention and encryption are ours)
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  count = var.manage_log_group ? 1 : 0

  name              = "/aws/rds/proxy/${var.name}"
  retention_in_days = var.log_group_retention_in_days
  kms_key_id        = var.log_group_kms_key_arn

  tags = var.tags
}

################################################################################
# Proxy
################################################################################

resource "aws_db_proxy" "this" {
  name                   = var.name
  engine_family          = var.engine_family
  role_arn               = var.proxy_role_arn
  require_tls            = var.require_tls
  idle_client_timeout    = var.idle_client_timeout
  debug_logging          = var.debug_logging
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = var.security_group_ids

  dynamic "auth" {
    for_each = var.auth
    content {
      auth_scheme               = "SECRETS"
      secret_arn                = auth.value.secret_arn
      iam_auth                  = auth.value.iam_auth
      client_password_auth_type = auth.value.client_password_auth_type
      description               = auth.value.description
    }
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this]
}

################################################################################
# Additional endpoints (e.g. a reader endpoint of an Aurora cluster)
################################################################################

resource "aws_db_proxy_endpoint" "this" {
  for_each = var.endpoints

  db_proxy_name          = aws_db_proxy.this.name
  db_proxy_endpoint_name = each.value.name
  vpc_subnet_ids         = coalesce(each.value.vpc_subnet_ids, var.subnet_ids)
  vpc_security_group_ids = coalesce(each.value.vpc_security_group_ids, var.security_group_ids)
  target_role            = each.value.target_role

  tags = merge(var.tags, each.value.tags)
}
