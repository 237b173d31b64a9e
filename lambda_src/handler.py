"""Placeholder handler; replaced by the real DB app (issue 4)."""

import json
import os


def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"db_host": os.environ.get("DB_HOST")})}
