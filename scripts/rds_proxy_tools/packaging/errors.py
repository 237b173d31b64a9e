"""The packager's error."""

from rds_proxy_tools.errors import ToolError


class PackageError(ToolError):
    """Bad input or a failed step; the message is the one-line reason shown to the user."""
