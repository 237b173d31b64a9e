data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  rules                 = jsondecode(file("${path.module}/modules/aws_rules.json"))
  log_group_kms_key_arn = var.log_group_kms_key_arn != null ? var.log_group_kms_key_arn : one(module.log_key[*].key_arn)
  is_mysql              = var.engine_family == "MYSQL"
  # RDS Proxy listens on its engine's default port; the database may listen on another.
  proxy_port    = lookup(local.rules.proxy_ports, var.engine_family, null)
  db_port       = coalesce(var.db_port, local.proxy_port, 3306) # 3306 stands in for an engine family the parts refuse
  connect_users = coalesce(var.connect_db_users, [var.db_username])

  # The database users of the auth entries, the created secret's first (known at plan: no ARNs), which
  # connect_db_users is checked against.
  entry_users = concat(
    var.create_secret ? [{ username = var.db_username, iam_auth = var.secret_auth.iam_auth }] : [],
    [for s in values(var.existing_secrets) : { username = s.username, iam_auth = s.iam_auth }],
  )
  known_users     = toset(compact(local.entry_users[*].username))
  iam_users       = toset([for e in local.entry_users : e.username if e.username != null && e.iam_auth == "REQUIRED"])
  no_iam_users    = setsubtract([for e in local.entry_users : e.username if e.username != null && e.iam_auth == "DISABLED"], local.iam_users)
  all_users_known = alltrue([for e in local.entry_users : e.username != null])

  # IAM auth names the proxy by its resource id (prx-...), never its name.
  rds_connect_arns = [
    for user in local.connect_users :
    "arn:${data.aws_partition.current.partition}:rds-db:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:dbuser:${module.proxy.resource_id}/${user}"
  ]
  # The longest ARNs the roles are granted, known at plan even for what the module creates: the created secret's
  # name_prefix gets 26 characters, then Secrets Manager's - and 6; a key id has 36; a proxy id, prx- and 17.
  arn_head = "arn:${data.aws_partition.current.partition}:%s:${data.aws_region.current.id}:${data.aws_caller_identity.current.account_id}:"
  proxy_role_arn_max_length = max(concat(
    [for s in values(var.existing_secrets) : length(s.secret_arn)],
    [for s in values(var.existing_secrets) : length(s.kms_key_arn) if s.kms_key_arn != null],
    var.create_secret ? [
      length(format(local.arn_head, "secretsmanager")) + length("secret:${var.name}-proxy-") + 26 + 7,
      var.kms_key_arn != null ? length(var.kms_key_arn) : length(format(local.arn_head, "kms")) + length("key/") + 36,
    ] : [],
    [0],
  )...)
  rds_connect_arn_max_length = length(format(local.arn_head, "rds-db")) + length("dbuser:") + local.rules.proxy_resource_id_length + 1 + max([for user in local.connect_users : length(user)]...)

  rds_connect_policy_json = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ConnectThroughProxy"
      Effect   = "Allow"
      Action   = "rds-db:connect"
      Resource = local.rds_connect_arns
    }]
  })
}

# The function's grant, split when it outgrows its inline policy. The role's other inline policy, dead-letter,
# stays under 512 characters; two AWS managed policies are attached to it.
module "rds_connect_policies" {
  source = "./modules/policy_chunks"

  statements       = [{ sid = "ConnectThroughProxy", action = "rds-db:connect", resources = local.rds_connect_arns, condition = null }]
  arn_max_length   = local.rds_connect_arn_max_length
  arn_length_limit = local.rds_connect_arn_max_length
  inline_budget    = local.rules.iam_quotas.role_inline_policies - 512
  managed_slots    = local.rules.iam_quotas.managed_policies_per_role - 2
  input_name       = "connect_db_users"
}

################################################################################
# 1. Secret holding the database credentials
################################################################################

module "secret" {
  source = "./modules/secret"

  create                  = var.create_secret
  name                    = var.name
  engine_family           = var.engine_family
  db_username             = var.db_username
  db_password             = var.db_password
  password_version        = var.secret_password_version
  db_host                 = var.db_host
  db_port                 = local.db_port
  db_name                 = var.db_name
  create_kms_key          = var.create_kms_key
  kms_key_arn             = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_in_days
  rotation                = var.secret_rotation

