output "alarm_arns" {
  description = "ARNs of the alarms, by name (empty when create_alarms is false)"
  value = merge(
    { for key, alarm in aws_cloudwatch_metric_alarm.this : alarm.alarm_name => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.database_connections : alarm.alarm_name => alarm.arn },
  )
}

output "dashboard_name" {
  description = "Name of the dashboard (null when create_dashboard is false)"
  value       = try(aws_cloudwatch_dashboard.this[0].dashboard_name, null)
}

output "dashboard_arn" {
  description = "ARN of the dashboard (null when create_dashboard is false)"
  value       = try(aws_cloudwatch_dashboard.this[0].dashboard_arn, null)
}
