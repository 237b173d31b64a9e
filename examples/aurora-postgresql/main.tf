# An Aurora PostgreSQL cluster behind RDS Proxy, with a tuned connection pool.

provider "aws" {
  region = var.region
}

data "aws_availability_zones" "available" {
  # checkov:skip=CKV_AWS_394: any two zones do; the example slices the first two
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

################################################################################
# Network and Aurora cluster
################################################################################

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: a throwaway example VPC; flow logs are the network owner's choice
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = var.name }
}

# No traffic through the VPC's default group: everything here uses its own groups.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
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
  # checkov:skip=CKV2_AWS_8: AWS Backup plans are account policy, not part of this example
  # checkov:skip=CKV2_AWS_27: query logging needs a custom cluster parameter group; not what this example shows
  # checkov:skip=CKV_AWS_139: the example must be destroyable; enable deletion protection in production
  # checkov:skip=CKV_AWS_324: log exports cost money; the example keeps the cluster minimal
  # checkov:skip=CKV_AWS_327: encrypted with the RDS AWS-managed key; the proxy's secret is what this example protects with a CMK
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
  copy_tags_to_snapshot               = true
}

resource "aws_rds_cluster_instance" "writer" {
  # checkov:skip=CKV_AWS_118: enhanced monitoring needs a monitoring role; not what this example shows
  # checkov:skip=CKV_AWS_353: Performance Insights is a cost the example does not need
  identifier                 = "${var.name}-1"
  cluster_identifier         = aws_rds_cluster.this.id
  engine                     = aws_rds_cluster.this.engine
  instance_class             = "db.t4g.medium"
  publicly_accessible        = false
  auto_minor_version_upgrade = true
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
