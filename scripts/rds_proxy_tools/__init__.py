"""rds-proxy-lambda tools: render the IAM policies (rds-proxy-policies) and package Lambda code (rds-proxy-package)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rds-proxy-lambda")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
