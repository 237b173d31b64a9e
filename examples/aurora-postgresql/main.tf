# An Aurora PostgreSQL cluster behind RDS Proxy, with a tuned connection pool.

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

################################################################################
# Network and Aurora cluster
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = var.name }
}

resource "aws_subnet" "private" {
  count = 2

  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  availability_zone = local.azs[count.index]

  tags = { Name = "${var.name}-private-${count.index}" }
}

resource "aws_security_group" "db" {
  name_prefix = "${var.name}-db-"
  description = "Aurora PostgreSQL cluster ${var.name}; RDS Proxy adds its ingress rule"
  vpc_id      = aws_vpc.this.id
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.name}-"
  subnet_ids  = aws_subnet.private[*].id
}

ephemeral "aws_secretsmanager_random_password" "db" {
  password_length     = 32
  exclude_punctuation = true
}

resource "aws_rds_cluster" "this" {
  cluster_identifier                  = var.name
  engine                              = "aurora-postgresql"
  database_name                       = var.db_name
  master_username                     = var.db_username
  master_password_wo                  = ephemeral.aws_secretsmanager_random_password.db.random_password
  master_password_wo_version          = 1
  iam_database_authentication_enabled = true
  storage_encrypted                   = true
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.db.id]
  skip_final_snapshot                 = true
}

resource "aws_rds_cluster_instance" "writer" {
  identifier          = "${var.name}-1"
  cluster_identifier  = aws_rds_cluster.this.id
  engine              = aws_rds_cluster.this.engine
  instance_class      = "db.t4g.medium"
  publicly_accessible = false
}

################################################################################
# RDS Proxy and Lambda
################################################################################

module "rds_proxy" {
  source = "../.."

  name          = var.name
  engine_family = "POSTGRESQL"

  # Taken from the writer so the proxy registers a cluster that has one.
  db_cluster_identifier = aws_rds_cluster_instance.writer.cluster_identifier
  db_host               = aws_rds_cluster.this.endpoint
  db_name               = var.db_name
  db_username           = var.db_username
  db_password           = ephemeral.aws_secretsmanager_random_password.db.random_password

  vpc_id               = aws_vpc.this.id
  subnet_ids           = aws_subnet.private[*].id
  db_security_group_id = aws_security_group.db.id

  max_connections_percent      = 90
  max_idle_connections_percent = 10
  connection_borrow_timeout    = 30
  session_pinning_filters      = ["EXCLUDE_VARIABLE_SETS"]
  idle_client_timeout          = 900

  lambda_zip_path = var.lambda_zip_path

  tags = { Example = "aurora-postgresql" }
}
