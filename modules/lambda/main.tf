data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  managed_policies = {
    basic = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    vpc   = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
  }
  # RDS Proxy listens on its engine's default port, whatever port the database uses.
  proxy_port = lookup(local.rules.proxy_ports, var.engine_family, 0) # 0: an engine family refused at plan
  engine     = lower(var.engine_family)

  # What the function finds in its environment, whatever its runtime: the caller's variables, the module's values
  # under the caller's further names (environment_from_module), and DB_*.
  module_values = {
    host      = var.proxy_endpoint
    read_host = var.proxy_read_endpoint
    port      = tostring(local.proxy_port)
    user      = var.db_username
    name      = var.db_name
    engine    = local.engine
    url       = "${local.engine}://${var.db_username}@${var.proxy_endpoint}:${local.proxy_port}/${var.db_name}"
  }
  environment = merge(
    var.environment,
    { for name, value in var.environment_from_module : name => local.module_values[value] },
    {
      DB_HOST   = var.proxy_endpoint
      DB_PORT   = tostring(local.proxy_port)
      DB_USER   = var.db_username
      DB_NAME   = var.db_name
      DB_ENGINE = local.engine
    },
    var.proxy_read_endpoint == null ? {} : { DB_READ_HOST = var.proxy_read_endpoint },
  )
}

################################################################################
# Execution role: logs, VPC networking and rds-db:connect through the proxy
################################################################################

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name_prefix          = "${substr(var.name, 0, 30)}-lambda-" # IAM takes at most 38 characters of prefix
  description          = "Execution role of Lambda ${var.name}"
  path                 = var.iam_role_path
  permissions_boundary = var.iam_role_permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "LambdaAssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = var.create ? local.managed_policies : {}

  role       = aws_iam_role.this[0].name
  policy_arn = each.value
}

# Failed asynchronous invocations go to the dead-letter target: send to exactly that queue or topic.
resource "aws_iam_role_policy" "dead_letter" {
  count = var.create && var.dead_letter_target_arn != null ? 1 : 0

  name = "dead-letter"
  role = aws_iam_role.this[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "SendFailedInvocations"
      Effect   = "Allow"
      Action   = strcontains(coalesce(var.dead_letter_target_arn, "-"), ":sqs:") ? "sqs:SendMessage" : "sns:Publish"
      Resource = var.dead_letter_target_arn
    }]
  })
}

# The grant's ARNs beyond what its inline policy holds (IAM: 10,240 characters of inline policies per role).
resource "aws_iam_policy" "rds_connect" {
  count = var.create ? length(var.rds_connect_managed_policy_jsons) : 0

  name_prefix = "${substr(var.name, 0, 31)}-rds-db-connect-${count.index + 1}-"
  description = "Lets function ${var.name} connect through RDS Proxy (part ${count.index + 1} of the grant)"
  path        = var.iam_role_path
  policy      = var.rds_connect_managed_policy_jsons[count.index]

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "rds_connect" {
  count = var.create ? length(var.rds_connect_managed_policy_jsons) : 0

  role       = aws_iam_role.this[0].name
  policy_arn = aws_iam_policy.rds_connect[count.index].arn
}

resource "aws_iam_role_policy" "rds_connect" {
  count = var.create ? 1 : 0

  name   = "rds-db-connect"
  role   = aws_iam_role.this[0].id
  policy = var.rds_connect_policy_json

  # When the grant outgrows the inline policy, the ARNs it gives up are granted by the managed policies first.
  depends_on = [aws_iam_role_policy_attachment.rds_connect]
}

################################################################################
# Network: the function's own group, and the rules into the proxy's
################################################################################

resource "aws_security_group" "this" {
  # checkov:skip=CKV2_AWS_5: attached to the function below, through vpc_config
  count = var.create && var.create_security_group ? 1 : 0

  name_prefix = "${var.name}-lambda-"
  description = "Lambda ${var.name}: reaches the database through RDS Proxy"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-lambda" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "to_proxy" {
  count = var.create && var.create_security_group ? 1 : 0

  security_group_id            = aws_security_group.this[0].id
  description                  = "Lambda ${var.name} to RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = local.proxy_port
  to_port                      = local.proxy_port
  referenced_security_group_id = var.proxy_security_group_id
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_function" {
  count = var.create && var.create_security_group ? 1 : 0

  security_group_id            = var.proxy_security_group_id
  description                  = "Lambda ${var.name} into RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = local.proxy_port
  to_port                      = local.proxy_port
  referenced_security_group_id = aws_security_group.this[0].id
}

################################################################################
# Function
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  count = var.create ? 1 : 0

  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_group_retention_in_days
  kms_key_id        = var.log_group_kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  # checkov:skip=CKV_AWS_116: a DLQ serves asynchronous invocations only; dead_letter_target_arn adds one for callers that invoke it so
  # checkov:skip=CKV_AWS_173: the environment holds no secret (endpoint, port, user, database, engine); Lambda's own key encrypts it at rest
  # checkov:skip=CKV_AWS_272: code signing needs a Signer profile the caller owns; out of scope for this module
  count = var.create ? 1 : 0

  function_name                  = var.name
  description                    = "Queries the database through RDS Proxy with IAM authentication"
  role                           = aws_iam_role.this[0].arn
  package_type                   = var.package_type
  architectures                  = [var.architecture]
  image_uri                      = var.image_uri
  runtime                        = var.package_type == "Zip" ? var.runtime : null
  handler                        = var.package_type == "Zip" ? var.handler : null
  layers                         = var.layers
  filename                       = var.zip_path
  source_code_hash               = var.package_type == "Zip" ? filebase64sha256(var.zip_path) : null
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = concat(aws_security_group.this[*].id, var.security_group_ids)
  }

  environment {
    variables = local.environment
  }

  tracing_config {
    mode = var.tracing_mode
  }

  logging_config {
    log_format            = var.log_format
    log_group             = aws_cloudwatch_log_group.this[0].name
    application_log_level = var.log_format == "JSON" ? var.application_log_level : null
    system_log_level      = var.log_format == "JSON" ? var.system_log_level : null
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]
    content {
      target_arn = dead_letter_config.value
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy_attachment.managed, aws_iam_role_policy.dead_letter, aws_iam_role_policy_attachment.rds_connect]
}
