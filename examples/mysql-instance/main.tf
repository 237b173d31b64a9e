# The AWS Cookbook recipe 4.3 setup: an RDS MySQL instance with IAM authentication,
# a proxy that requires IAM auth and TLS, and a Lambda in the VPC that uses it.

provider "aws" {
  region = var.region
}

################################################################################
# Network and database (what the cookbook's preparation steps create)
################################################################################

resource "aws_vpc" "this" {
  # checkov:skip=CKV2_AWS_11: a throwaway example VPC; flow logs are the network owner's choice
  cidr_block           = "10.10.0.0/16"
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
  description = "MySQL instance ${var.name}; RDS Proxy adds its ingress rule"
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

resource "aws_db_instance" "this" {
  # checkov:skip=CKV_AWS_118: enhanced monitoring needs a monitoring role; not what this example shows
  # checkov:skip=CKV_AWS_129: log exports cost money; the example keeps the instance minimal
  # checkov:skip=CKV_AWS_157: Multi-AZ doubles the cost of an example meant to be destroyed
  # checkov:skip=CKV_AWS_293: the example must be destroyable; enable deletion protection in production
  identifier                          = var.name
  engine                              = "mysql"
  engine_version                      = "8.0"
  instance_class                      = "db.t3.micro"
  allocated_storage                   = 20
  storage_encrypted                   = true
  db_name                             = var.db_name
  username                            = var.db_username
  password_wo                         = ephemeral.aws_secretsmanager_random_password.db.random_password
  password_wo_version                 = 1
  iam_database_authentication_enabled = true
  db_subnet_group_name                = aws_db_subnet_group.this.name
  vpc_security_group_ids              = [aws_security_group.db.id]
  skip_final_snapshot                 = true
  copy_tags_to_snapshot               = true
  auto_minor_version_upgrade          = true
}

################################################################################
# RDS Proxy and Lambda
################################################################################

module "rds_proxy" {
  source = "../.."

  name          = var.name
  engine_family = "MYSQL"

  db_instance_identifier = aws_db_instance.this.identifier
  db_host                = aws_db_instance.this.address
  db_name                = var.db_name
  db_username            = var.db_username
  # The same ephemeral password goes into the instance and into the proxy's secret.
  db_password = ephemeral.aws_secretsmanager_random_password.db.random_password

  vpc_id               = aws_vpc.this.id
  subnet_ids           = aws_subnet.private[*].id
  db_security_group_id = aws_security_group.db.id

  lambda_zip_path = var.lambda_zip_path

  tags = { Example = "mysql-instance" }
}
