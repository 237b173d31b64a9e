"""Every rule the module's inputs are held to at plan: the input, values that break it (given to the root module,
to the part that owns the rule used on its own, or both), the message Terraform must print, and where AWS says so.

tests/terraform/plan/test_validation.py plans each case; `make docs` writes the table of tests/README.md from this
list, so the list, the cases and the table are one. To add a rule: write its validation in the part that owns the
input, then add it here with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.builds import LAMBDA_ZIP, LAYER_ZIP, OVERSIZED_ZIP

ACCOUNT = "123456789012"
REGION = "us-east-1"  # the emulator's, which the plans run in
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:app-db-AbCdEf"
OTHER_REGION_SECRET = f"arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:app-db-AbCdEf"
PARTIAL_SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:cookbook"  # without the -XXXXXX suffix
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
OTHER_REGION_KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/rds-proxy"
LAYER = f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:tools:3"
SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
SG = "sg-0a1b2c3d4e5f60000"
VPC = "vpc-0a1b2c3d4e5f60000"
POLICY = '{"Version": "2012-10-17", "Statement": []}'
GROUPS_61 = [f"sg-0a1b2c3d4e5f6{n:04d}" for n in range(61)]  # one over the inbound rules a group takes
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/orders/api:v1"

# Valid inputs of the root module (every root plan of the tests starts from them) and of each part used on its
# own; a case overrides what it breaks (None: leaves the input out).
ROOT_BASE = {
    "name": "test-proxy",
    "engine_family": "MYSQL",
    "db_instance_identifier": "app-db",
    "db_username": "app_user",
    "db_name": "app",
    "vpc_id": VPC,
    "subnet_ids": SUBNETS,
    "db_security_group_id": SG,
    "lambda_zip_path": str(LAMBDA_ZIP),
}
PART_BASE = {
    "secret": {"name": "orders", "engine_family": "MYSQL", "db_username": "app_user", "db_port": 3306},
    # The second ARN ends like a full one by its name alone (team/app-secret): its form cannot tell, so it is taken.
    "proxy_role": {
        "name": "orders",
        "secret_arns": [SECRET, f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:team/app-secret"],
    },
    "proxy": {
        "name": "orders",
        "engine_family": "MYSQL",
        "proxy_role_arn": ROLE,
        "subnet_ids": SUBNETS,
        "security_group_ids": [SG],
        "auth": [{"secret_arn": SECRET}],
        "log_group_kms_key_arn": None,
    },
    "target": {"proxy_name": "orders", "engine_family": "MYSQL", "db_instance_identifier": "orders-db"},
    "network": {
        "name": "orders",
        "vpc_id": VPC,
        "engine_family": "MYSQL",
        "db_port": 3306,
        "db_security_group_id": SG,
    },
    "layer": {"name": "orders-rds-connect", "zip_path": str(LAYER_ZIP)},
    "lambda": {
        "name": "orders",
        "zip_path": str(LAMBDA_ZIP),
        "vpc_id": VPC,
        "subnet_ids": SUBNETS,
        "proxy_security_group_id": SG,
        "proxy_endpoint": "orders.proxy-abc.us-east-1.rds.amazonaws.com",
        "db_username": "app_user",
        "db_name": "orders",
        "engine_family": "MYSQL",
        "rds_connect_policy_json": POLICY,
        "log_group_kms_key_arn": None,
    },
    "log_key": {"name": "orders", "log_group_names": ["/aws/lambda/orders"]},
    "policy_chunks": {
        "statements": [{"sid": "GetProxySecrets", "action": "secretsmanager:GetSecretValue", "resources": [SECRET]}],
        "arn_max_length": len(SECRET),
        "arn_length_limit": 600,
        "inline_budget": 10240,
        "managed_slots": 10,
        "input_name": "secret_arns",
    },
    "monitoring": {"name": "orders", "proxy_name": "orders"},
    "function_access": {
        "name": "orders-reports",
        "role": "reports-fn",
        "db_users": ["app_user"],
        "engine_family": "MYSQL",
        "proxy_resource_id": "prx-0123456789abcdef0",
        "proxy_endpoint": "orders.proxy-abc.us-east-1.rds.amazonaws.com",
        "db_name": "orders",
        "vpc_id": VPC,
        "subnet_ids": SUBNETS,
        "proxy_security_group_id": SG,
    },
}

# Where AWS says so. "module" marks a rule of this module's own, whose reason its message gives.
RDS = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference"
CREATE_PROXY = f"RDS API, CreateDBProxy ({RDS}/API_CreateDBProxy.html)"
AUTH = f"RDS API, UserAuthConfig ({RDS}/API_UserAuthConfig.html)"
POOL = f"RDS API, ConnectionPoolConfiguration ({RDS}/API_ConnectionPoolConfiguration.html)"
PROXY_ENDPOINT = f"RDS API, CreateDBProxyEndpoint ({RDS}/API_CreateDBProxyEndpoint.html)"
PROXY_LIMITS = "RDS User Guide, Quotas and limitations for RDS Proxy (rds-proxy.html#rds-proxy.limitations)"
PROXY_NETWORK = "RDS User Guide, RDS Proxy network prerequisites (rds-proxy-network-prereqs.html)"
PROVIDER_IDENTIFIER = "AWS provider 5.100: aws_db_proxy* names and identifiers must be lower case (validIdentifier)"
IDENTIFIER = f"RDS API, CreateDBInstance / CreateDBCluster identifiers ({RDS}/API_CreateDBInstance.html)"
TAGS = (
    "RDS API Tag, IAM API Tag, CloudWatch Logs TagLogGroup, Lambda TagResource, EC2 Tag (key at most 127), "
    "Secrets Manager TagResource (value at most 255; aws: reserved in values): the strictest of them"
)
SECRETS = "Secrets Manager API, CreateSecret / DeleteSecret / RotateSecret (RotationRulesType)"
SECRET_ARN = (
    "Secrets Manager API, CreateSecret (ARN: the name followed by six random characters) and SecretId (a partial "
    "ARN lacks the final hyphen and six characters); User Guide, Finding a secret from a partial ARN"
)
ROTATION = (
    "Secrets Manager User Guide, Schedule expressions in rotation (at most every 4 hours); "
    "module: at least every 90 days"
)
KMS_REGION = "KMS Developer Guide, multi-Region keys: integrated services use KMS keys of their own region"
IAM = "IAM API, CreateRole (Path, PermissionsBoundary) and IAM ARN formats"
IAM_INLINE = "IAM API, PutRolePolicy (RoleName: a role of the caller's account) and IAM ARN formats"
RDS_IAM_AUTH = "RDS User Guide, Creating and using an IAM policy for IAM database access (dbuser:<prx-id>/<user>)"
SG_RULES = "Amazon VPC User Guide, Amazon VPC quotas (Inbound or outbound rules per security group: 60)"
EC2_SG = "EC2 API, CreateSecurityGroup (GroupName can't start with sg-) and AuthorizeSecurityGroupEgress (CidrIpv4)"
LAMBDA = "Lambda API, CreateFunction (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html)"
LAMBDA_LIMITS = "Lambda Developer Guide, Lambda quotas (5 layers, 50 MB zip, 4 KB of environment variables)"
LAMBDA_RUNTIMES = (
    "Lambda Developer Guide, Lambda runtimes (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html): "
    "Supported runtimes; AWS provider 5.100 validates runtime against its AWS SDK's list, which lacks nodejs24.x "
    "(provider 6.19), python3.14 and java25 (6.20) and dotnet10 (6.27)"
)
LAMBDA_DG = "https://docs.aws.amazon.com/lambda/latest/dg"
LAMBDA_PYTHON = f"Lambda Developer Guide, Lambda runtimes ({LAMBDA_DG}/lambda-runtimes.html)"
LAMBDA_IMAGES = (
    f"Lambda Developer Guide, Create a Lambda function using a container image ({LAMBDA_DG}/images-create.html)"
)


def handler_source(language: str, page: str) -> str:
    guide = f"Lambda Developer Guide, Define Lambda function handler in {language} ({LAMBDA_DG}/{page})"
    return f"{LAMBDA}: Handler (at most 128 characters); {guide}"


LAMBDA_ENV = "Lambda Developer Guide, Defined runtime environment variables (reserved keys)"
LOGS = "CloudWatch Logs API, PutRetentionPolicy (retentionInDays) and CreateLogGroup (logGroupName)"
ALARM = "CloudWatch API, PutMetricAlarm (Period, EvaluationPeriods, AlarmActions at most 5)"
RDS_METRICS = "RDS User Guide, Monitoring RDS Proxy metrics with CloudWatch (1-minute metrics)"
LAYER_API = "Lambda API, PublishLayerVersion (LayerName, CompatibleRuntimes at most 15, CompatibleArchitectures)"
MODULE = "module"
IAM_QUOTAS = (
    "IAM User Guide, IAM and AWS STS quotas (reference_iam-quotas.html): a role's inline policies 10,240 characters "
    "in all, a managed policy 6,144, managed policies attached to a role 10 (raised quota: 20), whitespace not counted"
)
# The largest grants the inputs allow: 200 secrets (RDS Proxy's limit) of 512-character names (Secrets Manager's
# limit), each under its own key; and more database users than a role's policies can name.
LONG_SECRETS = [f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{'s' * 509}{i:03d}-AbCdEf" for i in range(200)]
OWN_KEYS = [f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{i:08x}-4b5a-6978-8796-a5b4c3d2e1f0" for i in range(200)]
MANY_USERS = ["app_user", *(f"{'u' * 28}{i:04d}" for i in range(1000))]

TOO_MANY_TAGS = {f"team{i}": "x" for i in range(50)}


@dataclass(frozen=True)
class Rule:
    id: str
    message: str | tuple[str, ...]  # substrings; a tuple when the bad value breaks several rules at once
    source: str
    root: list[dict] = field(default_factory=list)  # overrides of the root module's inputs, one case each
    part: tuple[str, list[dict]] | None = None  # (part, overrides of PART_BASE[part], one case each)
    # What the root cases report besides: the rules of other parts the same root input reaches.
    root_also: tuple[str, ...] = ()

    @property
    def messages(self) -> tuple[str, ...]:
        return (self.message,) if isinstance(self.message, str) else self.message


RULES = [
    # ---- modules/proxy
    Rule(
        "proxy name",
        "name must start with a lower-case letter, contain only lower-case letters, digits and single hyphens",
        f"{CREATE_PROXY}: DBProxyName; {PROVIDER_IDENTIFIER}",
        root=[{"name": "Orders"}],
        part=("proxy", [{"name": "proxy-"}, {"name": "1proxy"}, {"name": "my--proxy"}, {"name": "p" * 61}]),
        root_also=("proxy_name must be a proxy name",),
    ),
    Rule(
        "engine family",
        "engine_family must be MYSQL or POSTGRESQL.",
        f"{CREATE_PROXY}: EngineFamily (SQLSERVER has no driver here)",
        root=[{"engine_family": "ORACLE"}],
        part=("proxy", [{"engine_family": "mysql"}]),
    ),
    Rule(
        "proxy role ARN",
        "proxy_role_arn must be an IAM role ARN",
        f"{CREATE_PROXY}: RoleArn",
        root=[{"create_proxy_role": False, "proxy_role_arn": "arn:aws:iam::12345:role/x"}],
        part=("proxy", [{"proxy_role_arn": f"arn:aws:iam::{ACCOUNT}:user/x"}]),
    ),
    Rule(
        "idle client timeout",
        "idle_client_timeout must be a whole number of seconds from 1 to 28800.",
        f"{CREATE_PROXY}: IdleClientTimeout",
        root=[{"idle_client_timeout": 28801}],
        part=("proxy", [{"idle_client_timeout": 1.5}, {"idle_client_timeout": 0}]),
    ),
    Rule(
        "proxy subnets",
        "subnet_ids must list at least two distinct subnet ids (subnet-...): RDS Proxy needs two Availability Zones.",
        PROXY_NETWORK,
        root=[{"subnet_ids": SUBNETS[:1]}],
        part=("proxy", [{"subnet_ids": ["subnet-1", "subnet-2"]}, {"subnet_ids": SUBNETS[:1] * 2}]),
    ),
    Rule(
        "auth entries",
        "auth must hold from 1 to 200 entries",
        f"{CREATE_PROXY}: Auth; {PROXY_LIMITS} (200 secrets per proxy)",
        part=("proxy", [{"auth": []}]),
    ),
    Rule(
        "auth secret ARN",
        "auth: each secret_arn must be a Secrets Manager secret ARN",
        f"{AUTH}; {SECRET_ARN}",
        root=[
            {"create_secret": False, "existing_secrets": {"app": {"secret_arn": "arn:aws:s3:::bucket"}}},
            {"create_secret": False, "existing_secrets": {"app": {"secret_arn": PARTIAL_SECRET}}},
        ],
        part=("proxy", [{"auth": [{"secret_arn": "app-db"}]}, {"auth": [{"secret_arn": PARTIAL_SECRET}]}]),
        root_also=("secret_arns must hold Secrets Manager secret ARNs",),
    ),
    Rule(
        "auth secret region",
        "auth: every secret must be in the proxy's region, us-east-1",
        f"{AUTH}; {KMS_REGION}: the role decrypts with kms:ViaService = secretsmanager.<region>",
        root=[{"existing_secrets": {"other": {"secret_arn": OTHER_REGION_SECRET}}}],
        part=("proxy", [{"auth": [{"secret_arn": OTHER_REGION_SECRET}]}]),
        root_also=("secret_arns must be secrets in the proxy's region",),
    ),
    Rule(
        "auth IAM setting",
        "auth: iam_auth must be REQUIRED or DISABLED.",
        f"{AUTH}: IAMAuth (ENABLED is for SQL Server only)",
        root=[{"secret_auth": {"iam_auth": "ENABLED"}}],
        part=("proxy", [{"auth": [{"secret_arn": SECRET, "iam_auth": "required"}]}]),
    ),
    Rule(
        "auth password type per engine",
        "auth: client_password_auth_type must be one of",
        f"{AUTH}: ClientPasswordAuthType (MYSQL_NATIVE_PASSWORD, MYSQL_CACHING_SHA2_PASSWORD; "
        "POSTGRES_SCRAM_SHA_256, POSTGRES_MD5)",
        root=[{"secret_auth": {"client_password_auth_type": "POSTGRES_MD5"}}],
        part=(
            "proxy",
            [
                {
                    "engine_family": "POSTGRESQL",
                    "auth": [{"secret_arn": SECRET, "client_password_auth_type": "MYSQL_NATIVE_PASSWORD"}],
                }
            ],
        ),
    ),
    Rule(
        "TLS with IAM",
        "require_tls must be true when an auth entry's iam_auth is REQUIRED",
        "RDS User Guide, Connecting to a proxy using IAM authentication (use TLS); "
        "module: tokens never travel in clear",
        root=[{"require_tls": False}],
        part=("proxy", [{"require_tls": False}]),
    ),
    Rule(
        "endpoints",
        (
            "endpoints: each name must start with a lower-case letter",
            "endpoints: target_role must be READ_WRITE or READ_ONLY.",
            "endpoints: vpc_subnet_ids must list at least two distinct subnet ids",
            "endpoints: an endpoint with its own vpc_subnet_ids needs its own vpc_security_group_ids",
        ),
        f"{PROXY_ENDPOINT}: DBProxyEndpointName, TargetRole, VpcSubnetIds, VpcSecurityGroupIds (of the endpoint's VPC)",
        root=[
            {
                "endpoints": {
                    "bad_name": {"name": "ro--1"},
                    "bad_role": {"name": "rw", "target_role": "WRITE"},
                    "one_subnet": {"name": "rw-2", "vpc_subnet_ids": SUBNETS[:1], "vpc_security_group_ids": [SG]},
                    "other_vpc": {"name": "rw-3", "vpc_subnet_ids": [f"subnet-0a1b2c3d4e5f6000{i}" for i in (7, 8)]},
                }
            }
        ],
        part=(
            "proxy",
            [
                {
                    "endpoints": {
                        "upper": {"name": "Reader"},
                        "bad_role": {"name": "rw", "target_role": "READER"},
                        "one_subnet": {"name": "rw-2", "vpc_subnet_ids": ["subnet-x"], "vpc_security_group_ids": [SG]},
                        "other_vpc": {"name": "rw-3", "vpc_subnet_ids": SUBNETS},
                    }
                }
            ],
        ),
        root_also=("target_roles must list READ_WRITE and/or READ_ONLY.",),
    ),
    Rule(
        "endpoint names and tags",
        ("endpoints: names must differ from each other and from name", "endpoints: tags (merged with tags)"),
        f"{PROXY_ENDPOINT}: DBProxyEndpointName (unique), Tags",
        root=[
            {"endpoints": {"proxy_name": {"name": "test-proxy"}, "tagged": {"name": "rw-4", "tags": {"aws:team": "x"}}}}
        ],
        part=("proxy", [{"endpoints": {"a": {"name": "ro"}, "b": {"name": "ro", "tags": {"rds:x": "y"}}}}]),
    ),
    Rule(
        "endpoint count",
        "endpoints may hold at most 20 endpoints",
        f"{PROXY_LIMITS} (20 endpoints per proxy)",
        root=[{"endpoints": {f"e{i}": {"name": f"e{i}"} for i in range(21)}}],
        part=("proxy", [{"endpoints": {f"e{i}": {"name": f"e{i}"} for i in range(21)}}]),
    ),
    Rule(
        "proxy log retention",
        "log_group_retention_in_days must be one of 1, 3, 5",
        LOGS,
        root=[{"log_group_retention_in_days": 42}],
        part=("proxy", [{"log_group_retention_in_days": 0}]),
    ),
    Rule(
        "log key ARN",
        "log_group_kms_key_arn must be a KMS key ARN",
        "CloudWatch Logs API, CreateLogGroup (kmsKeyId: a key ARN)",
        root=[{"log_group_kms_key_arn": "alias/logs"}],
        part=("proxy", [{"log_group_kms_key_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/logs"}]),
    ),
    Rule(
        "log key region",
        "log_group_kms_key_arn must be a key in the log group's region, us-east-1",
        KMS_REGION,
        root=[{"log_group_kms_key_arn": OTHER_REGION_KEY}],
        part=("lambda", [{"log_group_kms_key_arn": OTHER_REGION_KEY}]),
    ),
    Rule(
        "tags",
        "tags: at most 49 tags; keys of 1 to 127",
        TAGS,
        root=[{"tags": {"aws:owner": "x"}}],
        part=(
            "secret",
            [
                {"tags": {"k" * 128: "x"}},
                {"tags": {"team": "R&D"}},
                {"tags": {"owner": "rds:x"}},
                {"tags": TOO_MANY_TAGS},
            ],
        ),
    ),
    *[
        Rule(f"tags ({part})", "tags: at most 49 tags", TAGS, part=(part, [{"tags": {"Cost center": "a,b"}}]))
        for part in ("proxy_role", "proxy", "network", "lambda", "log_key", "monitoring")
    ],
    # ---- modules/target
    Rule(
        "one target",
        "Set exactly one of db_instance_identifier and db_cluster_identifier.",
        "RDS API, RegisterDBProxyTargets (one target per proxy)",
        root=[{"db_cluster_identifier": "aurora"}],
        part=("target", [{"db_instance_identifier": None, "db_cluster_identifier": None}]),
    ),
    Rule(
        "instance identifier",
        "db_instance_identifier must start with a lower-case letter",
        f"{IDENTIFIER}; {PROVIDER_IDENTIFIER}",
        root=[{"db_instance_identifier": "orders_db"}],
        part=("target", [{"db_instance_identifier": "Orders-db"}]),
    ),
    Rule(
        "cluster identifier",
        "db_cluster_identifier must start with a lower-case letter",
        f"{IDENTIFIER}; {PROVIDER_IDENTIFIER}",
        root=[{"db_instance_identifier": None, "db_cluster_identifier": "aurora--pg"}],
        part=("target", [{"db_instance_identifier": None, "db_cluster_identifier": "aurora-"}]),
    ),
    Rule(
        "max connections",
        "max_connections_percent must be a whole number from 1 to 100.",
        POOL,
        root=[{"max_connections_percent": 101}],
        part=("target", [{"max_connections_percent": 50.5}, {"max_connections_percent": 0}]),
    ),
    Rule(
        "max idle connections",
        "max_idle_connections_percent must be a whole number from 0 to 100.",
        POOL,
        root=[{"max_idle_connections_percent": -1}],
        part=("target", [{"max_idle_connections_percent": 1.5}]),
    ),
    Rule(
        "idle below max",
        "max_idle_connections_percent must not be above max_connections_percent.",
        f"{POOL}: MaxIdleConnectionsPercent between 0 and MaxConnectionsPercent",
        root=[{"max_connections_percent": 40, "max_idle_connections_percent": 50}],
        part=("target", [{"max_connections_percent": 10, "max_idle_connections_percent": 20}]),
    ),
    Rule(
        "borrow timeout",
        "connection_borrow_timeout must be a whole number of seconds from 0 to 300.",
        f"{POOL}: ConnectionBorrowTimeout between 0 and 300",
        root=[{"connection_borrow_timeout": 301}],
        part=("target", [{"connection_borrow_timeout": -1}]),
    ),
    Rule(
        "pinning filters on PostgreSQL",
        "session_pinning_filters: a POSTGRESQL proxy has no session pinning filters",
        f"{POOL}: SessionPinningFilters, supported for the MySQL engine family only",
        root=[{"engine_family": "POSTGRESQL", "session_pinning_filters": ["EXCLUDE_VARIABLE_SETS"]}],
        part=("target", [{"engine_family": "POSTGRESQL", "session_pinning_filters": ["EXCLUDE_VARIABLE_SETS"]}]),
    ),
    Rule(
        "pinning filter values",
        "session_pinning_filters: MYSQL proxies know only EXCLUDE_VARIABLE_SETS",
        f"{POOL}: SessionPinningFilters (EXCLUDE_VARIABLE_SETS)",
        root=[{"session_pinning_filters": ["EXCLUDE_LOCKS"]}],
        part=("target", [{"session_pinning_filters": ["exclude_variable_sets"]}]),
    ),
    Rule(
        "init query",
        "init_query must not turn sql_auto_is_null on",
        f"{POOL}: InitQuery (don't set sql_auto_is_null for MySQL)",
        root=[{"init_query": "SET sql_auto_is_null = 1"}],
        part=("target", [{"init_query": "SET SESSION sql_auto_is_null=ON"}]),
    ),
    # ---- modules/secret
    Rule(
        "secret name prefix",
        "name must be 1 to 200 letters, digits, hyphens or underscores: it prefixes the secret's name",
        f"{SECRETS}: Name; KMS API, CreateAlias (AliasName)",
        part=("secret", [{"name": "team/orders"}]),
    ),
    Rule(
        "database user",
        "db_username must start with a letter or underscore and contain only letters, digits and underscores",
        "MySQL (user names up to 32 characters) and PostgreSQL (identifiers up to 63) reference manuals",
        root=[{"db_username": "u" * 33}],
        part=("secret", [{"engine_family": "POSTGRESQL", "db_username": "u" * 64}, {"db_username": "app-user"}]),
    ),
    Rule(
        "database name",
        "db_name must start with a letter or underscore and contain only letters, digits, _ and $",
        "MySQL (64) and PostgreSQL (63) identifier limits",
        root=[{"db_name": "orders-db"}],
        part=("secret", [{"db_name": "d" * 65}]),
    ),
    Rule(
        "database host",
        "db_host must be a host name or IPv4 address, without scheme, port or path.",
        MODULE,
        root=[{"db_host": "https://orders.example.com:3306"}],
        part=("secret", [{"db_host": "orders.example.com/db"}]),
    ),
    Rule(
        "database port",
        "db_port must be a whole number from 1 to 65535.",
        "EC2 API, AuthorizeSecurityGroupEgress (FromPort, ToPort)",
        root=[{"db_port": 70000}],
        part=("network", [{"db_port": 0}]),
    ),
    Rule(
        "password version",
        "password_version must be a whole number from 1.",
        MODULE,
        root=[{"secret_password_version": 0}],
        part=("secret", [{"password_version": 1.5}]),
    ),
    Rule(
        "recovery window",
        "recovery_window_in_days must be 0 (delete at once) or a whole number from 7 to 30.",
        f"{SECRETS}: DeleteSecret RecoveryWindowInDays",
        root=[{"secret_recovery_window_in_days": 5}],
        part=("secret", [{"recovery_window_in_days": 31}]),
    ),
    Rule(
        "secret key ARN",
        "kms_key_arn must be a KMS key ARN",
        f"{SECRETS}: KmsKeyId (the IAM policy needs the key's ARN)",
        root=[{"kms_key_arn": "alias/aws/secretsmanager"}],
        part=("secret", [{"kms_key_arn": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}]),
    ),
    Rule(
        "secret key region",
        "kms_key_arn must be a key in the secret's region, us-east-1",
        KMS_REGION,
        root=[{"kms_key_arn": OTHER_REGION_KEY}],
        part=("secret", [{"kms_key_arn": OTHER_REGION_KEY}]),
    ),
    Rule(
        "rotation function",
        "rotation.lambda_arn must be a Lambda function ARN",
        f"{SECRETS}: RotationLambdaARN",
        root=[{"secret_rotation": {"lambda_arn": "rotate", "automatically_after_days": 30}}],
        part=("secret", [{"rotation": {"lambda_arn": LAYER, "automatically_after_days": 30}}]),
    ),
    Rule(
        "rotation schedule, one of",
        "rotation needs exactly one of automatically_after_days and schedule_expression.",
        f"{SECRETS}: RotationRules, AutomaticallyAfterDays or ScheduleExpression but not both",
        root=[{"secret_rotation": {"lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate"}}],
        part=(
            "secret",
            [
                {
                    "rotation": {
                        "lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:r",
                        "automatically_after_days": 7,
                        "schedule_expression": "rate(7 days)",
                    }
                }
            ],
        ),
    ),
    Rule(
        "rotation days",
        "rotation.automatically_after_days must be a whole number from 1 to 90",
        f"{SECRETS}: AutomaticallyAfterDays (1-1000); module: at least every 90 days",
        root=[
            {
                "secret_rotation": {
                    "lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate",
                    "automatically_after_days": 91,
                }
            }
        ],
        part=(
            "secret",
            [
                {
                    "rotation": {
                        "lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:r",
                        "automatically_after_days": 0,
                    }
                }
            ],
        ),
    ),
    Rule(
        "rotation expression",
        "rotation.schedule_expression must be rate(N hours) with N from 4 to 23",
        ROTATION,
        root=[
            {
                "secret_rotation": {
                    "lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:rotate",
                    "schedule_expression": "rate(1 hours)",
                }
            }
        ],
        part=(
            "secret",
            [
                {
                    "rotation": {
                        "lambda_arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:r",
                        "schedule_expression": "rate(365 days)",
                    }
                }
            ],
        ),
    ),
    # ---- modules/proxy_role
    Rule(
        "role secrets",
        "secret_arns must hold Secrets Manager secret ARNs, at least one when create is true",
        f"IAM policy Resource: the secrets' full ARNs; {SECRET_ARN}",
        part=(
            "proxy_role",
            [{"secret_arns": []}, {"secret_arns": ["arn:aws:s3:::bucket"]}, {"secret_arns": [PARTIAL_SECRET]}],
        ),
    ),
    Rule(
        "role secret region",
        "secret_arns must be secrets in the proxy's region, us-east-1",
        KMS_REGION,
        part=("proxy_role", [{"secret_arns": [OTHER_REGION_SECRET]}]),
    ),
    Rule(
        "role keys",
        "kms_key_arns must hold KMS key ARNs",
        "KMS key ARN format (key/<key id>)",
        root=[{"create_secret": False, "existing_secrets": {"app": {"secret_arn": SECRET, "kms_key_arn": "alias/db"}}}],
        part=("proxy_role", [{"kms_key_arns": ["alias/db"]}]),
    ),
    Rule(
        "role key region",
        "kms_key_arns must be keys in the proxy's region, us-east-1",
        KMS_REGION,
        root=[
            {
                "create_secret": False,
                "existing_secrets": {"app": {"secret_arn": SECRET, "kms_key_arn": OTHER_REGION_KEY}},
            }
        ],
        part=("proxy_role", [{"kms_key_arns": [OTHER_REGION_KEY]}]),
    ),
    Rule(
        "role path",
        "iam_role_path must be / or start and end with /",
        f"{IAM}: Path",
        root=[{"iam_role_path": "team"}],
        part=("lambda", [{"iam_role_path": "/team"}]),
    ),
    Rule(
        "permissions boundary",
        "iam_role_permissions_boundary must be an IAM managed policy ARN",
        f"{IAM}: PermissionsBoundary",
        root=[{"iam_role_permissions_boundary": f"arn:aws:iam::{ACCOUNT}:role/boundary"}],
        part=("proxy_role", [{"iam_role_permissions_boundary": "boundary"}]),
    ),
    Rule(
        "role policy quotas",
        "The grant of secret_arns and kms_key_arns (existing_secrets at the root) needs",
        IAM_QUOTAS,
        root=[
            {
                "create_secret": False,
                "existing_secrets": {
                    f"s{i:03d}": {"secret_arn": a, "kms_key_arn": k}
                    for i, (a, k) in enumerate(zip(LONG_SECRETS, OWN_KEYS, strict=True))
                },
            }
        ],
    ),
    # ---- modules/network
    Rule(
        "security group name",
        "not starting with sg-",
        EC2_SG,
        root=[{"name": "sg-orders"}],
        part=("network", [{"name": "sg-orders"}]),
    ),
    Rule(
        "VPC id",
        "vpc_id must be a VPC id (vpc-...).",
        "EC2 resource id formats (vpc- and 8 or 17 hexadecimal digits)",
        root=[{"vpc_id": "vpc-xyz"}],
        part=("network", [{"vpc_id": "0a1b2c3d"}]),
        root_also=("vpc_id must be a VPC id (vpc-...), and is required when create_security_group is true.",),
    ),
    Rule(
        "database destination",
        "Set exactly one of db_security_group_id and db_cidr_blocks",
        MODULE,
        root=[{"db_cidr_blocks": ["10.0.0.0/24"]}],
        part=("network", [{"db_security_group_id": None}, {"db_cidr_blocks": ["10.0.0.0/24"]}]),
    ),
    Rule(
        "database group id",
        "db_security_group_id must be a security group id (sg-...).",
        "EC2 resource id formats",
        root=[{"db_security_group_id": "sg-zz"}],
        part=("network", [{"db_security_group_id": "default"}]),
    ),
    Rule(
        "database CIDR blocks",
        "db_cidr_blocks must hold IPv4 network addresses narrower than /0",
        f"{EC2_SG}; AWS provider 5.100 (a network address)",
        root=[{"db_security_group_id": None, "db_cidr_blocks": ["0.0.0.0/0"]}],
        part=("network", [{"db_security_group_id": None, "db_cidr_blocks": ["10.0.8.5/24"]}]),
    ),
    Rule(
        "client groups",
        "allowed_security_group_ids must hold security group ids (sg-...).",
        "EC2 resource id formats",
        root=[{"allowed_security_group_ids": ["lambda"]}],
        part=("network", [{"allowed_security_group_ids": ["sg-1"]}]),
    ),
    Rule(
        "client groups per security group",
        "allowed_security_group_ids holds 61 groups, each an inbound rule of the proxy's security group",
        SG_RULES,
        root=[{"allowed_security_group_ids": GROUPS_61}],
        part=("network", [{"allowed_security_group_ids": GROUPS_61}]),
        root_also=("connected_functions: the proxy's security group would take 61 inbound rules",),
    ),
    Rule(
        "database CIDR blocks per security group",
        "db_cidr_blocks holds 61 blocks, each an outbound rule of the proxy's security group",
        SG_RULES,
        root=[{"db_security_group_id": None, "db_cidr_blocks": [f"10.0.{n}.0/24" for n in range(61)]}],
        part=("network", [{"db_security_group_id": None, "db_cidr_blocks": [f"10.0.{n}.0/24" for n in range(61)]}]),
    ),
    # ---- modules/lambda
    Rule(
        "function name",
        "name must be 1 to 64 letters, digits, hyphens or underscores (a Lambda function name)",
        f"{LAMBDA}: FunctionName",
        part=("lambda", [{"name": "orders.reports"}]),
    ),
    Rule(
        "package type",
        "package_type must be Zip or Image.",
        f"{LAMBDA}: PackageType",
        root=[{"lambda_package_type": "zip"}],
        part=("lambda", [{"package_type": "Container"}]),
    ),
    Rule(
        "function package",
        "zip_path must name an existing file when create is true",
        LAMBDA,
        root=[{"create_lambda": True, "lambda_zip_path": "/nonexistent/fn.zip"}],
        part=("lambda", [{"zip_path": None}, {"zip_path": "/nonexistent/fn.zip"}]),
    ),
    Rule(
        "function package size",
        "zip_path must be at most 50 MB (52428800 bytes), the most Lambda takes in a direct upload",
        f"{LAMBDA_LIMITS}: 50 MB zipped for a direct upload",
        part=("lambda", [{"zip_path": str(OVERSIZED_ZIP)}]),
    ),
    Rule(
        "container image",
        "image_uri must be an Amazon ECR image by tag or digest",
        f"{LAMBDA}: Code ImageUri; {LAMBDA_IMAGES} (no ECR FIPS endpoint); module: a tag or digest named",
        root=[{"lambda_package_type": "Image", "lambda_zip_path": None, "lambda_image_uri": "public.ecr.aws/app:v1"}],
        part=(
            "lambda",
            [
                {"package_type": "Image", "zip_path": None, "image_uri": IMAGE.removesuffix(":v1")},
                {"package_type": "Image", "zip_path": None, "image_uri": IMAGE.replace(".ecr.", ".ecr-fips.")},
            ],
        ),
    ),
    Rule(
        "image for package type",
        "image_uri is required when package_type is Image (and create is true), and must be null when package_type is",
        f"{LAMBDA}: Code (ImageUri for PackageType Image, ZipFile or S3 for Zip)",
        part=("lambda", [{"package_type": "Image", "zip_path": None, "image_uri": None}, {"image_uri": IMAGE}]),
    ),
    Rule(
        "image region",
        "image_uri must be an image in the function's region, us-east-1",
        f"{LAMBDA_IMAGES}: the Amazon ECR repository in the function's Region",
        part=("lambda", [{"package_type": "Image", "zip_path": None, "image_uri": IMAGE.replace(REGION, "eu-west-1")}]),
    ),
    Rule(
        "image without package or layers",
        ("zip_path must be null when package_type is Image", "layers must be empty when package_type is Image"),
        f"{LAMBDA}: Code, Layers; Lambda Developer Guide, Managing Lambda dependencies with layers "
        f"({LAMBDA_DG}/chapter-layers.html): container images take no layers",
        root=[
            {
                "lambda_package_type": "Image",
                "lambda_image_uri": IMAGE,
                "lambda_zip_path": str(LAMBDA_ZIP),
                "lambda_layers": [LAYER],
            }
        ],
        part=("lambda", [{"package_type": "Image", "image_uri": IMAGE, "layers": [LAYER]}]),
    ),
    Rule(
        "handler (Python)",
        "handler must be module.function",
        handler_source("Python", "python-handler.html"),
        root=[{"lambda_handler": "handler"}],
        part=("lambda", [{"handler": "app." + "h" * 128}]),
    ),
    Rule(
        "handler (Node.js)",
        "handler must be [path/]file.export (the file without its extension)",
        handler_source("Node.js", "nodejs-handler.html"),
        root=[{"lambda_runtime": "nodejs20.x", "lambda_handler": "dist/handlers/index"}],
        part=(
            "lambda",
            [{"runtime": "nodejs22.x", "handler": "../index.handler"}, {"runtime": "nodejs20.x", "handler": "index"}],
        ),
    ),
    Rule(
        "handler (Java)",
        "handler must be package.Class or package.Class::method",
        handler_source("Java", "java-handler.html"),
        part=("lambda", [{"runtime": "java21", "handler": "example/Handler::handleRequest"}]),
    ),
    Rule(
        "handler (.NET)",
        "handler must be Assembly::Namespace.Class::Method, or an executable assembly's name",
        handler_source("C#", "csharp-handler.html"),
        part=("lambda", [{"runtime": "dotnet8", "handler": "Orders::Handle"}]),
    ),
    Rule(
        "handler (Ruby)",
        "handler must be file.method or file.Class.method",
        handler_source("Ruby", "ruby-handler.html"),
        part=("lambda", [{"runtime": "ruby3.4", "handler": "lambda_function"}]),
    ),
    Rule(
        "handler (OS-only)",
        "handler must be any text without spaces",
        f"{LAMBDA}: Handler (pattern [^\\s]+, at most 128 characters); Lambda Developer Guide, Building a custom "
        f"runtime ({LAMBDA_DG}/runtimes-custom.html): the runtime reads _HANDLER",
        part=("lambda", [{"runtime": "provided.al2023", "handler": "my bootstrap"}]),
    ),
    Rule(
        "layer count",
        "layers may hold at most 5 layer version ARNs.",
        LAMBDA_LIMITS,
        root=[
            {
                "create_layer": True,
                "layer_zip_path": str(LAYER_ZIP),
                "lambda_layers": [f"{LAYER[:-1]}{v}" for v in range(1, 6)],
            }
        ],
        part=("lambda", [{"layers": [f"{LAYER[:-1]}{v}" for v in range(1, 7)]}]),
    ),
    Rule(
        "layer ARNs",
        "layers must hold layer version ARNs",
        f"{LAMBDA}: Layers",
        root=[{"lambda_layers": [f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:x"]}],
        part=("lambda", [{"layers": [LAYER[:-2]]}]),
    ),
    Rule(
        "layer region",
        "layers must be layer versions of the function's region, us-east-1.",
        f"{LAMBDA}: Layers (a layer of another region is refused)",
        root=[{"lambda_layers": [LAYER.replace(REGION, "eu-west-1")]}],
        part=("lambda", [{"layers": [LAYER.replace(REGION, "eu-west-1")]}]),
    ),
    Rule(
        "runtime",
        "runtime must be one of python3.10, python3.11, python3.12, python3.13, python3.14, nodejs20.x, nodejs22.x",
        LAMBDA_RUNTIMES,
        root=[{"lambda_runtime": "python3.9"}],
        part=("lambda", [{"runtime": "nodejs18.x"}, {"runtime": "go1.x"}]),
    ),
    Rule(
        "architecture",
        "architecture must be x86_64 or arm64.",
        f"{LAMBDA}: Architectures",
        root=[{"lambda_architecture": "arm"}],
        part=("lambda", [{"architecture": "aarch64"}]),
    ),
    Rule(
        "memory",
        "memory_size must be a whole number of MB from 128 to 10240.",
        f"{LAMBDA}: MemorySize",
        root=[{"lambda_memory_size": 100}],
        part=("lambda", [{"memory_size": 200.5}]),
    ),
    Rule(
        "timeout",
        "timeout must be a whole number of seconds from 1 to 900.",
        f"{LAMBDA}: Timeout (the Lambda Developer Guide's 900 s)",
        root=[{"lambda_timeout": 901}],
        part=("lambda", [{"timeout": 0}]),
    ),
    Rule(
        "concurrency",
        "reserved_concurrent_executions must be -1 (unreserved) or a whole number from 0.",
        "Lambda API, PutFunctionConcurrency (ReservedConcurrentExecutions from 0)",
        root=[{"lambda_reserved_concurrent_executions": -5}],
        part=("lambda", [{"reserved_concurrent_executions": 2.5}]),
    ),
    Rule(
        "tracing",
        "tracing_mode must be PassThrough or Active.",
        f"{LAMBDA}: TracingConfig",
        root=[{"lambda_tracing_mode": "Off"}],
        part=("lambda", [{"tracing_mode": "active"}]),
    ),
    Rule(
        "log format",
        "log_format must be JSON or Text.",
        f"{LAMBDA}: LoggingConfig LogFormat",
        root=[{"lambda_log_format": "XML"}],
        part=("lambda", [{"log_format": "json"}]),
    ),
    Rule(
        "log levels",
        ("application_log_level must be one of", "system_log_level must be DEBUG, INFO or WARN."),
        f"{LAMBDA}: LoggingConfig ApplicationLogLevel, SystemLogLevel",
        root=[{"lambda_application_log_level": "VERBOSE", "lambda_system_log_level": "ERROR"}],
        part=("lambda", [{"application_log_level": "info", "system_log_level": "TRACE"}]),
    ),
    Rule(
        "dead-letter target",
        "dead_letter_target_arn must be an SQS queue or SNS topic ARN",
        f"{LAMBDA}: DeadLetterConfig",
        root=[{"lambda_dead_letter_target_arn": "arn:aws:s3:::bucket"}],
        part=("lambda", [{"dead_letter_target_arn": "queue"}]),
    ),
    Rule(
        "function subnets",
        "subnet_ids must hold 1 to 16 subnet ids (subnet-...).",
        f"{LAMBDA}: VpcConfig SubnetIds (at most 16)",
        part=("lambda", [{"subnet_ids": [f"subnet-0a1b2c3d4e5f600{i:02d}" for i in range(17)]}, {"subnet_ids": []}]),
    ),
    Rule(
        "function security groups",
        "security_group_ids must hold security group ids (sg-...), at most 5",
        f"{LAMBDA}: VpcConfig SecurityGroupIds (at most 5)",
        part=("lambda", [{"security_group_ids": [f"sg-0a1b2c3d4e5f6000{i}" for i in range(5)]}]),
    ),
    Rule(
        "function network",
        (
            "vpc_id must be a VPC id (vpc-...), and is required when create_security_group is true.",
            "proxy_security_group_id must be a security group id (sg-...), and is required",
        ),
        MODULE,
        part=("lambda", [{"vpc_id": None, "proxy_security_group_id": None}]),
    ),
    Rule(
        "environment",
        (
            "environment must not set DB_HOST, DB_READ_HOST, DB_PORT, DB_USER, DB_NAME or DB_ENGINE",
            "environment must not set the variables Lambda reserves",
            "environment keys must start with a letter",
            "environment must not carry passwords",
        ),
        f"{LAMBDA_ENV}; {LAMBDA}: Environment (keys [a-zA-Z]([a-zA-Z0-9_])+); "
        "module: the module sets DB_*, and no secrets",
        root=[
            {"lambda_environment": {"DB_HOST": "elsewhere", "AWS_REGION": "eu-west-1", "1X": "x", "DB_PASSWORD": "pw"}}
        ],
        part=("lambda", [{"environment": {"DB_USER": "x", "_HANDLER": "x", "A": "x", "passwd": "x"}}]),
    ),
    Rule(
        "environment size",
        "environment must hold at most 3584 characters of names and values",
        LAMBDA_LIMITS,
        root=[{"lambda_environment": {"LARGE": "x" * 3600}}],
        part=("lambda", [{"environment": {f"KEY{i}": "x" * 100 for i in range(40)}}]),
    ),
    Rule(
        "environment from the module",
        ("environment_from_module values must each be host, read_host", "environment_from_module names must start"),
        f"{LAMBDA_ENV}; {LAMBDA}: Environment (keys [a-zA-Z]([a-zA-Z0-9_])+); module: its own values only, "
        "never a password",
        root=[{"lambda_environment_from_module": {"DB_HOST": "host", "PROXY": "password"}}],
        part=("lambda", [{"environment_from_module": {"DB_PORT": "port", "1X": "host", "PROXY_HOST": "hostname"}}]),
    ),
    Rule(
        "environment names once",
        "environment_from_module names must differ from the names in environment",
        MODULE,
        root=[{"lambda_environment": {"DATABASE_URL": "x"}, "lambda_environment_from_module": {"DATABASE_URL": "url"}}],
        part=("lambda", [{"environment": {"DATABASE_URL": "x"}, "environment_from_module": {"DATABASE_URL": "url"}}]),
    ),
    Rule(
        "reader host variable",
        "environment_from_module may name read_host only when the function has a reader endpoint",
        MODULE,
        root=[{"lambda_environment_from_module": {"DB_READER": "read_host"}}],
        part=("lambda", [{"environment_from_module": {"DB_READER": "read_host"}}]),
    ),
    Rule(
        "environment size with the module's names",
        "environment and environment_from_module must hold at most 3584 characters of names and values together",
        LAMBDA_LIMITS,
        part=(
            "lambda",
            [
                {
                    "environment": {f"KEY{i}": "x" * 100 for i in range(30)},
                    "environment_from_module": {"A_URL": "url", "B_URL": "url"},
                }
            ],
        ),
    ),
    Rule(
        "proxy endpoint",
        "proxy_endpoint must be a host name (the proxy's endpoint), without scheme or port.",
        MODULE,
        part=("lambda", [{"proxy_endpoint": "orders.proxy-abc.us-east-1.rds.amazonaws.com:3306"}]),
    ),
    Rule(
        "function database name",
        "db_name must start with a letter or underscore",
        "MySQL (64) and PostgreSQL (63) identifier limits",
        part=("lambda", [{"db_name": "orders db"}]),
    ),
    Rule(
        "connect policy",
        "rds_connect_policy_json must be an IAM policy document in JSON, with a Statement.",
        "IAM API, PutRolePolicy (PolicyDocument)",
        part=("lambda", [{"rds_connect_policy_json": "rds-db:connect"}]),
    ),
    Rule(
        "connect managed policies",
        "rds_connect_managed_policy_jsons must hold IAM policy documents in JSON, each with a Statement.",
        "IAM API, CreatePolicy (PolicyDocument)",
        part=("lambda", [{"rds_connect_managed_policy_jsons": ["rds-db:connect"]}]),
    ),
    # ---- modules/layer
    Rule(
        "layer name",
        "name must be 1 to 140 letters, digits, hyphens or underscores.",
        LAYER_API,
        part=("layer", [{"name": "rds connect"}]),
    ),
    Rule(
        "layer package",
        "zip_path must name an existing file (build it with: rds-proxy-package --layer",
        LAYER_API,
        root=[{"create_layer": True, "layer_zip_path": "/nonexistent/layer.zip"}],
        part=("layer", [{"zip_path": "/nonexistent/layer.zip"}]),
    ),
    Rule(
        "layer package size",
        "zip_path must be at most 50 MB (52428800 bytes), the most Lambda takes in a direct upload.",
        f"{LAMBDA_LIMITS}: 50 MB zipped for a direct upload",
        part=("layer", [{"zip_path": str(OVERSIZED_ZIP)}]),
    ),
    Rule(
        "layer runtimes",
        "compatible_runtimes must list 1 to 15 of python3.10, python3.11, python3.12, python3.13, python3.14: "
        "rds_connect is a Python library, so its layer is never published for another runtime",
        f"{LAYER_API}; {LAMBDA_PYTHON}; module: rds_connect is Python",
        root=[{"create_layer": True, "layer_zip_path": str(LAYER_ZIP), "lambda_runtime": "nodejs20.x"}],
        part=("layer", [{"compatible_runtimes": ["python3.9"]}, {"compatible_runtimes": []}]),
    ),
    Rule(
        "layer architectures",
        "compatible_architectures must list x86_64 and/or arm64, each once.",
        LAYER_API,
        part=("layer", [{"compatible_architectures": ["arm64", "arm64"]}]),
    ),
    # ---- modules/log_key
    Rule(
        "log group names",
        "log_group_names must list one or more log group names",
        LOGS,
        part=("log_key", [{"log_group_names": []}, {"log_group_names": ["/aws/lambda/orders reports"]}]),
    ),
    # ---- modules/monitoring
    Rule(
        "watched target roles",
        "target_roles must list READ_WRITE and/or READ_ONLY.",
        "RDS User Guide, RDS Proxy metrics (TargetRole dimension)",
        part=("monitoring", [{"target_roles": ["READER"]}]),
    ),
    Rule(
        "alarm actions",
        "alarm_actions must hold at most 5 SNS topic ARNs",
        ALARM,
        root=[{"alarm_actions": [f"arn:aws:sqs:{REGION}:{ACCOUNT}:q"]}],
        part=("monitoring", [{"alarm_actions": [f"arn:aws:sns:{REGION}:{ACCOUNT}:t{i}" for i in range(6)]}]),
    ),
    Rule(
        "alarm thresholds",
        "alarm_thresholds must hold numbers of 0 or more.",
        MODULE,
        root=[{"alarm_thresholds": {"pinned_connections": -1}}],
        part=("monitoring", [{"alarm_thresholds": {"function_errors": -1}}]),
    ),
    Rule(
        "alarm percentages",
        "alarm_thresholds.database_connections_pct and availability_pct are percentages (at most 100).",
        MODULE,
        part=("monitoring", [{"alarm_thresholds": {"availability_pct": 101}}]),
    ),
    Rule(
        "alarm periods",
        "alarm_thresholds.evaluation_periods must be a whole number from 1.",
        f"{ALARM}: EvaluationPeriods",
        part=("monitoring", [{"alarm_thresholds": {"evaluation_periods": 0}}]),
    ),
    Rule(
        "alarm period length",
        "alarm_thresholds.period_seconds must be a multiple of 60",
        f"{ALARM}: Period; {RDS_METRICS}",
        root=[{"alarm_thresholds": {"period_seconds": 45}}],
        part=("monitoring", [{"alarm_thresholds": {"period_seconds": 30}}]),
    ),
    Rule(
        "alarm evaluation length",
        "alarm_thresholds: period_seconds times evaluation_periods must be at most one day",
        f"{ALARM}: Period times EvaluationPeriods at most 86400 s below an hour, 604800 s otherwise",
        root=[{"alarm_thresholds": {"evaluation_periods": 1441}}],
        part=("monitoring", [{"alarm_thresholds": {"period_seconds": 7200, "evaluation_periods": 85}}]),
    ),
    # ---- the root's own rules (they span parts)
    Rule(
        "granted users",
        "connect_db_users must be a non-empty list of user names",
        "IAM rds-db:connect resource (dbuser:<prx-id>/<user>); module: no wildcard users",
        root=[{"create_lambda": True, "connect_db_users": ["*"]}],
        root_also=(
            "the proxy has no secret for *",
            "connect_db_users must include db_username when create_lambda is true",
        ),
    ),
    Rule(
        "granted users, at least one",
        "connect_db_users must be a non-empty list of user names",
        MODULE,
        root=[{"connect_db_users": []}],
    ),
    Rule(
        "granted users take IAM tokens",
        "only have auth entries with iam_auth DISABLED",
        f"{AUTH}: IAMAuth DISABLED refuses IAM tokens for that secret's user",
        root=[{"secret_auth": {"iam_auth": "DISABLED"}}],
    ),
    Rule(
        "granted users have secrets",
        "the proxy has no secret for app_user",
        "RDS User Guide, Setting up IAM authentication for RDS Proxy (one secret per database user)",
        root=[
            {"create_secret": False, "existing_secrets": {"reports": {"secret_arn": SECRET, "username": "reporting"}}}
        ],
    ),
    Rule(
        "the function's user is granted",
        "connect_db_users must include db_username when create_lambda is true",
        MODULE,
        root=[
            {
                "create_lambda": True,
                "connect_db_users": ["reporting"],
                "existing_secrets": {"reports": {"secret_arn": SECRET, "username": "reporting"}},
            }
        ],
    ),
    Rule(
        "a secret",
        "existing_secrets must name at least one secret when create_secret is false.",
        f"{CREATE_PROXY}: Auth",
        root=[{"create_secret": False}],
    ),
    Rule(
        "a proxy role",
        "proxy_role_arn is required when create_proxy_role is false.",
        f"{CREATE_PROXY}: RoleArn",
        root=[{"create_proxy_role": False}],
    ),
    Rule(
        "readers need a cluster",
        "endpoints: target_role READ_ONLY needs an Aurora cluster behind the proxy (db_cluster_identifier)",
        f"{PROXY_ENDPOINT}: TargetRole READ_ONLY (Aurora clusters only)",
        root=[{"endpoints": {"reader": {"name": "test-proxy-ro", "target_role": "READ_ONLY"}}}],
    ),
    Rule(
        "a layer package",
        "layer_zip_path is required when create_layer is true",
        MODULE,
        root=[{"create_layer": True}],
    ),
    Rule(
        "the reader endpoint",
        "lambda_read_endpoint must be a key of endpoints.",
        MODULE,
        root=[{"lambda_read_endpoint": "reader"}],
    ),
    Rule(
        "function role policy quotas",
        "The grant of connect_db_users needs",
        IAM_QUOTAS,
        root=[
            {
                "create_secret": False,
                "existing_secrets": {"app": {"secret_arn": SECRET}},
                "connect_db_users": MANY_USERS,
            }
        ],
    ),
    # ---- modules/function_access (functions deployed elsewhere; the root's connected_functions)
    Rule(
        "connected function policy quotas",
        "The grant of db_users of test-proxy-reports (connected_functions at the root) needs",
        IAM_QUOTAS,
        root=[
            {
                "create_secret": False,
                "existing_secrets": {"app": {"secret_arn": SECRET}},
                "connected_functions": {"reports": {"role": "reports-fn", "db_users": MANY_USERS}},
            }
        ],
    ),
    Rule(
        "connected role",
        "role must be an IAM role name or role ARN",
        f"{IAM_INLINE}: RoleName",
        root=[{"connected_functions": {"reports": {"role": "reports fn"}}}],
        part=("function_access", [{"role": "arn:aws:iam::123456789012:user/reports"}]),
    ),
    Rule(
        "connected role's account",
        "role must be a role of this account (123456789012) and partition (aws)",
        f"{IAM_INLINE}: RoleName",
        part=(
            "function_access",
            [{"role": "arn:aws:iam::210987654321:role/reports-fn"}, {"role": "arn:aws-cn:iam::123456789012:role/r"}],
        ),
    ),
    Rule(
        "connected users",
        "db_users must list at least one database user",
        RDS_IAM_AUTH,
        part=("function_access", [{"db_users": []}, {"db_users": ["*"]}, {"db_users": ["app-user"]}]),
    ),
    Rule(
        "connected users have secrets",
        "db_users must be users the proxy has a secret for (app_user)",
        f"{AUTH}: UserName",
        root=[{"connected_functions": {"reports": {"role": "reports-fn", "db_users": ["reporting"]}}}],
        part=("function_access", [{"known_db_users": ["app_user"], "db_users": ["reporting"]}]),
    ),
    Rule(
        "connected proxy id",
        "proxy_resource_id must be the proxy's resource id, prx-...",
        RDS_IAM_AUTH,
        part=("function_access", [{"proxy_resource_id": "orders"}]),
    ),
    Rule(
        "connected groups",
        "security_group_id must be a security group id (sg-...).",
        "EC2 resource id formats",
        root=[{"connected_functions": {"reports": {"role": "reports-fn", "security_group_id": "reports"}}}],
        part=("function_access", [{"security_group_id": "sg-1"}]),
    ),
    Rule(
        "connected reader endpoint",
        "connected_functions: read_endpoint must be a key of endpoints.",
        MODULE,
        root=[{"connected_functions": {"reports": {"role": "reports-fn", "read_endpoint": "reader"}}}],
    ),
    Rule(
        "inbound rules of the proxy's group",
        "connected_functions: the proxy's security group would take 61 inbound rules",
        f"{SG_RULES}: allowed_security_group_ids (modules/network), the module's function (modules/lambda) and "
        "each connected function (modules/function_access) add one to the proxy's group",
        root=[
            {
                "allowed_security_group_ids": GROUPS_61[:59],  # the plans' root base has create_lambda false
                "connected_functions": {"reports": {"role": "reports-fn"}, "billing": {"role": "billing-fn"}},
            },
            {
                "create_lambda": True,
                "allowed_security_group_ids": GROUPS_61[:58],
                "connected_functions": {"reports": {"role": "reports-fn"}, "billing": {"role": "billing-fn"}},
            },
        ],
    ),
    Rule(
        "connection name",
        "name must be 1 to 100 letters, digits, hyphens or underscores",
        MODULE,
        part=("function_access", [{"name": "orders/reports"}]),
    ),
]
