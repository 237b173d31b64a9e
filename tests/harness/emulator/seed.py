"""Seed the emulator with what a deployment starts from: a network (a VPC, two private subnets in two
Availability Zones), a database (its security group and an RDS instance with IAM database
authentication on), a whole existing proxy, functions that use it, or a database shared by many users (issue 22:
existing secrets under a few customer keys, users granted to the module's function and to one deployed
elsewhere)."""

from __future__ import annotations

import io
import json
import zipfile

from harness.emulator import ACCOUNT_ID, client

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


def seed_secrets(env: dict[str, str], count: int, keys: int) -> tuple[list[str], list[str]]:
    """(secret ARNs, key ARNs): the secrets rds-proxy/svc000, svc001, ... of the users svc_000, svc_001, ..., each
    under one of `keys` customer keys in turn (fewer keys when there are fewer secrets)."""
    kms, secrets = client(env, "kms"), client(env, "secretsmanager")
    key_arns = [kms.create_key(Description=f"fixture key {n}")["KeyMetadata"]["Arn"] for n in range(min(keys, count))]
    arns = [
        secrets.create_secret(
            Name=f"rds-proxy/svc{n:03d}",
            KmsKeyId=key_arns[n % len(key_arns)],
            SecretString=json.dumps({"username": f"svc_{n:03d}", "password": "fixture-password"}),
        )["ARN"]
        for n in range(count)
    ]
    return arns, key_arns


def seed_shared_database(env: dict[str, str], name: str, count: int, keys: int = 4) -> dict:
    """A PostgreSQL database, `count` existing secrets under `keys` customer keys (seed_secrets) and the role of a
    function deployed elsewhere; return the root module's input variables, but for the function's package
    (lambda_zip_path): every secret, its key and its user svc_NNN, every user granted to the module's function and
    to the one elsewhere (connected_functions), no alarms, dashboard or log key."""
    database = seed_database(env, f"{name}-db", "POSTGRESQL")
    arns, key_arns = seed_secrets(env, count, keys)
    users = [f"svc_{n:03d}" for n in range(count)]
    elsewhere = client(env, "iam").create_role(RoleName=f"{name}-elsewhere", AssumeRolePolicyDocument="{}")
    return {
        "name": name,
        "engine_family": "POSTGRESQL",
        **database,
        "db_username": users[0],
        "create_secret": False,
        "existing_secrets": {
            f"svc{n:03d}": {"secret_arn": arn, "kms_key_arn": key_arns[n % len(key_arns)], "username": users[n]}
            for n, arn in enumerate(arns)
        },
        "connect_db_users": users,
        "connected_functions": {"elsewhere": {"role": elsewhere["Role"]["Arn"], "db_users": users}},
        "create_alarms": False,
        "create_dashboard": False,
        "create_log_group_kms_key": False,
    }


def lambda_zip() -> bytes:
    """A function's code: a handler that returns nothing (no test invokes it)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.py", "def handler(event, context):\n    return None\n")
    return archive.getvalue()


def seed_functions(
    env: dict[str, str], proxy_name: str, count: int, every: int = 1, user: str = "reporting"
) -> list[str]:
    """`count` functions named "<proxy>-fn-NNNN" with one role and one security group: every `every`-th, the first
    among them, uses the proxy as rds_connect would (its address as DB_HOST, its port, `user`, the proxy's subnets,
    a group the proxy lets in, a role granted rds-db:connect as `user`); the others point at another host. Returns
    the names of those that use the proxy."""
    (proxy,) = client(env, "rds").describe_db_proxies(DBProxyName=proxy_name)["DBProxies"]
    port = ENGINES[proxy["EngineFamily"]][2]
    prx_id = proxy["DBProxyArn"].rsplit(":", 1)[1]
    ec2, iam = client(env, "ec2"), client(env, "iam")
    group = ec2.create_security_group(
        GroupName=f"{proxy_name}-fn", Description=f"functions of {proxy_name}", VpcId=proxy["VpcId"]
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=proxy["VpcSecurityGroupIds"][0],
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "UserIdGroupPairs": [{"GroupId": group}]}
        ],
    )
    trust = {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    role = iam.create_role(
        RoleName=f"{proxy_name}-fn",
        AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [trust]}),
    )["Role"]["Arn"]
    connect = {
        "Effect": "Allow",
        "Action": "rds-db:connect",
        "Resource": f"arn:aws:rds-db:{env['AWS_REGION']}:{ACCOUNT_ID}:dbuser:{prx_id}/{user}",
    }
    iam.put_role_policy(
        RoleName=f"{proxy_name}-fn",
        PolicyName="connect",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [connect]}),
    )
    code, lam, using = lambda_zip(), client(env, "lambda"), []
    for index in range(count):
        name = f"{proxy_name}-fn-{index:04}"
        uses = index % every == 0
        variables = {"DB_HOST": proxy["Endpoint"], "DB_PORT": str(port), "DB_USER": user} if uses else {}
        lam.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code},
            Environment={"Variables": variables or {"DB_HOST": "elsewhere.example.com"}},
            VpcConfig={"SubnetIds": proxy["VpcSubnetIds"], "SecurityGroupIds": [group]},
        )
        if uses:
            using.append(name)
    return using
