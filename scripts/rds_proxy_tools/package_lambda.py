"""The console script rds-proxy-package (pyproject.toml: rds_proxy_tools.package_lambda:main) and the names callers
imported from this module before the packager became the package rds_proxy_tools.packaging.

    rds-proxy-package --source lambda_src --out .build/lambda.zip
"""

from __future__ import annotations

import sys

from rds_proxy_tools.packaging.cli import main
from rds_proxy_tools.packaging.errors import PackageError
from rds_proxy_tools.packaging.python_deps import deps_key, pip_command, requirement_lines

__all__ = ["PackageError", "deps_key", "main", "pip_command", "requirement_lines"]

if __name__ == "__main__":
    sys.exit(main())
