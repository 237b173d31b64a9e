locals {
  # Decided by a value known at plan time: the DB group id may only be known after apply.
  egress_to_db_group = length(var.db_cidr_blocks) == 0
  # RDS Proxy listens on its engine's default port, whatever port the database uses.
  proxy_port = lookup(local.rules.proxy_ports, var.engine_family, 0) # 0: an engine family refused at plan
}

################################################################################
# The proxy's security group: clients in on the proxy's port, database out on the database's
################################################################################

resource "aws_security_group" "proxy" {
  # checkov:skip=CKV2_AWS_5: attached to the aws_db_proxy, a resource checkov does not model
  name_prefix = "${var.name}-proxy-"
  description = "RDS Proxy ${var.name}: clients in, database out"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-proxy" })

  lifecycle {
    create_before_destroy = true
  }
}

# Clients' own groups (the module's function adds its rule in modules/lambda).
resource "aws_vpc_security_group_ingress_rule" "proxy_from_clients" {
  for_each = { for i, id in var.allowed_security_group_ids : "allowed-${i}" => id }

  security_group_id            = aws_security_group.proxy.id
  description                  = "Clients of RDS Proxy ${var.name} (${each.key})"
  ip_protocol                  = "tcp"
  from_port                    = local.proxy_port
  to_port                      = local.proxy_port
  referenced_security_group_id = each.value
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_db_sg" {
  count = local.egress_to_db_group ? 1 : 0

  security_group_id            = aws_security_group.proxy.id
  description                  = "RDS Proxy ${var.name} to its database"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = var.db_security_group_id
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_db_cidr" {
  for_each = toset(var.db_cidr_blocks)

  security_group_id = aws_security_group.proxy.id
  description       = "RDS Proxy ${var.name} to its database (${each.value})"
  ip_protocol       = "tcp"
  from_port         = var.db_port
  to_port           = var.db_port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "db_from_proxy" {
  count = local.egress_to_db_group && var.create_db_ingress_rule ? 1 : 0

  security_group_id            = var.db_security_group_id
  description                  = "RDS Proxy ${var.name} to the database"
  ip_protocol                  = "tcp"
  from_port                    = var.db_port
  to_port                      = var.db_port
  referenced_security_group_id = aws_security_group.proxy.id
}
