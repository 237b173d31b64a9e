"""One AWS provider process per Terraform environment, which every Terraform command of the tests attaches to.

Terraform starts the AWS provider anew for each walk of each command (three times for a plan), about 1.3 s of CPU
each start here (a plan of one queue: 4.0 s of CPU, 2.2 s attached). The tests run about 120 commands: attached,
`make test` took a fifth less CPU time. A provider started with `-debug` serves until it is stopped and prints the
TF_REATTACH_PROVIDERS value under which Terraform uses it instead of starting its own (Terraform's "Debugging
providers" page: https://developer.hashicorp.com/terraform/plugin/debugging). The tests turn this on
(tests/conftest.py); the demo and the benchmarks run Terraform as users do.

The provider reads its credentials and endpoints from its own environment when Terraform configures it, not from
Terraform's, so there is one process per environment (one per emulator), the two used last kept alive. It serves
one configuration at a time: a configuration with provider aliases (several configurations in one command) starts
its own providers as usual. Terraform does not install a provider it attaches to: tests/terraform/static runs
`init` as users do, which installs the provider the examples' constraints admit.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import subprocess
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

from harness import processes
from harness.terraform import tfenv

ENABLED = False
KEEP = 2
# The provider, configured again in the same process, refuses a CA bundle it has already added (AWS provider 5.100:
# "unable to add custom RootCAs HTTPClient"); the emulator answers plain HTTP, so no bundle is needed.
LEFT_OUT = ("AWS_CA_BUNDLE",)
ALIAS = re.compile(r'provider\s+"aws"\s*\{[^}]*\balias\s*=', re.S)
REATTACH = re.compile(r"TF_REATTACH_PROVIDERS='([^']+)'")


class Server:
    def __init__(self, binary: Path, env: dict[str, str], timeout_s: float = 60.0):
        handle, name = tempfile.mkstemp(prefix="terraform-provider-aws-", suffix=".log")
        self.log = Path(name)
        provider_env = {key: value for key, value in env.items() if key not in LEFT_OUT}
        try:
            self.process = subprocess.Popen(
                [str(binary), "-debug"], stdout=handle, stderr=subprocess.STDOUT, env=provider_env
            )
        finally:
            os.close(handle)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = REATTACH.search(self.log.read_text(errors="replace"))
            if found:
                self.reattach = json.dumps(json.loads(found.group(1)))
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        printed = self.log.read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"{binary} -debug printed no TF_REATTACH_PROVIDERS within {timeout_s:.0f} s:\n{printed}")

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        processes.stop(self.process)
        self.log.unlink(missing_ok=True)


_servers: OrderedDict[str, Server] = OrderedDict()


@functools.cache
def provider_binary() -> Path | None:
    """The AWS provider of the local mirror Terraform installs from (tfenv), the newest if it holds several; looked
    up once per process."""
    mirror = tfenv.find_mirror()
    if mirror is None:
        return None
    found = sorted((mirror / tfenv.PROVIDER).glob("*/*/terraform-provider-aws_*"), key=lambda p: p.parent.parent.name)
    return found[-1] if found else None


def reattach_env(tfdir: Path, env: dict[str, str]) -> dict[str, str]:
    """{"TF_REATTACH_PROVIDERS": ...} of a provider serving this environment, or {} where Terraform should start its
    own (not enabled, no mirror, provider aliases in the configuration)."""
    if not ENABLED or any(ALIAS.search(path.read_text()) for path in Path(tfdir).glob("*.tf")):
        return {}
    binary = provider_binary()
    if binary is None:
        return {}
    key = json.dumps(sorted(env.items()))
    server = _servers.pop(key, None)
    if server is None or not server.alive():
        server = Server(binary, env)
    _servers[key] = server
    while len(_servers) > KEEP:
        _servers.popitem(last=False)[1].stop()
    return {"TF_REATTACH_PROVIDERS": server.reattach}


@atexit.register
def stop_all() -> None:
    while _servers:
        _servers.popitem()[1].stop()