  tags = var.tags
}

################################################################################
# 2. Role the proxy assumes to read the secret(s)
################################################################################

module "proxy_role" {
  source = "./modules/proxy_role"

  create                        = var.create_proxy_role
  name                          = var.name
  secret_arns                   = concat(var.create_secret ? [module.secret.secret_arn] : [], [for s in values(var.existing_secrets) : s.secret_arn])
  kms_key_arns                  = distinct(concat(module.secret.kms_key_arn == null ? [] : [module.secret.kms_key_arn], [for s in values(var.existing_secrets) : s.kms_key_arn if s.kms_key_arn != null]))
  arn_max_length                = local.proxy_role_arn_max_length
  iam_role_path                 = var.iam_role_path
  iam_role_permissions_boundary = var.iam_role_permissions_boundary

  tags = var.tags
}

################################################################################
# 3. Proxy (and the key of its and the function's log groups)
################################################################################

module "log_key" {
  source = "./modules/log_key"
  count  = var.create_log_group_kms_key && var.log_group_kms_key_arn == null ? 1 : 0

  name            = var.name
  log_group_names = ["/aws/rds/proxy/${var.name}", "/aws/lambda/${var.name}"]

  tags = var.tags
}

module "proxy" {
  source = "./modules/proxy"

  name                = var.name
  engine_family       = var.engine_family
  proxy_role_arn      = var.create_proxy_role ? module.proxy_role.role_arn : var.proxy_role_arn
  require_tls         = var.require_tls
  idle_client_timeout = var.idle_client_timeout
  debug_logging       = var.debug_logging
  subnet_ids          = var.subnet_ids
  security_group_ids  = [module.network.proxy_security_group_id]
  endpoints           = var.endpoints
  # One auth entry per secret: the created one (secret_auth), then each of existing_secrets.
  auth = [for e in concat(var.create_secret ? [merge(var.secret_auth, { secret_arn = module.secret.secret_arn })] : [], values(var.existing_secrets)) : {
    secret_arn                = e.secret_arn
    iam_auth                  = e.iam_auth
    client_password_auth_type = e.client_password_auth_type
    description               = coalesce(e.description, "Credentials of ${var.name}")
  }]

  manage_log_group            = var.manage_log_group
  log_group_retention_in_days = var.log_group_retention_in_days
  log_group_kms_key_arn       = local.log_group_kms_key_arn

  tags = var.tags
}

################################################################################
# 4. Target group and target
################################################################################

module "target" {
  source = "./modules/target"

  proxy_name                   = module.proxy.name
  engine_family                = var.engine_family
  db_instance_identifier       = var.db_instance_identifier
  db_cluster_identifier        = var.db_cluster_identifier
  max_connections_percent      = var.max_connections_percent
  max_idle_connections_percent = var.max_idle_connections_percent
  connection_borrow_timeout    = var.connection_borrow_timeout
  session_pinning_filters      = var.session_pinning_filters
  init_query                   = var.init_query
}

################################################################################
# 5. Network: Lambda -> proxy -> database
################################################################################

module "network" {
  source = "./modules/network"

  name                       = var.name
  vpc_id                     = var.vpc_id
  engine_family              = var.engine_family
  db_port                    = local.db_port
  allowed_security_group_ids = var.allowed_security_group_ids
  db_security_group_id       = var.db_security_group_id
  create_db_ingress_rule     = var.create_db_ingress_rule
  db_cidr_blocks             = var.db_cidr_blocks

  tags = var.tags
}

################################################################################
# 6. Lambda: the rds_connect layer (optional) and the function
################################################################################

module "layer" {
  source = "./modules/layer"
  count  = var.create_layer && var.layer_zip_path != null ? 1 : 0

  name                     = "${var.name}-rds-connect"
  zip_path                 = var.layer_zip_path
  compatible_runtimes      = [var.lambda_runtime]
  compatible_architectures = [var.lambda_architecture]
}

module "lambda" {
  source = "./modules/lambda"

