"""The IAM evaluator under its 0.4.0 name: the same public names as `rds_proxy_tools.iam`, where it now lives."""

from rds_proxy_tools.iam import *  # noqa: F403
from rds_proxy_tools.iam import __all__  # noqa: F401
