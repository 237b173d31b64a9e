"""Seed the emulator with what a deployment starts from: a network (a VPC, two private subnets in two
Availability Zones), a database (its security group and an RDS instance with IAM database
authentication on), or a whole existing proxy."""

from __future__ import annotations

import json

from harness.emulator import client

ENGINES = {"MYSQL": ("mysql", "8.0.39", 3306), "POSTGRESQL": ("postgres", "16.4", 5432)}


def seed_network(env: dict[str, str], cidr_prefix: str = "10.30") -> tuple[str, list[str]]:
    """(VPC id, two subnet ids in two Availability Zones) in <cidr_prefix>.0.0/16."""
    ec2 = client(env, "ec2")
    vpc_id = ec2.create_vpc(CidrBlock=f"{cidr_prefix}.0.0/16")["Vpc"]["VpcId"]
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
    subnet_ids = [
        ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"{cidr_prefix}.{i}.0/24", AvailabilityZone=zone)["Subnet"][
            "SubnetId"
        ]
        for i, zone in enumerate(zones)
    ]
    return vpc_id, subnet_ids


def seed_database(env: dict[str, str], name: str = "app-db", engine_family: str = "MYSQL") -> dict:
    """Create the network and the DB instance; return the example's input variables."""
    engine, version, port = ENGINES[engine_family]
    vpc_id, subnet_ids = seed_network(env)
    sg_id = client(env, "ec2").create_security_group(
        GroupName=f"{name}-db", Description=f"{name} database", VpcId=vpc_id
    )["GroupId"]
    rds = client(env, "rds")
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
    """An existing proxy (what another team's stack created), complete: its database registered as its target, a
    role that may read its secret, the database's ingress rule for it; return the second-function example's input
    variables."""
    database = seed_database(env, name=f"{name}-db", engine_family=engine_family)
    proxy_sg = client(env, "ec2").create_security_group(
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
    iam = client(env, "iam")
    role = iam.create_role(RoleName=f"{name}-proxy", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    secret = client(env, "secretsmanager").create_secret(
        Name=f"{name}-db", SecretString='{"username": "reporting", "password": "seeded"}'
    )
    read = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": secret["ARN"]}
    iam.put_role_policy(
        RoleName=f"{name}-proxy",
        PolicyName="read-secret",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [read]}),
    )
    client(env, "rds").create_db_proxy(
        DBProxyName=name,
        EngineFamily=engine_family,
        Auth=[{"AuthScheme": "SECRETS", "SecretArn": secret["ARN"], "IAMAuth": "REQUIRED"}],
        RoleArn=role,
        VpcSubnetIds=database["subnet_ids"],
        VpcSecurityGroupIds=[proxy_sg],
        RequireTLS=True,
    )
    port = ENGINES[engine_family][2]
    client(env, "ec2").authorize_security_group_ingress(
        GroupId=database["db_security_group_id"],
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": proxy_sg}]}
        ],
    )
    client(env, "rds").register_db_proxy_targets(DBProxyName=name, DBInstanceIdentifiers=[f"{name}-db"])
    return {"proxy_name": name, "subnet_ids": database["subnet_ids"], "proxy_security_group_id": proxy_sg}
