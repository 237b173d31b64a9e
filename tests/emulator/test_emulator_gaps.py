"""The residual-diff filter accepts exactly the emulator's known gaps and nothing more."""

from harness.emulator import is_known_gap

RULE = "aws_vpc_security_group_ingress_rule"
GROUP = {"referenced_security_group_id": "sg-0123", "from_port": 3306, "to_port": 3306}


def change(kind, before, after, actions=("update",)):
    return {"type": kind, "change": {"actions": list(actions), "before": before, "after": after}}


def test_rule_description_read_back_empty_is_a_known_gap():
    assert is_known_gap(change(RULE, {**GROUP, "description": None}, {**GROUP, "description": "proxy in"}))


def test_rule_gap_does_not_hide_other_attributes_or_cidr_rules_or_replacements():
    assert not is_known_gap(
        change(RULE, {**GROUP, "description": None, "to_port": 3307}, {**GROUP, "description": "proxy in"})
    )
    cidr = {"referenced_security_group_id": None, "cidr_ipv4": "10.0.0.0/24"}
    assert not is_known_gap(change(RULE, {**cidr, "description": None}, {**cidr, "description": "db"}))
    assert not is_known_gap(
        change(RULE, {**GROUP, "description": None}, {**GROUP, "description": "x"}, actions=("delete", "create"))
    )
    assert not is_known_gap(change(RULE, {**GROUP, "description": "old"}, {**GROUP, "description": "new"}))


def test_empty_cluster_scaling_block_is_a_known_gap_and_nothing_else_is():
    empty = [{"auto_pause": None, "max_capacity": None, "min_capacity": None}]
    filled = [{"auto_pause": True, "max_capacity": 16, "min_capacity": 1}]
    assert is_known_gap(change("aws_rds_cluster", {"scaling_configuration": empty}, {"scaling_configuration": filled}))
    assert not is_known_gap(
        change(
            "aws_rds_cluster",
            {"scaling_configuration": filled},
            {"scaling_configuration": [{**filled[0], "max_capacity": 8}]},
        )
    )
    assert not is_known_gap(
        change(
            "aws_rds_cluster",
            {"scaling_configuration": empty, "port": 5432},
            {"scaling_configuration": filled, "port": 5433},
        )
    )


def test_function_logging_config_read_back_empty_is_a_known_gap_and_nothing_else_is():
    wanted = [
        {
            "log_format": "JSON",
            "log_group": "/aws/lambda/f",
            "application_log_level": "INFO",
            "system_log_level": "WARN",
        }
    ]
    fn = "aws_lambda_function"
    assert is_known_gap(change(fn, {"logging_config": []}, {"logging_config": wanted}))
    assert not is_known_gap(change(fn, {"logging_config": [], "timeout": 3}, {"logging_config": wanted, "timeout": 30}))
    text = [{**wanted[0], "log_format": "Text"}]
    assert not is_known_gap(change(fn, {"logging_config": text}, {"logging_config": wanted}))
