"""lambda_src/README.md's rds_connect example runs as written against the real PostgreSQL server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.lambda_db

README = Path(__file__).resolve().parents[2] / "lambda_src" / "README.md"


def readme_example() -> str:
    section = README.read_text().split("## The connection module: `rds_connect`", 1)[1]
    return re.search(r"```python\n(.*?)```", section, flags=re.DOTALL).group(1)


@pytest.mark.parametrize("server", ["postgresql"], indirect=True)
def test_readme_example_answers_rows_then_a_clear_503(server, lambda_env):
    server.admin("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text)", database="app")
    server.admin("INSERT INTO items VALUES (1, 'first') ON CONFLICT DO NOTHING", database="app")
    server.admin("GRANT SELECT ON items TO app_user", database="app")
    lambda_env(server.lambda_env())
    namespace: dict = {}
    exec(compile(readme_example(), str(README), "exec"), namespace)
    handler = namespace["lambda_handler"]
    try:
        assert handler({"id": 1}, None) == {"statusCode": 200, "body": [{"id": 1, "name": "first"}]}
        server.stop()
        response = handler({"id": 1}, None)
        assert response["statusCode"] == 503 and "Connection refused" in response["body"]
    finally:
        if not server.running:
            server.start()
        if namespace["db"] is not None:
            namespace["db"].close()
