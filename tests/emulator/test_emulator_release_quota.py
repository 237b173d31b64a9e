"""The IAM quotas of the emulator (harness.emulator.moto_iam_quotas) refuse release 0.4.0 at issue 22's fixture:
200 existing secrets under four customer keys. 0.4.0's proxy_role part names every secret ARN in one inline policy
of the proxy's role, about 16,000 characters, over IAM's 10,240 for a role's inline policies: the apply fails with
IAM's error, as it would on AWS. The part alone is applied (seconds), not the whole module (a VPC, a database, a
proxy and a function), whose apply reaches the same PutRolePolicy."""

from __future__ import annotations

from harness.emulator import seed
from harness.terraform import releases, tfrun

# The commit release 0.4.0 was made from: CHANGELOG.md names none for the newest release; this is the last commit
# whose [Unreleased] section was still empty.
RELEASE_0_4_0 = "dbc39f2"
SECRETS = 200
KEYS = 4


def test_release_0_4_0_is_refused_by_iam_at_200_secrets(aws_env, tmp_path):
    arns, keys = seed.seed_secrets(aws_env, SECRETS, KEYS)
    tree = releases.export_tree(RELEASE_0_4_0, tmp_path / "v0.4.0")
    config = tree / "fixture"  # beside the parts: a relative source is used in place, not copied
    config.mkdir()
    inputs = {"name": "svc", "secret_arns": arns, "kms_key_arns": keys}
    blocks = [
        tfrun.REQUIRES_AWS,
        'provider "aws" {}\n',
        tfrun.module_block("proxy_role", "../modules/proxy_role", inputs),
    ]
    (config / "main.tf").write_text("\n".join(blocks))
    applied = tfrun.Workspace(config, aws_env).run("apply", "-auto-approve", "-no-color")
    errors = tfrun.one_line(applied.stderr)
    assert applied.returncode == 1, applied.stdout[-2000:]
    assert "module.proxy_role.aws_iam_role_policy.secrets[0]" in errors, errors
    assert "LimitExceeded: Maximum policy size of 10240 bytes exceeded for role svc-proxy-" in errors, errors
    assert "StatusCode: 409" in errors, errors
