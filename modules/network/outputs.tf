output "proxy_security_group_id" {
  description = "Security group of the proxy; clients need an ingress rule into it (modules/lambda adds one)"
  value       = aws_security_group.proxy.id
}
