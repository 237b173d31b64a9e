"""What AWS accepts, as the Terraform module checks it at plan: the module's modules/aws_rules.json, shipped in this
package, so that the tools and the module accept the same ARNs and names."""

from __future__ import annotations

import json
from importlib import resources

RULES = json.loads(resources.files(__package__).joinpath("aws_rules.json").read_text())
