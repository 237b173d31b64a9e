"""Terraform environment: point Terraform at a local provider mirror when one exists.

The machine may hold the AWS provider in a filesystem mirror and have no registry
access. We generate a CLI config that installs hashicorp/aws from that mirror and
everything else directly; with no mirror found we leave Terraform alone, so the
public registry is used as usual.

Mirror lookup order: $TF_PROVIDER_MIRROR, then the known locations below.
$RDSPL_TF_CLI_CONFIG names an existing CLI config to use instead of generating one.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from rds_proxy_tools.atomic import write_text_atomic

KNOWN_MIRRORS = ("/opt/tf-plugins", "/usr/share/terraform/plugins", "~/.terraform.d/plugins")
PROVIDER = "registry.terraform.io/hashicorp/aws"
DEFAULT_CONFIG = Path(".build/terraformrc")
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "rds-proxy-lambda" / "plugins"


def find_mirror(environ: dict[str, str] | None = None) -> Path | None:
    """Return the first mirror directory that holds the AWS provider, or None."""
    environ = os.environ if environ is None else environ
    candidates = [environ["TF_PROVIDER_MIRROR"]] if environ.get("TF_PROVIDER_MIRROR") else list(KNOWN_MIRRORS)
    for candidate in candidates:
        path = Path(candidate).expanduser()
        if (path / PROVIDER).is_dir():
            return path.resolve()
    return None


def render_cli_config(mirror: Path | None, cache_dir: Path) -> str:
    """CLI config text: mirror-first installation when a mirror exists, else a plugin cache.

    Terraform symlinks providers from an unpacked mirror, so no cache is needed then; a
    shared plugin cache is also unsafe for concurrent `terraform init` runs.
    """
    if mirror is None:
        return f'plugin_cache_dir = "{cache_dir}"\n'
    return (
        "\n".join(
            [
                "provider_installation {",
                "  filesystem_mirror {",
                f'    path    = "{mirror}"',
                f'    include = ["{PROVIDER}"]',
                "  }",
                "  direct {",
                f'    exclude = ["{PROVIDER}"]',
                "  }",
                "}",
            ]
        )
        + "\n"
    )


def terraform_env(config_path: Path = DEFAULT_CONFIG, environ: dict[str, str] | None = None) -> dict[str, str]:
    """Write the CLI config (if needed) and return the variables Terraform should run with."""
    environ = os.environ if environ is None else environ
    if environ.get("RDSPL_TF_CLI_CONFIG"):
        return {"TF_CLI_CONFIG_FILE": str(Path(environ["RDSPL_TF_CLI_CONFIG"]).expanduser().resolve())}
    cache_dir = Path(environ.get("TF_PLUGIN_CACHE_DIR") or DEFAULT_CACHE).expanduser().resolve()
    cache_dir.mkdir(parents=True, exist_ok=True)
    config_path = config_path.resolve()
    config_path.parent.mkdir(parents=True, exist_ok=True)
    text = render_cli_config(find_mirror(environ), cache_dir)
    if not config_path.exists() or config_path.read_text() != text:
        write_text_atomic(config_path, text)
    return {"TF_CLI_CONFIG_FILE": str(config_path), "CHECKPOINT_DISABLE": "1"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the Terraform CLI config and print shell exports for it.")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="where to write the CLI config")
    args = parser.parse_args(argv)
    for key, value in terraform_env(args.config).items():
        print(f"export {key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
