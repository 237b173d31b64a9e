"""rds-proxy-policies (rds_proxy_tools.render_policies): validated IAM policies from the Jinja2 templates."""

from __future__ import annotations

import io
import json
import os

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.repo import REPO_ROOT
from rds_proxy_tools import policy_inputs as pi
from rds_proxy_tools import render_policies as rp

ACCOUNT = "123456789012"
PRX = "prx-0123456789abcdef0"
SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:app-db-AbCdEf"
SECRET2 = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:reporting-db-XyZ123"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/12345678-90ab-cdef-1234-567890abcdef"
BASE = ["--region", "us-east-1", "--account-id", ACCOUNT, "--proxy-resource-id", PRX]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = rp.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_one_line_error(code: int, stdout: str, stderr: str, *needles: str) -> None:
    assert code == 2 and stdout == ""
    assert stderr.startswith("rds-proxy-policies: error: ") and stderr.count("\n") == 1
    for needle in needles:
        assert needle in stderr


# ---------------------------------------------------------------- shapes


def test_trust_policies_match_the_module_shapes(capsys):
    code, out, _ = run(capsys, "--policy", "proxy-trust", "--policy", "lambda-trust")
    assert code == 0
    assert json.loads(out) == {
        "proxy-trust": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "RDSProxyAssumeRole",
                    "Effect": "Allow",
                    "Principal": {"Service": "rds.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
        "lambda-trust": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "LambdaAssumeRole",
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
    }


def test_rds_connect_names_the_proxy_resource_id_for_each_user(capsys):
    code, out, _ = run(
        capsys, "--policy", "rds-connect", *BASE, "--db-user", "app", "--db-user", "report_ro", "--db-user", "app"
    )
    assert code == 0
    assert json.loads(out) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ConnectThroughProxy",
                "Effect": "Allow",
                "Action": "rds-db:connect",
                "Resource": [
                    f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/app",
                    f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/report_ro",
                ],
            }
        ],
    }


def test_secret_policy_with_customer_key_decrypts_only_via_secrets_manager(capsys):
    code, out, _ = run(
        capsys,
        "--policy",
        "proxy-secrets",
        "--region",
        "us-east-1",
        "--secret-arn",
        SECRET,
        "--secret-arn",
        SECRET2,
        "--kms-key-arn",
        KEY,
    )
    assert code == 0
    assert json.loads(out) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "GetProxySecrets",
                "Effect": "Allow",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": [SECRET, SECRET2],
            },
            {
                "Sid": "DecryptProxySecrets",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": [KEY],
                "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
            },
        ],
    }


def test_secret_policy_with_aws_managed_key_has_no_decrypt_statement(capsys):
    code, out, _ = run(capsys, "--policy", "proxy-secrets", "--secret-arn", SECRET)
    assert code == 0
    assert [s["Sid"] for s in json.loads(out)["Statement"]] == ["GetProxySecrets"]


def test_region_for_via_service_defaults_to_the_secrets_region(capsys):
    code, out, _ = run(capsys, "--policy", "proxy-secrets", "--secret-arn", SECRET, "--kms-key-arn", KEY)
    assert code == 0
    condition = json.loads(out)["Statement"][1]["Condition"]
    assert condition == {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}


@pytest.mark.parametrize(
    ("region", "partition", "suffix"),
    [
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("eu-central-1", "aws", "amazonaws.com"),
    ],
)
def test_partition_and_dns_suffix_follow_the_region(capsys, region, partition, suffix):
    secret = f"arn:{partition}:secretsmanager:{region}:{ACCOUNT}:secret:db-AbCdEf"
    key = f"arn:{partition}:kms:{region}:{ACCOUNT}:key/12345678-90ab-cdef-1234-567890abcdef"
    code, out, _ = run(
        capsys,
        "--policy",
        "proxy-secrets",
        "--policy",
        "rds-connect",
        "--region",
        region,
        "--account-id",
        ACCOUNT,
        "--proxy-resource-id",
        PRX,
        "--db-user",
        "app",
        "--secret-arn",
        secret,
        "--kms-key-arn",
        key,
    )
    assert code == 0
    policies = json.loads(out)
    assert policies["rds-connect"]["Statement"][0]["Resource"] == [
        f"arn:{partition}:rds-db:{region}:{ACCOUNT}:dbuser:{PRX}/app"
    ]
    via = policies["proxy-secrets"]["Statement"][1]["Condition"]["StringEquals"]["kms:ViaService"]
    assert via == f"secretsmanager.{region}.{suffix}"


