# An Aurora PostgreSQL cluster behind RDS Proxy, run as in production: the RDS-managed master user
# secret (encrypted with a customer managed key) as the proxy's secret, a reader endpoint the
# function may read from, and a tuned connection pool.

provider "aws" {
  region = var.region
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
  availability_zone = var.availability_zones[count.index]

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

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# Encrypts the cluster's storage and the secret in which RDS keeps the master password (nobody types it).
resource "aws_kms_key" "db" {
  description             = "Encrypts the Aurora cluster ${var.name} and its RDS-managed master user secret"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersKeyThroughIAM"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_rds_cluster" "this" {
  # checkov:skip=CKV2_AWS_8: AWS Backup plans are account policy, not part of this example
  # checkov:skip=CKV2_AWS_27: query logging needs a custom cluster parameter group; not what this example shows
  # checkov:skip=CKV_AWS_139: the example must be destroyable; enable deletion protection in production
  # checkov:skip=CKV_AWS_324: log exports cost money; the example keeps the cluster minimal
  cluster_identifier                  = var.name
  engine                              = "aurora-postgresql"
  database_name                       = var.db_name
  master_username                     = var.db_username
  manage_master_user_password         = true
  master_user_secret_kms_key_id       = aws_kms_key.db.arn
  iam_database_authentication_enabled = true
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.db.arn
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.db.id]
  skip_final_snapshot                 = true
  copy_tags_to_snapshot               = true
}

# The first instance becomes the writer, the second a reader behind the proxy's READ_ONLY endpoint.
resource "aws_rds_cluster_instance" "this" {
  # checkov:skip=CKV_AWS_118: enhanced monitoring needs a monitoring role; not what this example shows
  # checkov:skip=CKV_AWS_353: Performance Insights is the database owner's choice (7 days are free); this example is about the proxy
  count = 2

  identifier                 = "${var.name}-${count.index + 1}"
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

  # Taken from the instances so the proxy registers a cluster that has them.
  db_cluster_identifier = aws_rds_cluster_instance.this[0].cluster_identifier
  db_name               = var.db_name
  db_username           = var.db_username

  # The proxy reads the secret RDS manages; its role may decrypt it through Secrets Manager only.
  create_secret = false
  existing_secrets = {
    master = {
      secret_arn  = aws_rds_cluster.this.master_user_secret[0].secret_arn
      kms_key_arn = aws_kms_key.db.arn
      username    = var.db_username
    }
  }

  endpoints = {
    reader = { name = "${var.name}-ro", target_role = "READ_ONLY" }
  }
  lambda_read_endpoint = "reader"

  vpc_id               = aws_vpc.this.id
  subnet_ids           = aws_subnet.private[*].id
  db_security_group_id = aws_security_group.db.id

  max_connections_percent      = 90
  max_idle_connections_percent = 10
  connection_borrow_timeout    = 30
  # No session_pinning_filters: AWS has them for MySQL only. On PostgreSQL, keep sessions free of SET,
  # named prepared statements, temporary tables, cursors WITH HOLD, LISTEN and advisory locks.
  idle_client_timeout = var.idle_client_timeout

  lambda_zip_path = var.lambda_zip_path

  tags = { Example = "aurora-postgresql" }
}
