"""The packaged zip, not the source tree, answers against the real servers: its own drivers and
CA bundle are enough, with nothing from the test virtualenv on the path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

# Run as a file inside the unpacked zip, so that its folder is the first import path, as /var/task is.
INVOKE = """
import json
import handler, pymysql, pg8000
response = handler.lambda_handler({"query": "current_user"}, None)
print(json.dumps({"response": response, "drivers": [pymysql.__file__, pg8000.__file__]}))
"""


def test_packaged_function_answers_from_its_zip_alone(lambda_zip, server, tmp_path):
    with zipfile.ZipFile(lambda_zip) as archive:
        archive.extractall(tmp_path / "task")
    env = {"PATH": os.environ["PATH"], **server.lambda_env()}
    (tmp_path / "task" / "invoke_once.py").write_text(INVOKE)
    # -E -s -S: no PYTHON* variables, no site-packages: only the script's folder, the zip's files.
    result = subprocess.run(
        [sys.executable, "-E", "-s", "-S", str(tmp_path / "task" / "invoke_once.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    output = json.loads(result.stdout.splitlines()[-1])
    assert output["response"]["statusCode"] == 200, output
    assert json.loads(output["response"]["body"])["rows"][0]["db_user"].startswith("app_user")
    assert all(path.startswith(str(tmp_path / "task")) for path in output["drivers"])