def test_default_renders_all_four(capsys):
    code, out, _ = run(capsys, *BASE, "--db-user", "app", "--secret-arn", SECRET)
    assert code == 0
    assert list(json.loads(out)) == ["proxy-trust", "proxy-secrets", "lambda-trust", "rds-connect"]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["--account-id", "12345678901"], ["'12345678901'", "12 digits"]),
        (["--account-id", "12345678901a"], ["'12345678901a'"]),
        (["--region", "us-east"], ["'us-east'", "region"]),
        (["--region", "US-EAST-1"], ["'US-EAST-1'"]),
        (["--proxy-resource-id", "my-proxy"], ["'my-proxy'", "prx-"]),
        (["--proxy-resource-id", "arn:aws:rds:us-east-1:123456789012:db-proxy:prx-abc"], ["prx-"]),
        (["--db-user", 'app", "x'], ["'app\", \"x'"]),
        (["--db-user", "*"], ["'*'", "--allow-wildcard"]),
        (["--db-user", "app/*"], ["'app/*'"]),
        (["--db-user", "${aws:username}"], ["${aws:username}"]),
        (["--secret-arn", "arn:aws:secretsmanager:us-east-1:123456789012:db"], ["secret ARN", ":db'"]),
        (["--secret-arn", SECRET.replace("arn:aws:", "arn:aws-us-gov:")], ["not in partition 'aws'"]),
        (
            ["--secret-arn", f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:cookbook"],
            [":secret:cookbook' is partial", "six characters", "describe-secret --secret-id <name> --query ARN"],
        ),
        (["--kms-key-arn", f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/secretsmanager"], ["alias/aws/secretsmanager"]),
        (["--kms-key-arn", "*"], ["KMS key ARN '*'"]),
        (["--partition", "aws-us-gov"], ["'aws-us-gov' does not match region 'us-east-1'"]),
    ],
)
def test_bad_values_exit_2_naming_the_value(capsys, tmp_path, argv, needles):
    out_dir = tmp_path / "policies"
    code, out, err = run(capsys, *BASE, "--db-user", "app", "--secret-arn", SECRET, *argv, "--out-dir", out_dir)
    assert_one_line_error(code, out, err, *needles)
    assert not out_dir.exists()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (
            ["--policy", "rds-connect", "--region", "us-east-1", "--account-id", ACCOUNT, "--db-user", "a"],
            "--proxy-resource-id",
        ),
        (
            ["--policy", "rds-connect", "--region", "us-east-1", "--proxy-resource-id", PRX, "--db-user", "a"],
            "--account-id",
        ),
        (["--policy", "rds-connect", *BASE], "--db-user"),
        (
            ["--policy", "rds-connect", "--account-id", ACCOUNT, "--proxy-resource-id", PRX, "--db-user", "a"],
            "--region",
        ),
        (["--policy", "proxy-secrets"], "--secret-arn"),
    ],
)
def test_missing_inputs_exit_2_naming_the_flag(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, out, err, "missing", needle)


def test_unknown_partition_is_rejected_by_the_cli_in_one_line(capsys):
    code, out, err = run(capsys, "--partition", "aws-iso")
    assert_one_line_error(code, out, err, "argument --partition: invalid choice: 'aws-iso'", "--help")


def test_a_configuration_without_the_modules_outputs_names_those_it_looked_for(capsys, tmp_path):
    wrapper = tmp_path / "outputs.json"
    wrapper.write_text(json.dumps({"endpoint": {"value": "app-proxy.proxy-x.us-east-1.rds.amazonaws.com"}}))
    code, out, err = run(capsys, "--tf-output", str(wrapper))
    assert_one_line_error(code, out, err, str(wrapper), "proxy_arn", "rds_connect_resource_arns", "secret_arns")


