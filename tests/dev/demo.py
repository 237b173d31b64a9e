"""`make demo`: apply the whole stack on the local AWS emulator, show what a user needs, check it with
rds-proxy-doctor, tear it down.

No AWS account is used: a moto server on 127.0.0.1 stands in for AWS. The emulator is seeded
with what a team that adds RDS Proxy usually already has (VPC, subnets, a MySQL instance),
then examples/existing-database is applied, checked by the doctor while it is re-planned (the
re-plan must show no change), and destroyed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tftest

from harness import emulator
from harness.emulator import doctor, seed
from harness.terraform import tfrun

EXAMPLE = "existing-database"


def show(outputs: dict) -> None:
    print("\nWhat the stack gives you:")
    for key in ("proxy_endpoint", "proxy_port", "proxy_resource_id", "secret_arn", "lambda_function_name"):
        print(f"  {key:22} {outputs[key]}")
    print("\n  rds-db:connect policy attached to the function (note the prx- resource id, not the name):")
    print("    " + json.dumps(json.loads(outputs["rds_connect_policy_json"]), indent=2).replace("\n", "\n    "))


def run(lambda_zip: Path, workdir: Path) -> dict[str, float]:
    timings: dict[str, float] = {}
    began = time.monotonic()
    with emulator.start(workdir / "moto") as server:
        print(f"emulator: moto server on {server.endpoint} (started in {server.started_s:.1f} s)")
        tf_vars = {**seed.seed_database(server.env(), engine_family="MYSQL"), "lambda_zip_path": str(lambda_zip)}
        print(
            f"seeded: {tf_vars['vpc_id']}, subnets {', '.join(tf_vars['subnet_ids'])}, "
            f"MySQL instance {tf_vars['db_instance_identifier']}"
        )
        workspace = tfrun.Workspace(
            tfrun.copy_repo(workdir / "repo") / "examples" / EXAMPLE, {**emulator.scrubbed_environ(), **server.env()}
        )

        step = time.monotonic()
        workspace.init()
        workspace.apply(tf_vars)
        timings["apply"] = time.monotonic() - step
        # Read from the state file: `terraform show -json` and `terraform output -json` would each start Terraform.
        state = json.loads((workspace.tfdir / "terraform.tfstate").read_text())
        resources = sum(len(r["instances"]) for r in state["resources"] if r["mode"] == "managed")
        outputs = {name: output["value"] for name, output in state["outputs"].items()}
        print(f"applied examples/{EXAMPLE}: {resources} resources in {timings['apply']:.1f} s")
        show(outputs)

        # The doctor reads the stack while Terraform re-plans it (both only read).
        with ThreadPoolExecutor(1) as pool:
            step = time.monotonic()
            replan = pool.submit(workspace.plan, tf_vars)
            proxy_name = outputs["proxy_endpoint"].split(".", 1)[0]
            command = ["--proxy-name", proxy_name, "--read-secrets"]
            checked = doctor.run(server.env(), *command)
            print(f"\n$ rds-proxy-doctor {' '.join(command)}   # ({time.monotonic() - step:.1f} s)")
            print("  " + checked.stdout.rstrip("\n").replace("\n", "\n  ") + checked.stderr)
            if checked.code != 0:
                raise SystemExit(f"demo: rds-proxy-doctor found a failure (exit {checked.code})")
            changes = tfrun.changes(replan.result())
        real = [c["address"] for c in changes if not emulator.is_known_gap(c)]
        print(
            f"\nre-plan ({time.monotonic() - step:.1f} s): {len(real)} change(s)"
            f" besides {len(changes) - len(real)} known emulator gap(s) (tests/harness/emulator/__init__.py)"
        )
        if real:
            raise SystemExit(f"demo: the re-plan is not empty: {', '.join(real)}")

        step = time.monotonic()
        workspace.destroy(tf_vars, refresh=False)  # the re-plan has just read every resource back, unchanged
        timings["destroy"] = time.monotonic() - step
        print(f"destroyed in {timings['destroy']:.1f} s")
    timings["total"] = time.monotonic() - began
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Apply the module on a local AWS emulator and destroy it again.")
    parser.add_argument("--lambda-zip", type=Path, default=Path(".build/lambda.zip"), help="Lambda package to deploy")
    args = parser.parse_args(argv)
    if not args.lambda_zip.is_file():
        print(f"demo: no Lambda package at {args.lambda_zip}; build it with `make lambda-zip`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rds-proxy-demo-") as workdir:
        try:
            timings = run(args.lambda_zip.resolve(), Path(workdir))
        except tftest.TerraformTestError as failed:
            print(f"demo: terraform failed:\n{failed.cmd_error}", file=sys.stderr)
            return 1
    print(f"\ndemo finished in {timings['total']:.1f} s; emulator stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
