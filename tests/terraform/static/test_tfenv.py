"""The generated Terraform CLI config: local mirror when there is one, public registry otherwise."""

from pathlib import Path

from harness.terraform import tfenv


def make_mirror(root: Path) -> Path:
    (root / tfenv.PROVIDER / "5.100.0" / "linux_amd64").mkdir(parents=True)
    return root


def test_mirror_from_environment_wins(tmp_path):
    mirror = make_mirror(tmp_path / "mirror")
    assert tfenv.find_mirror({"TF_PROVIDER_MIRROR": str(mirror)}) == mirror.resolve()


def test_named_mirror_without_the_provider_is_not_used(tmp_path):
    assert tfenv.find_mirror({"TF_PROVIDER_MIRROR": str(tmp_path)}) is None


def test_config_installs_aws_from_the_mirror_and_the_rest_directly(tmp_path):
    mirror = make_mirror(tmp_path / "mirror")
    env = tfenv.terraform_env(
        tmp_path / "rc", {"TF_PROVIDER_MIRROR": str(mirror), "TF_PLUGIN_CACHE_DIR": str(tmp_path / "c")}
    )
    text = Path(env["TF_CLI_CONFIG_FILE"]).read_text()
    assert f'path    = "{mirror.resolve()}"' in text
    assert 'include = ["registry.terraform.io/hashicorp/aws"]' in text
    assert 'exclude = ["registry.terraform.io/hashicorp/aws"]' in text
    assert "plugin_cache_dir" not in text


def test_without_a_mirror_the_registry_is_used_with_a_plugin_cache(tmp_path):
    env = tfenv.terraform_env(
        tmp_path / "rc", {"TF_PROVIDER_MIRROR": str(tmp_path / "none"), "TF_PLUGIN_CACHE_DIR": str(tmp_path / "cache")}
    )
    assert Path(env["TF_CLI_CONFIG_FILE"]).read_text() == f'plugin_cache_dir = "{(tmp_path / "cache").resolve()}"\n'


def test_caller_config_overrides_generation(tmp_path):
    own = tmp_path / "my.tfrc"
    assert tfenv.terraform_env(tmp_path / "rc", {"RDSPL_TF_CLI_CONFIG": str(own)}) == {"TF_CLI_CONFIG_FILE": str(own)}
    assert not (tmp_path / "rc").exists()