def test_wildcard_user_needs_the_explicit_flag(capsys):
    code, out, _ = run(capsys, "--policy", "rds-connect", *BASE, "--db-user", "*", "--allow-wildcard")
    assert code == 0
    assert json.loads(out)["Statement"][0]["Resource"] == [f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/*"]


def test_too_many_users_exceed_the_iam_size_limit(capsys):
    users = [arg for i in range(200) for arg in ("--db-user", f"user_{i:03d}")]
    code, out, err = run(capsys, "--policy", "rds-connect", *BASE, *users)
    assert_one_line_error(code, out, err, "rds-connect", "10240")


# ---------------------------------------------------------------- checks on rendered output


@pytest.mark.parametrize(
    ("policy", "needle"),
    [
        (
            {"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "a:b", "Resource": []}]},
            "empty Resource",
        ),
        ({"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "a:b"}]}, "empty Resource"),
        (
            {
                "Version": "2012-10-17",
                "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "a:b", "Resource": [""]}],
            },
            "empty Resource",
        ),
        (
            {"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "a:b", "Resource": "*"}]},
            "wildcard resource '*'",
        ),
        ({"Version": "2012-10-17", "Statement": []}, "no statements"),
        ({"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "x"}]}, "Version"),
    ],
)
def test_check_policy_rejects_unsafe_output(policy, needle):
    with pytest.raises(pi.InputError, match=needle):
        rp.check_policy("rds-connect", policy)


def test_check_policy_allows_wildcard_only_when_asked():
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "S", "Effect": "Allow", "Action": "a:b", "Resource": "*"}]}
    rp.check_policy("rds-connect", policy, allow_wildcard=True)


def test_templates_are_strict_about_undefined_values():
    template = rp.environment().get_template("rds_connect.json.j2")
    with pytest.raises(jinja2.UndefinedError):
        template.render(partition="aws", region="us-east-1", account_id=ACCOUNT, db_users=["app"])


def test_every_template_is_registered():
    assert sorted(p.name for p in rp.TEMPLATES.glob("*.j2")) == sorted(t for t, _ in rp.POLICIES.values())


user_names = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,20}\Z")


@settings(max_examples=60, deadline=None)
@given(st.lists(user_names, min_size=1, max_size=8))
def test_any_valid_users_render_exact_resource_arns(users):
    policy = rp.render_all(
        ["rds-connect"],
        pi.PolicyInputs(region="ap-southeast-2", account_id=ACCOUNT, proxy_resource_id=PRX, db_users=tuple(users)),
    )
    expected = [f"arn:aws:rds-db:ap-southeast-2:{ACCOUNT}:dbuser:{PRX}/{u}" for u in dict.fromkeys(users)]
    assert policy["rds-connect"]["Statement"][0]["Resource"] == expected


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_arbitrary_user_text_is_rendered_verbatim_or_rejected(user):
    inputs = pi.PolicyInputs(region="us-east-1", account_id=ACCOUNT, proxy_resource_id=PRX, db_users=(user,))
    try:
        policy = rp.render_all(["rds-connect"], inputs)
    except pi.InputError as exc:
        assert "\n" not in str(exc) and repr(user) in str(exc)
        return
    expected = f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/{user}"
    assert policy["rds-connect"]["Statement"][0]["Resource"] == [expected]


# ---------------------------------------------------------------- output files


def test_out_dir_gets_one_file_per_policy(capsys, tmp_path):
    out_dir = tmp_path / "iam"
    code, out, _ = run(capsys, *BASE, "--db-user", "app", "--secret-arn", SECRET, "--out-dir", out_dir)
    assert code == 0
    names = ["proxy-trust", "proxy-secrets", "lambda-trust", "rds-connect"]
    assert out.splitlines() == [str(out_dir / f"{n}.json") for n in names]
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(f"{n}.json" for n in names)
    stdout_code, stdout_json, _ = run(capsys, *BASE, "--db-user", "app", "--secret-arn", SECRET)
    assert {n: json.loads((out_dir / f"{n}.json").read_text()) for n in names} == json.loads(stdout_json)
    assert oct((out_dir / "rds-connect.json").stat().st_mode & 0o777) == "0o644"


def test_unwritable_out_dir_exits_2(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, out, err = run(capsys, "--policy", "proxy-trust", "--out-dir", blocker / "sub")
    assert_one_line_error(code, out, err, str(blocker))


def test_existing_file_survives_a_failed_render(capsys, tmp_path):
    out_dir = tmp_path / "iam"
    assert run(capsys, "--policy", "rds-connect", *BASE, "--db-user", "app", "--out-dir", out_dir)[0] == 0
    before = (out_dir / "rds-connect.json").read_text()
    assert run(capsys, "--policy", "rds-connect", *BASE, "--db-user", "bad user", "--out-dir", out_dir)[0] == 2
    assert (out_dir / "rds-connect.json").read_text() == before
    assert [p.name for p in out_dir.iterdir()] == ["rds-connect.json"]


# ---------------------------------------------------------------- terraform output


def tf_outputs(partition="aws", region="us-east-1", users=("app",), key=KEY) -> dict:
    """Outputs as `terraform output -json` prints them for the root module."""
    proxy_arn = f"arn:{partition}:rds:{region}:{ACCOUNT}:db-proxy:{PRX}"
    wrap = lambda value, kind: {"sensitive": False, "type": kind, "value": value}  # noqa: E731
    return {
        "proxy_arn": wrap(proxy_arn, "string"),
        "proxy_resource_id": wrap(PRX, "string"),
        "proxy_name": wrap("demo", "string"),
        "secret_arns": wrap([SECRET], ["list", "string"]),
        "secret_kms_key_arn": wrap(key, "string"),
        "rds_connect_resource_arns": wrap(
            [f"arn:{partition}:rds-db:{region}:{ACCOUNT}:dbuser:{PRX}/{u}" for u in users], ["list", "string"]
        ),
    }


def test_inputs_from_terraform_output_file(capsys, tmp_path):
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(tf_outputs(users=("app", "admin"))))
    code, out, _ = run(capsys, "--tf-output", path)
    assert code == 0
    policies = json.loads(out)
    assert policies["rds-connect"]["Statement"][0]["Resource"] == [
        f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/app",
        f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/admin",
    ]
    assert policies["proxy-secrets"]["Statement"][1]["Resource"] == [KEY]


def test_flags_override_terraform_outputs(capsys, tmp_path):
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps(tf_outputs()))
    code, out, _ = run(capsys, "--tf-output", path, "--policy", "rds-connect", "--db-user", "reader")
    assert code == 0
    assert json.loads(out)["Statement"][0]["Resource"] == [f"arn:aws:rds-db:us-east-1:{ACCOUNT}:dbuser:{PRX}/reader"]


def test_aws_managed_key_in_terraform_outputs_means_no_decrypt(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(tf_outputs(key=None))))
    code, out, _ = run(capsys, "--tf-output", "-", "--policy", "proxy-secrets")
    assert code == 0
    assert [s["Sid"] for s in json.loads(out)["Statement"]] == ["GetProxySecrets"]


def test_inputs_from_a_terraform_directory(capsys, tmp_path):
    outputs = {
        name: {"value": o["value"], "type": "string" if isinstance(o["value"], str) else ["list", "string"]}
        for name, o in tf_outputs(partition="aws-us-gov", region="us-gov-east-1", key=None).items()
    }
    gov_secret = SECRET.replace("arn:aws:", "arn:aws-us-gov:").replace("us-east-1", "us-gov-east-1")
    outputs["secret_arns"]["value"] = [gov_secret]
    state = {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": "test",
        "outputs": outputs,
        "resources": [],
        "check_results": None,
    }
    (tmp_path / "terraform.tfstate").write_text(json.dumps(state))
    code, out, err = run(capsys, "--tf-output", tmp_path, "--policy", "rds-connect")
    assert (code, err) == (0, "")
    assert json.loads(out)["Statement"][0]["Resource"] == [
        f"arn:aws-us-gov:rds-db:us-gov-east-1:{ACCOUNT}:dbuser:{PRX}/app"
    ]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("not json", "is not JSON"),
        ("[1, 2]", "not a JSON object"),
        (
            json.dumps({"proxy_arn": {"value": "arn:aws:rds:us-east-1:1:db:x"}}),
            "proxy_arn 'arn:aws:rds:us-east-1:1:db:x'",
        ),
    ],
)
def test_bad_terraform_output_exits_2(capsys, tmp_path, content, needle):
    path = tmp_path / "outputs.json"
    path.write_text(content)
    code, out, err = run(capsys, "--tf-output", path)
    assert_one_line_error(code, out, err, needle)


def test_missing_terraform_output_path_exits_2(capsys, tmp_path):
    code, out, err = run(capsys, "--tf-output", tmp_path / "nope.json")
    assert_one_line_error(code, out, err, "nope.json")


# ---------------------------------------------------------------- live lookup (moto server)


@pytest.fixture
def aws(emulator, monkeypatch):
    """boto3 pointed at the moto server of tests/conftest.py, and nowhere else."""
    from harness.emulator import scrubbed_environ

    kept = scrubbed_environ()
    for key in [k for k in os.environ if k not in kept]:  # profiles, tokens, per-service endpoints
        monkeypatch.delenv(key)
    for key, value in emulator.env().items():
        monkeypatch.setenv(key, value)
    import boto3

    return boto3.session.Session(region_name=emulator.region)


def create_proxy(session, name: str, customer_key: bool) -> dict:
    ec2, kms, sm, iam, rds = (session.client(s) for s in ("ec2", "kms", "secretsmanager", "iam", "rds"))
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"us-east-1{az}")["Subnet"][
            "SubnetId"
        ]
        for i, az in enumerate("ab")
    ]
    key_arn = kms.create_key(Description=name)["KeyMetadata"]["Arn"] if customer_key else None
    own = sm.create_secret(
        Name=f"{name}-app",
        SecretString='{"username":"app","password":"x"}',
        **({"KmsKeyId": key_arn} if key_arn else {}),
    )["ARN"]
    managed = sm.create_secret(Name=f"{name}-ro", SecretString='{"username":"ro","password":"x"}')["ARN"]
    role = iam.create_role(
        RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []})
    )["Role"]["Arn"]
    proxy = rds.create_db_proxy(
        DBProxyName=name,
        EngineFamily="POSTGRESQL",
        RoleArn=role,
        VpcSubnetIds=subnets,
        RequireTLS=True,
        Auth=[{"SecretArn": arn, "IAMAuth": "REQUIRED"} for arn in (own, managed)],
    )["DBProxy"]
    return {"prx": proxy["DBProxyArn"].rsplit(":", 1)[1], "secrets": [own, managed], "key": key_arn}


def test_live_lookup_by_proxy_name(capsys, aws):
    created = create_proxy(aws, "lookup-cmk", customer_key=True)
    account = aws.client("sts").get_caller_identity()["Account"]
    code, out, err = run(capsys, "--proxy-name", "lookup-cmk", "--db-user", "app", "--db-user", "ro")
    assert (code, err) == (0, "")
    policies = json.loads(out)
    assert created["prx"].startswith("prx-")
    assert policies["rds-connect"]["Statement"][0]["Resource"] == [
        f"arn:aws:rds-db:us-east-1:{account}:dbuser:{created['prx']}/{u}" for u in ("app", "ro")
    ]
    statements = policies["proxy-secrets"]["Statement"]
    assert statements[0]["Resource"] == created["secrets"]
    assert statements[1]["Resource"] == [created["key"]]
    assert statements[1]["Condition"]["StringEquals"]["kms:ViaService"] == "secretsmanager.us-east-1.amazonaws.com"


def test_live_lookup_with_aws_managed_keys_only(capsys, aws):
    create_proxy(aws, "lookup-managed", customer_key=False)
    code, out, _ = run(capsys, "--proxy-name", "lookup-managed", "--policy", "proxy-secrets")
    assert code == 0
    assert [s["Sid"] for s in json.loads(out)["Statement"]] == ["GetProxySecrets"]


def test_live_lookup_of_unknown_proxy_exits_2(capsys, aws):
    code, out, err = run(capsys, "--proxy-name", "no-such-proxy", "--db-user", "app")
    assert_one_line_error(code, out, err, "'no-such-proxy'", "not found in us-east-1")


def test_live_lookup_without_a_region_exits_2(capsys, monkeypatch, tmp_path):
    for key in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # never reached: no region, no call
    code, out, err = run(capsys, "--proxy-name", "app", "--db-user", "app")
    assert_one_line_error(code, out, err, "no AWS region", "--region", "AWS_DEFAULT_REGION")


def test_the_tools_read_the_modules_rules():
    """The patterns of user names and ARNs are the module's own (modules/aws_rules.json, shipped in the package)."""
    rules = json.loads((REPO_ROOT / "modules" / "aws_rules.json").read_text())
    assert pi.DB_USER_RE.pattern == rules["db_user"]["POSTGRESQL"]
    assert pi.SECRET_ARN_RE.pattern == rules["arn"]["secret"]
    assert pi.KMS_KEY_ARN_RE.pattern == rules["arn"]["kms_key"]


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:rds!cluster-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-AbCdEf",
        f"arn:aws-us-gov:secretsmanager:us-gov-west-1:{ACCOUNT}:secret:team/app_db+1=x.y@z-AbCdEf",
        # Names that end like a suffix themselves, with the suffix Secrets Manager adds.
        f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:orders-db-Xy12Zq",
        f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:team/app-secret-AbC123",
        # A name whose own end looks like a suffix cannot be told from a full ARN by its form: taken, as Secrets
        # Manager itself takes it for a full ARN (API reference, SecretId).
        f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:team/app-secret",
    ],
)
def test_secret_arns_of_every_form_aws_names_are_taken(arn):
    assert pi.SECRET_ARN_RE.fullmatch(arn)


@pytest.mark.parametrize("user", ["app\n", "app-user", "app.user", "a" * 64, "1app"])
def test_user_names_the_module_refuses_are_refused(user):
    inputs = pi.PolicyInputs(region="us-east-1", account_id=ACCOUNT, proxy_resource_id=PRX, db_users=(user,))
    with pytest.raises(pi.InputError, match="is not a valid user name"):
        rp.render_all(["rds-connect"], inputs)
