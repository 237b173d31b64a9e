"""Requests and results of the harness's moto extensions, checked against botocore's service model.

A request is refused (an InvalidParameterValue client error) when its raw query holds a parameter the
input shape does not, or a value that does not read back the same once parsed; or when the parsed
parameters miss a required member, have a wrong type, break a length, range, enum or pattern
constraint. A result that does not fit the output shape is a bug in the extension: ResponseShapeError.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Any

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator
from moto.core.common_types import TYPE_RESPONSE
from moto.core.exceptions import ServiceException
from moto.core.parse import XFormedDict
from moto.core.responses import ActionContext, ActionResult, BaseResponse
from moto.core.utils import get_service_model

# Query-protocol parameters that name the operation rather than belong to its input shape.
_PROTOCOL_KEYS = frozenset({"Action", "Version"})
# Set on a response object when moto's parser could not read the request (e.g. "abc" for an integer).
PARSE_ERROR = "_harness_parse_error"


class InvalidRequest(ServiceException):
    """The request does not fit the operation's input shape."""

    code = "InvalidParameterValue"


class ResponseShapeError(AssertionError):
    """A result built by an extension does not fit the operation's output shape."""


def operation_model(service: str, operation: str) -> OperationModel:
    return get_service_model(service).operation_model(operation)


def plain(value: Any) -> Any:
    """`value` with moto's XFormedDicts turned into dicts with the model's member names, and None members dropped
    (moto's serializer leaves those out)."""
    if isinstance(value, XFormedDict):
        value = value.original_dict()
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _constraint_errors(value: Any, shape: Shape, name: str) -> list[str]:
    """Model constraints ParamValidator leaves out: maximum length or value, enum, pattern. Names as
    ParamValidator's: "DBProxy.Auth[0].AuthScheme"."""
    errors = []
    if isinstance(shape, StructureShape) and isinstance(value, Mapping):
        for key in [key for key in value if key in shape.members]:
            errors += _constraint_errors(value[key], shape.members[key], f"{name}.{key}".lstrip("."))
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            errors += _constraint_errors(item, shape.member, f"{name}[{index}]")
    elif isinstance(shape, MapShape) and isinstance(value, Mapping):
        for key, item in value.items():
            errors += _constraint_errors(item, shape.value, f"{name}.{key}".lstrip("."))
    kind = {"string": str, "list": list, "integer": int, "long": int}.get(shape.type_name)
    measurable = kind is not None and isinstance(value, kind) and not isinstance(value, bool)
    if measurable and (value if kind is int else len(value)) > shape.metadata.get("max", math.inf):
        errors.append(f"Invalid value for parameter {name}, value: {value}, valid max: {shape.metadata['max']}")
    if shape.type_name == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            errors.append(f"Invalid value for parameter {name}, value: {value}, valid values: {', '.join(shape.enum)}")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            errors.append(f"Invalid value for parameter {name}, value: {value}, valid pattern: {pattern}")
    return errors


def shape_errors(value: Mapping[str, Any], shape: StructureShape) -> list[str]:
    """Everything in `value` that does not fit `shape` (none: it fits)."""
    report = ParamValidator().validate(value, shape)
    errors = report.generate_report().splitlines() if report.has_errors() else []
    return errors + _constraint_errors(value, shape, "")


def _raw_query_errors(operation: OperationModel, params: Mapping[str, Any], raw: Mapping[str, Any]) -> list[str]:
    """Raw query parameters that are not in the input shape, or whose value the parsed parameters do not give back."""
    serializer = create_serializer("query", include_validation=False)
    expected = {key: str(value) for key, value in serializer.serialize_to_request(params, operation)["body"].items()}
    errors = []
    for key, value in raw.items():
        value = value[0] if isinstance(value, list) else value
        if key in _PROTOCOL_KEYS:
            continue
        if key not in expected:
            errors.append(f'Unknown parameter in input: "{key}"')
        elif expected[key] != value:
            errors.append(f"Invalid value for parameter {key}: {value!r}")
    return errors


def check_request(
    operation: OperationModel, params: Mapping[str, Any], raw: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The parsed parameters as a plain dict, if they (and the raw query they came from) fit the input shape;
    else InvalidRequest."""
    params = plain(params)
    errors = shape_errors(params, operation.input_shape)
    if raw is not None and not errors:
        errors = _raw_query_errors(operation, params, raw)
    if errors:
        raise InvalidRequest(f"{operation.name}: " + "; ".join(errors))
    return params


def request_params(response: BaseResponse, operation: str) -> dict[str, Any]:
    """The checked parameters of the request `response` (a moto response object set up for it) handles."""
    model = get_service_model(response.boto3_service_name).operation_model(operation)
    if getattr(response, PARSE_ERROR, None):
        raise InvalidRequest(f"{operation}: {getattr(response, PARSE_ERROR)}")
    return check_request(model, response.params, response.querystring)


def check_result(operation: OperationModel, result: Any) -> Any:
    """`result` unchanged if it fits the output shape; else ResponseShapeError."""
    errors = shape_errors(plain(result), operation.output_shape)
    if errors:
        raise ResponseShapeError(f"{operation.name} result does not fit {operation.output_shape.name}: {errors}")
    return result


class CheckedResult(ActionResult):
    """An ActionResult checked against the operation's output shape just before moto serialises it."""

    def execute_result(self, context: ActionContext) -> TYPE_RESPONSE:
        check_result(context.operation_model, self.result)
        return super().execute_result(context)


def guard_parsing(response_class: type[BaseResponse], operations: Collection[str]) -> None:
    """Let a request of `operations` that moto's parser cannot read (e.g. "abc" for an integer) reach its
    handler, whose request_params() refuses it, instead of failing in moto with a server error."""
    parse = response_class.parse_parameters

    def parse_parameters(self: BaseResponse, request: Any) -> None:
        try:
            parse(self, request)
        except ValueError as error:
            if self._get_action() not in operations:
                raise
            self.params = {}
            setattr(self, PARSE_ERROR, str(error))

    response_class.parse_parameters = parse_parameters  # type: ignore[method-assign]
