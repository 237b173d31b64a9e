################################################################################
# Default target group: how the proxy pools connections
################################################################################

resource "aws_db_proxy_default_target_group" "this" {
  db_proxy_name = var.proxy_name

  connection_pool_config {
    max_connections_percent      = var.max_connections_percent
    max_idle_connections_percent = var.max_idle_connections_percent
    connection_borrow_timeout    = var.connection_borrow_timeout
    session_pinning_filters      = var.session_pinning_filters
    init_query                   = var.init_query
  }
}

################################################################################
# Target: one DB instance or one Aurora cluster
################################################################################

resource "aws_db_proxy_target" "this" {
  db_proxy_name          = var.proxy_name
  target_group_name      = aws_db_proxy_default_target_group.this.name
  db_instance_identifier = var.db_instance_identifier
  db_cluster_identifier  = var.db_cluster_identifier
}
