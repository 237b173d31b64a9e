data "aws_region" "current" {}

locals {
  thresholds     = var.alarm_thresholds
  proxy          = { ProxyName = var.proxy_name }
  watch_function = var.function_name != null

  # One alarm per metric: what it watches, when it fires, and what the operator does about it.
  metric_alarms = merge(
    {
      pinned-sessions = {
        metric      = "DatabaseConnectionsCurrentlySessionPinned", namespace = "AWS/RDS", statistic = "Sum"
        dimensions  = local.proxy, threshold = local.thresholds.pinned_connections
        comparison  = "GreaterThanThreshold", periods = local.thresholds.evaluation_periods, missing = "notBreaching"
        description = "Sessions pinned to one database connection, so the proxy cannot share it. Look for SET statements, named prepared statements, temporary tables, locks or user variables in the clients; consider session_pinning_filters = [\"EXCLUDE_VARIABLE_SETS\"] (MySQL)."
      }
      borrow-latency = {
        metric      = "DatabaseConnectionsBorrowLatency", namespace = "AWS/RDS", statistic = "Average"
        dimensions  = local.proxy, threshold = local.thresholds.borrow_latency_ms * 1000
        comparison  = "GreaterThanThreshold", periods = local.thresholds.evaluation_periods, missing = "notBreaching"
        description = "Clients wait for a free database connection (microseconds). The pool is exhausted: check pinned sessions and long transactions, raise max_connections_percent or the database's max_connections, or cap the function's concurrency."
      }
      failed-auth = {
        metric      = "ClientConnectionsSetupFailedAuth", namespace = "AWS/RDS", statistic = "Sum"
        dimensions  = local.proxy, threshold = local.thresholds.failed_auth_connections
        comparison  = "GreaterThanThreshold", periods = 1, missing = "notBreaching"
        description = "Clients failed to log in to the proxy: an IAM token refused (the role lacks rds-db:connect on the proxy's prx- resource id and this user, or the token expired) or a client without TLS. Read the proxy's log group and the function's logs."
      }
    },
    { for role in var.target_roles : "availability-${lower(replace(role, "_", "-"))}" => {
      metric      = "AvailabilityPercentage", namespace = "AWS/RDS", statistic = "Average"
      dimensions  = merge(local.proxy, { TargetGroup = "default", TargetRole = role }), threshold = local.thresholds.availability_pct
      comparison  = "LessThanThreshold", periods = local.thresholds.evaluation_periods, missing = "missing"
      description = "The proxy's ${role} targets failed its health checks. Check the database (status, failover, max_connections), the proxy's secret (the password the proxy reads must match the database user's) and the security group rules from the proxy to the database. No data until the first connection."
    } },
    local.watch_function ? {
      function-errors = {
        metric      = "Errors", namespace = "AWS/Lambda", statistic = "Sum"
        dimensions  = { FunctionName = var.function_name }, threshold = local.thresholds.function_errors
        comparison  = "GreaterThanThreshold", periods = 1, missing = "notBreaching"
        description = "The function ${coalesce(var.function_name, "-")} failed. Its log group has one JSON line per invocation with the status and error; a 503 means the proxy or the database could not be reached."
      }
      function-throttles = {
        metric      = "Throttles", namespace = "AWS/Lambda", statistic = "Sum"
        dimensions  = { FunctionName = var.function_name }, threshold = local.thresholds.function_throttles
        comparison  = "GreaterThanThreshold", periods = 1, missing = "notBreaching"
        description = "The function ${coalesce(var.function_name, "-")} was throttled: its reserved concurrency (which also caps its connections to the proxy) is reached. Raise lambda_reserved_concurrent_executions if the database can take the connections."
      }
    } : {},
  )
}

################################################################################
# Alarms
################################################################################

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = var.create_alarms ? local.metric_alarms : {}

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = local.thresholds.period_seconds
  evaluation_periods  = each.value.periods
  datapoints_to_alarm = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

# Database connections as a share of what the proxy may open (metric math).
resource "aws_cloudwatch_metric_alarm" "database_connections" {
  count = var.create_alarms ? 1 : 0

  alarm_name          = "${var.name}-database-connections"
  alarm_description   = "The proxy uses more than ${local.thresholds.database_connections_pct} % of the database connections it may open (MaxDatabaseConnectionsAllowed). Clients will soon wait to borrow one: check pinned sessions and long transactions, or raise max_connections_percent or the database's max_connections."
  evaluation_periods  = local.thresholds.evaluation_periods
  datapoints_to_alarm = local.thresholds.evaluation_periods
  threshold           = local.thresholds.database_connections_pct
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "used_pct"
    expression  = "100 * connections / allowed"
    label       = "Database connections (% of allowed)"
    return_data = true
  }

  metric_query {
    id = "connections"
    metric {
      namespace   = "AWS/RDS"
      metric_name = "DatabaseConnections"
      dimensions  = local.proxy
      stat        = "Sum"
      period      = local.thresholds.period_seconds
    }
  }

  metric_query {
    id = "allowed"
    metric {
      namespace   = "AWS/RDS"
      metric_name = "MaxDatabaseConnectionsAllowed"
      dimensions  = local.proxy
      stat        = "Sum"
      period      = local.thresholds.period_seconds
    }
  }

  tags = var.tags
}

################################################################################
# Dashboard: what an operator looks at first
################################################################################

locals {
  proxy_metric = ["ProxyName", var.proxy_name]
  widgets = concat(
    [
      { title = "Client and database connections", stat = "Sum", metrics = [
        ["AWS/RDS", "ClientConnections", local.proxy_metric[0], local.proxy_metric[1]],
        ["AWS/RDS", "DatabaseConnections", local.proxy_metric[0], local.proxy_metric[1]],
        ["AWS/RDS", "MaxDatabaseConnectionsAllowed", local.proxy_metric[0], local.proxy_metric[1]],
      ] },
      { title = "Pinned sessions", stat = "Sum", metrics = [
        ["AWS/RDS", "DatabaseConnectionsCurrentlySessionPinned", local.proxy_metric[0], local.proxy_metric[1]],
      ] },
      { title = "Borrow latency (microseconds)", stat = "Average", metrics = [
        ["AWS/RDS", "DatabaseConnectionsBorrowLatency", local.proxy_metric[0], local.proxy_metric[1]],
      ] },
      { title = "Query latency (microseconds)", stat = "Average", metrics = [
        ["AWS/RDS", "QueryDatabaseResponseLatency", local.proxy_metric[0], local.proxy_metric[1]],
      ] },
    ],
    local.watch_function ? [
      { title = "Function invocations and errors", stat = "Sum", metrics = [
        ["AWS/Lambda", "Invocations", "FunctionName", var.function_name],
        ["AWS/Lambda", "Errors", "FunctionName", var.function_name],
        ["AWS/Lambda", "Throttles", "FunctionName", var.function_name],
      ] },
      { title = "Function duration (ms)", stat = "Average", metrics = [
        ["AWS/Lambda", "Duration", "FunctionName", var.function_name],
      ] },
    ] : [],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  count = var.create_dashboard ? 1 : 0

  dashboard_name = "${var.name}-rds-proxy"
  dashboard_body = jsonencode({
    widgets = [for i, widget in local.widgets : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = floor(i / 2) * 6
      width  = 12
      height = 6
      properties = {
        title   = widget.title
        region  = data.aws_region.current.id
        stat    = widget.stat
        period  = local.thresholds.period_seconds
        view    = "timeSeries"
        metrics = widget.metrics
      }
    }]
  })
}
