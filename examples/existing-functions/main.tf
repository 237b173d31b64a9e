# Functions in Node.js next to RDS Proxy: one the module deploys (lambda_runtime = "nodejs20.x"), and one
# "deployed elsewhere" (here its role and function are made outside the module, as SAM, CDK, Serverless or the
# console would make them) that one entry of connected_functions connects: its grant, its security group and
# rules, and the DB_* variables it is given. Both run post 000's typeorm + mysql2 code (examples/functions).

provider "aws" {
  region = var.region
}

module "rds_proxy" {
  source = "../.."

  name          = var.name
  engine_family = "MYSQL"

  db_instance_identifier = var.db_instance_identifier
  db_host                = var.db_host
  db_name                = var.db_name
  db_username            = var.db_username

  vpc_id               = var.vpc_id
  subnet_ids           = var.subnet_ids
  db_security_group_id = var.db_security_group_id

  # The module's own function, in Node.js: the package built from examples/functions.
  lambda_zip_path = var.functions_zip_path
  lambda_runtime  = "nodejs20.x"
  lambda_handler  = "typeorm-mysql/index.handler"

  connected_functions = {
    reports = { role = aws_iam_role.reports.name, attach_vpc_access_policy = true }
  }

  tags = { Example = "existing-functions" }
}

################################################################################
# "Deployed elsewhere": a role and a function the module does not make
################################################################################

resource "aws_iam_role" "reports" {
  name_prefix = "${var.name}-reports-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

locals {
  reports = module.rds_proxy.connected_functions["reports"]
}

resource "aws_lambda_function" "reports" {
  # checkov:skip=CKV_AWS_50: X-Ray tracing is the deployer's choice, outside what this example shows
  # checkov:skip=CKV_AWS_115: concurrency is the deployer's choice, outside what this example shows
  # checkov:skip=CKV_AWS_116: a DLQ serves asynchronous invocations only; this function is invoked synchronously
  # checkov:skip=CKV_AWS_173: the environment holds no secret (endpoint, port, user, database, engine)
  # checkov:skip=CKV_AWS_272: code signing needs a Signer profile the deployer owns
  function_name    = "${var.name}-reports"
  role             = aws_iam_role.reports.arn
  runtime          = "nodejs20.x"
  handler          = "typeorm-mysql/index.handler"
  filename         = var.functions_zip_path
  source_code_hash = filebase64sha256(var.functions_zip_path)
  timeout          = 30

  vpc_config {
    subnet_ids         = local.reports.subnet_ids
    security_group_ids = [local.reports.security_group_id]
  }

  environment {
    variables = local.reports.environment
  }
}
