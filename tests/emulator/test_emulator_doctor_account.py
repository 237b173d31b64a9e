"""rds-proxy-doctor across an account on the emulator, paged and throttled as AWS pages and throttles: functions
over several ListFunctions pages, every proxy of the region in one run (--all-proxies), throttled calls retried in
the SDK's standard mode, and a call that stays throttled named with exit status 2."""

from __future__ import annotations

import json

import pytest

from harness.emulator import client, doctor, seed
from harness.emulator.moto_throttle import throttle, throttles_left

# orders' functions fill the first ListFunctions pages (50 a page); billing's one is alone on the third.
ORDERS_FUNCTIONS, EVERY = 120, 40


@pytest.fixture(scope="module")
def env(emulator) -> dict[str, str]:
    env = emulator.env()
    seed.seed_proxy(env, "orders")
    seed.seed_functions(env, "orders", ORDERS_FUNCTIONS, every=EVERY)
    seed.seed_proxy(env, "billing", engine_family="POSTGRESQL")
    seed.seed_functions(env, "billing", 1)
    return env


def functions_found(findings: list[dict]) -> list[str]:
    return [f["resource"].rsplit(":", 1)[1] for f in findings if f["check"] == "function.found"]


def run_counted(env: dict[str, str], *args: str, max_attempts: int | None = None) -> tuple[doctor.Run, dict]:
    """The doctor's run and its API calls by "service:Operation"; `max_attempts` as AWS_MAX_ATTEMPTS would set it."""
    session = doctor.session(env)
    if max_attempts is not None:
        session._session.set_config_variable("max_attempts", max_attempts)
    calls = doctor.counted(session)
    return doctor.run(env, *args, aws_session=session), calls


def test_functions_are_found_on_every_page(env):
    orders, calls = run_counted(env, "--proxy-name", "orders", "--json")
    assert orders.code == 0, orders.failures()
    assert functions_found(orders.findings) == ["orders-fn-0000", "orders-fn-0040", "orders-fn-0080"]
    assert calls["lambda:ListFunctions"] == 3  # 121 functions, 50 a page
    billing = doctor.run(env, "--proxy-name", "billing", "--json")
    assert billing.code == 0, billing.failures()
    assert functions_found(billing.findings) == ["billing-fn-0000"]


def test_every_proxy_in_one_run_with_the_functions_listed_once(env):
    run, calls = run_counted(env, "--all-proxies")
    assert run.code == 0, run.stdout + run.stderr
    headers = [line for line in run.stdout.splitlines() if line.startswith("rds-proxy-doctor: ")]
    assert [h.split()[2] for h in headers[:-1]] == ["orders", "billing"]
    assert headers[-1] == "rds-proxy-doctor: 2 proxies in us-east-1: 0 failing"
    assert calls["lambda:ListFunctions"] == 3 and calls["rds:DescribeDBProxies"] == 1
    assert calls["iam:GetRole"] == 4  # each proxy's role and each function role, once
    single = doctor.run(env, "--proxy-name", "billing")
    assert single.stdout in run.stdout  # billing's report as its own run gives it


def test_a_failing_proxy_fails_the_run_and_is_named(env):
    rds = client(env, "rds")
    rds.modify_db_proxy(DBProxyName="billing", RequireTLS=False)
    try:
        text = doctor.run(env, "--all-proxies")
        as_json = doctor.run(env, "--all-proxies", "--json")
        single = doctor.run(env, "--proxy-name", "billing", "--json")
    finally:
        rds.modify_db_proxy(DBProxyName="billing", RequireTLS=True)
    assert text.code == as_json.code == 1
    assert text.stdout.splitlines()[-1] == "rds-proxy-doctor: 2 proxies in us-east-1: 1 failing (billing)"
    reports = json.loads(as_json.stdout)
    assert [(r["proxy"], list(r)) for r in reports] == [
        ("orders", ["proxy", "findings"]),
        ("billing", ["proxy", "findings"]),
    ]
    assert reports[1]["findings"] == single.findings  # each as the single-proxy JSON
    assert single.failed() == {"proxy.tls"}


def test_throttled_calls_are_retried_and_the_report_comes_out_whole(emulator, env):
    whole = doctor.run(env, "--proxy-name", "orders", "--json")
    throttle(emulator.endpoint, "lambda", "ListFunctions", 2, "TooManyRequestsException")
    throttle(emulator.endpoint, "rds", "DescribeDBProxies", 1, "Throttling")
    throttled, calls = run_counted(env, "--proxy-name", "orders", "--json", max_attempts=3)
    assert throttles_left(emulator.endpoint) == {"lambda:ListFunctions": 0, "rds:DescribeDBProxies": 0}
    assert (throttled.code, throttled.stdout, throttled.stderr) == (whole.code, whole.stdout, "")
    assert calls["lambda:ListFunctions"] == 3  # the retries are the SDK's, inside each call


def test_a_call_throttled_past_its_retries_exits_2_naming_it(emulator, env):
    throttle(emulator.endpoint, "rds", "DescribeDBProxies", 2, "Throttling")
    run, _ = run_counted(env, "--all-proxies", max_attempts=2)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "rds-proxy-doctor: error: rds:DescribeDBProxies failed (Throttling): Rate exceeded\n"
