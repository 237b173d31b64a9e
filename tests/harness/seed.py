"""Seed the emulator with what an existing-database deployment starts from:
a VPC, two private subnets in two Availability Zones, the database's security
group and an RDS instance with IAM database authentication on."""

from __future__ import annotations

import json

import boto3

ENGINES = {"MYSQL": ("mysql", "8.0.39", 3306), "POSTGRESQL": ("postgres", "16.4", 5432)}


def seed_database(env: dict[str, str], name: str = "app-db", engine_family: str = "MYSQL") -> dict:
    """Create the network and the DB instance; return the example's input variables."""
    engine, version, port = ENGINES[engine_family]
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )
    ec2 = session.client("ec2", endpoint_url=env["AWS_ENDPOINT_URL"])
    rds = session.client("rds", endpoint_url=env["AWS_ENDPOINT_URL"])

    vpc_id = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnet_ids = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.30.{i}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for i, zone in enumerate(zones)
    ]
    sg_id = ec2.create_security_group(GroupName=f"{name}-db", Description=f"{name} database", VpcId=vpc_id)["GroupId"]
    rds.create_db_subnet_group(DBSubnetGroupName=name, DBSubnetGroupDescription=name, SubnetIds=subnet_ids)
    instance = rds.create_db_instance(
        DBInstanceIdentifier=name,
        Engine=engine,
        EngineVersion=version,
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin_user",
        MasterUserPassword="seeded-only-in-the-emulator",
        DBName="app",
        DBSubnetGroupName=name,
        VpcSecurityGroupIds=[sg_id],
        EnableIAMDatabaseAuthentication=True,
        StorageEncrypted=True,
        Port=port,
    )["DBInstance"]
    return {
        "vpc_id": vpc_id,
        "subnet_ids": subnet_ids,
        "db_security_group_id": sg_id,
        "db_instance_identifier": name,
        "db_host": instance["Endpoint"]["Address"],
    }


def seed_proxy(env: dict[str, str], name: str = "orders", engine_family: str = "MYSQL") -> dict:
    """An existing proxy (what another team's stack created), with its network, role and secret;
    return the second-function example's input variables."""
    database = seed_database(env, name=f"{name}-db", engine_family=engine_family)
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )
    ec2 = session.client("ec2", endpoint_url=env["AWS_ENDPOINT_URL"])
    iam = session.client("iam", endpoint_url=env["AWS_ENDPOINT_URL"])
    secrets = session.client("secretsmanager", endpoint_url=env["AWS_ENDPOINT_URL"])
    rds = session.client("rds", endpoint_url=env["AWS_ENDPOINT_URL"])
    proxy_sg = ec2.create_security_group(
        GroupName=f"{name}-proxy", Description=f"RDS Proxy {name}", VpcId=database["vpc_id"]
    )["GroupId"]
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "rds.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    role = iam.create_role(RoleName=f"{name}-proxy", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    secret = secrets.create_secret(Name=f"{name}-db", SecretString='{"username": "reporting", "password": "seeded"}')
    rds.create_db_proxy(
        DBProxyName=name,
        EngineFamily=engine_family,
        Auth=[{"AuthScheme": "SECRETS", "SecretArn": secret["ARN"], "IAMAuth": "REQUIRED"}],
        RoleArn=role,
        VpcSubnetIds=database["subnet_ids"],
        VpcSecurityGroupIds=[proxy_sg],
        RequireTLS=True,
    )
    return {"proxy_name": name, "subnet_ids": database["subnet_ids"], "proxy_security_group_id": proxy_sg}
