data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  # An ARN names the role by its path and name; IAM's APIs take the name.
  role_name  = can(regex(local.rules.arn.iam_role, var.role)) ? regex("role/(?:.*/)?([^/]+)$", var.role)[0] : var.role
  proxy_port = lookup(local.rules.proxy_ports, var.engine_family, 0) # 0: an engine family refused at plan
  engine     = lower(var.engine_family)
  security_group_id = (
    var.security_group_id != null ? var.security_group_id : aws_security_group.this[0].id
  )
  # IAM auth names the proxy by its resource id (prx-...), never its name.
  connect_arns = [
    for user in var.db_users :
    "arn:${data.aws_partition.current.partition}:rds-db:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:dbuser:${var.proxy_resource_id}/${user}"
  ]
  # Known at plan, before the proxy's id: prx- and 17 characters.
  connect_arn_max_length = length("arn:${data.aws_partition.current.partition}:rds-db:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:dbuser:") + local.rules.proxy_resource_id_length + 1 + max(0, [for user in var.db_users : length(user)]...)
}

################################################################################
# The grant: rds-db:connect on the proxy for the function's users, on its own role
################################################################################

# One inline policy while the grant fits IAM's 10,240 characters of inline policies per role (the role's other
# policies are not known here: rds-proxy-doctor reads them); past that, managed policies hold the rest.
module "policies" {
  source = "../policy_chunks"

  statements       = [{ sid = "ConnectThroughProxy", action = "rds-db:connect", resources = local.connect_arns, condition = null }]
  arn_max_length   = local.connect_arn_max_length
  arn_length_limit = local.connect_arn_max_length
  inline_budget    = local.rules.iam_quotas.role_inline_policies
  managed_slots    = local.rules.iam_quotas.managed_policies_per_role - (var.attach_vpc_access_policy ? 1 : 0)
  input_name       = "db_users of ${var.name} (connected_functions at the root)"
}

resource "aws_iam_policy" "rds_connect" {
  count = length(module.policies.managed_policy_jsons)

  name_prefix = "${substr(var.name, 0, 31)}-rds-db-connect-${count.index + 1}-"
  description = "Lets function ${var.name} connect through RDS Proxy (part ${count.index + 1} of the grant)"
  policy      = module.policies.managed_policy_jsons[count.index]

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "rds_connect" {
  count = length(module.policies.managed_policy_jsons)

  role       = local.role_name
  policy_arn = aws_iam_policy.rds_connect[count.index].arn
}

resource "aws_iam_role_policy" "rds_connect" {
  name   = "rds-db-connect-${var.name}"
  role   = local.role_name
  policy = module.policies.inline_policy_json

  # When the grant outgrows the inline policy, the ARNs it gives up are granted by the managed policies first.
  depends_on = [aws_iam_role_policy_attachment.rds_connect]
}

resource "aws_iam_role_policy_attachment" "vpc_access" {
  count = var.attach_vpc_access_policy ? 1 : 0

  role       = local.role_name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

################################################################################
# Network: the function's group (its own or one made here) and the rules both ways
################################################################################

resource "aws_security_group" "this" {
  # checkov:skip=CKV2_AWS_5: the function deployed elsewhere attaches it (the connection output names it)
  count = var.security_group_id == null ? 1 : 0

  name_prefix = "${var.name}-fn-"
  description = "Function ${var.name} (deployed elsewhere): reaches the database through RDS Proxy"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-fn" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "to_proxy" {
  security_group_id            = local.security_group_id
  description                  = "Function ${var.name} to RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = local.proxy_port
  to_port                      = local.proxy_port
  referenced_security_group_id = var.proxy_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_function" {
  security_group_id            = var.proxy_security_group_id
  description                  = "Function ${var.name} into RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = local.proxy_port
  to_port                      = local.proxy_port
  referenced_security_group_id = local.security_group_id
}