  create                         = var.create_lambda
  name                           = var.name
  package_type                   = var.lambda_package_type
  zip_path                       = var.lambda_zip_path
  image_uri                      = var.lambda_image_uri
  handler                        = var.lambda_handler
  layers                         = concat(module.layer[*].arn, var.lambda_layers)
  runtime                        = var.lambda_runtime
  architecture                   = var.lambda_architecture
  memory_size                    = var.lambda_memory_size
  timeout                        = var.lambda_timeout
  reserved_concurrent_executions = var.lambda_reserved_concurrent_executions
  tracing_mode                   = var.lambda_tracing_mode
  environment                    = var.lambda_environment
  environment_from_module        = var.lambda_environment_from_module
  log_format                     = var.lambda_log_format
  application_log_level          = var.lambda_application_log_level
  system_log_level               = var.lambda_system_log_level
  dead_letter_target_arn         = var.lambda_dead_letter_target_arn

  vpc_id                  = var.vpc_id
  subnet_ids              = var.subnet_ids
  create_security_group   = true
  proxy_security_group_id = module.network.proxy_security_group_id

  proxy_endpoint                   = module.proxy.endpoint
  proxy_read_endpoint              = var.lambda_read_endpoint == null ? null : module.proxy.endpoints[var.lambda_read_endpoint].endpoint
  db_username                      = var.db_username
  db_name                          = coalesce(var.db_name, local.is_mysql ? "mysql" : "postgres")
  engine_family                    = var.engine_family
  rds_connect_policy_json          = module.rds_connect_policies.inline_policy_json
  rds_connect_managed_policy_jsons = module.rds_connect_policies.managed_policy_jsons

  iam_role_path                 = var.iam_role_path
  iam_role_permissions_boundary = var.iam_role_permissions_boundary
  log_group_retention_in_days   = var.log_group_retention_in_days
  log_group_kms_key_arn         = local.log_group_kms_key_arn

  tags = var.tags
}

# The function's security group and its rules moved from modules/network to modules/lambda.
moved {
  from = module.network.aws_security_group.lambda
  to   = module.lambda.aws_security_group.this
}

moved {
  from = module.network.aws_vpc_security_group_egress_rule.lambda_to_proxy
  to   = module.lambda.aws_vpc_security_group_egress_rule.to_proxy
}

moved {
  from = module.network.aws_vpc_security_group_ingress_rule.proxy_from_clients["lambda"]
  to   = module.lambda.aws_vpc_security_group_ingress_rule.proxy_from_function[0]
}

################################################################################
# 6b. Functions deployed elsewhere: their grants and rules, and what they need
################################################################################

module "function_access" {
  source   = "./modules/function_access"
  for_each = var.connected_functions

  # var.connected_functions[each.key] rather than each.value: a refused value is then shown as that input's.
  name                     = "${var.name}-${each.key}"
  role                     = var.connected_functions[each.key].role
  db_users                 = coalesce(var.connected_functions[each.key].db_users, [var.db_username])
  known_db_users           = local.all_users_known ? tolist(local.known_users) : null
  engine_family            = var.engine_family
  proxy_resource_id        = module.proxy.resource_id
  proxy_endpoint           = module.proxy.endpoint
  proxy_read_endpoint      = var.connected_functions[each.key].read_endpoint == null ? null : module.proxy.endpoints[var.connected_functions[each.key].read_endpoint].endpoint
  db_name                  = coalesce(var.db_name, local.is_mysql ? "mysql" : "postgres")
  vpc_id                   = var.vpc_id
  subnet_ids               = var.subnet_ids
  proxy_security_group_id  = module.network.proxy_security_group_id
  security_group_id        = var.connected_functions[each.key].security_group_id
  attach_vpc_access_policy = var.connected_functions[each.key].attach_vpc_access_policy

  tags = var.tags
}

################################################################################
# 7. Alarms and a dashboard
################################################################################

module "monitoring" {
  source = "./modules/monitoring"

  name             = var.name
  proxy_name       = var.name # known at plan time, as the alarms' keys must be
  target_roles     = distinct(concat(["READ_WRITE"], [for e in var.endpoints : try(e.target_role, "READ_WRITE")]))
  function_name    = var.create_lambda ? var.name : null
  create_alarms    = var.create_alarms
  alarm_actions    = var.alarm_actions
  alarm_thresholds = var.alarm_thresholds
  create_dashboard = var.create_dashboard

  tags = var.tags
}
