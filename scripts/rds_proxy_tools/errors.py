"""The one error root of the tools: everything they raise for the user derives from ToolError, whose message is the
one line the console scripts print before they exit with status 2 (rds_proxy_tools.cli)."""


class ToolError(Exception):
    """A tool cannot do what it was asked; the message says what and, where it can, what to do."""


class InputError(ToolError):
    """A missing or invalid input; the message names it."""
