"""The doctor's access to AWS: boto3 clients of one session in the SDK's standard retry mode, paging, and each
error translated.

Only Describe/Get/List calls (and GetMetricData); READ_ACTIONS lists them as the IAM actions the doctor's caller
needs. A missing resource is NotFound (the gathering keeps it as "not found" for the checks to judge); a call the
caller may not make, missing credentials or an unreachable endpoint is a DoctorError, which the CLI prints as one
line with exit status 2.
"""

from __future__ import annotations

from typing import Any

from rds_proxy_tools.arns import partition_of_region
from rds_proxy_tools.errors import ToolError

# The IAM actions of the calls below, for the docs' read-only policy: (action, when it is needed).
READ_ACTIONS: tuple[tuple[str, str], ...] = (
    ("rds:DescribeDBProxies", "always"),
    ("rds:DescribeDBProxyTargetGroups", "always"),
    ("rds:DescribeDBProxyTargets", "always"),
    ("rds:DescribeDBProxyEndpoints", "always"),
    ("rds:DescribeDBInstances", "always"),
    ("rds:DescribeDBClusters", "an Aurora cluster target"),
    ("rds:DescribeDBSubnetGroups", "an Aurora cluster target"),
    ("ec2:DescribeSubnets", "always"),
    ("ec2:DescribeSecurityGroups", "always"),
    ("iam:GetRole", "always"),
    ("iam:ListRolePolicies", "always"),
    ("iam:GetRolePolicy", "always"),
    ("iam:ListAttachedRolePolicies", "always"),
    ("iam:GetPolicy", "always"),
    ("iam:GetPolicyVersion", "always"),
    ("secretsmanager:DescribeSecret", "always"),
    ("secretsmanager:GetResourcePolicy", "always"),
    ("kms:DescribeKey", "always"),
    ("kms:GetKeyPolicy", "secrets under a customer managed key"),
    ("lambda:ListFunctions", "without --function-name"),
    ("lambda:GetFunctionConfiguration", "with --function-name"),
    ("secretsmanager:GetSecretValue", "--read-secrets"),
    ("kms:Decrypt", "--read-secrets, secrets under a customer managed key"),
    ("cloudwatch:GetMetricData", "--metrics"),
    ("iam:SimulatePrincipalPolicy", "--simulate"),
)

# Error codes that mean the caller's credentials, not the resource, are the problem.
_DENIED = {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
}


class DoctorError(ToolError):
    """The doctor cannot run (bad input, credentials, no such proxy, a call the caller may not make); the message is
    the one line shown to the user."""


class NotFound(ToolError):
    """The resource a call names does not exist (the checks report it)."""


MAX_ATTEMPTS = 5  # a call and 4 retries, waiting at most 1 + 2 + 4 + 8 s (the standard mode's backoff)
NO_REGION = "no AWS region: pass --region or set AWS_DEFAULT_REGION (or a profile's region)"


class Reader:
    """boto3 clients of one session, each call translated: DoctorError for what stops the doctor, NotFound for a
    missing resource."""

    NOT_FOUND = {
        "DBProxyNotFoundFault",
        "DBInstanceNotFound",
        "DBInstanceNotFoundFault",
        "DBClusterNotFoundFault",
        "DBSubnetGroupNotFoundFault",
        "NoSuchEntity",
        "NoSuchEntityException",
        "ResourceNotFoundException",
        "NotFoundException",
    }

    def __init__(self, session: Any) -> None:
        self.session = session
        self.region = session.region_name
        if not self.region:
            raise DoctorError(NO_REGION)
        partition_of_region(self.region)
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.session.client(service, config=self.retries())
        return self._clients[service]

    def retries(self) -> Any:
        """The SDK's standard retry mode (adaptive if the caller's configuration asks for it), never botocore's
        legacy default: a throttled or failed call is tried again after a random, growing wait, up to
        MAX_ATTEMPTS calls in all unless the caller's configuration (AWS_MAX_ATTEMPTS, max_attempts) says."""
        from botocore.config import Config

        configured = self.session._session.get_config_variable
        retries: dict[str, Any] = {"mode": "adaptive" if configured("retry_mode") == "adaptive" else "standard"}
        if configured("max_attempts") is None:
            retries["total_max_attempts"] = MAX_ATTEMPTS
        return Config(retries=retries)

    def call(self, service: str, method: str, **params: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError
        from botocore.parsers import ResponseParserError

        client = self.client(service)
        action = f"{service}:{client.meta.method_to_api_mapping.get(method, method)}"
        try:
            return getattr(client, method)(**params)
        except NoCredentialsError as error:
            raise DoctorError("no AWS credentials: configure a profile (--profile, AWS_PROFILE) or keys") from error
        except NoRegionError as error:
            raise DoctorError(NO_REGION) from error
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            reason = " ".join(str(error.response.get("Error", {}).get("Message", "")).split())
            if code in self.NOT_FOUND:
                raise NotFound(reason) from error
            if code in _DENIED:
                raise DoctorError(
                    f"the caller may not call {action} ({code}): give it the doctor's read-only policy "
                    "(scripts/README.md)"
                ) from error
            if code in _BAD_CREDENTIALS:
                raise DoctorError(f"AWS refused the credentials for {action} ({code}): {reason}") from error
            raise DoctorError(f"{action} failed ({code}): {reason}") from error
        except ResponseParserError as error:
            raise DoctorError(
                f"{action} failed: the endpoint {client.meta.endpoint_url} did not answer as AWS does (is the region "
                f"{self.region} right?)"
            ) from error
        except BotoCoreError as error:
            raise DoctorError(f"{action} failed: {' '.join(str(error).split()[:20])}") from error

    def pages(self, service: str, method: str, key: str, **params: Any) -> list[Any]:
        """Every item under `key` of every page (Marker / NextToken paging as the operation has it)."""
        items: list[Any] = []
        token_in, token_out = _paging(self.client(service), method)
        while True:
            page = self.call(service, method, **params)
            items += page.get(key, [])
            token = page.get(token_out)
            if not token:
                return items
            params[token_in] = token


def _paging(client: Any, method: str) -> tuple[str, str]:
    """(request member, response member) of an operation's paging token."""
    operation = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[method])
    members = operation.input_shape.members
    for name in ("Marker", "NextToken"):
        if name in members:
            return name, ("NextMarker" if "NextMarker" in operation.output_shape.members else name)
    return "Marker", "Marker"
