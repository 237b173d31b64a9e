output "arn" {
  description = "ARN of this layer version (what a function's `layers` takes)"
  value       = aws_lambda_layer_version.this.arn
}

output "layer_arn" {
  description = "ARN of the layer without its version"
  value       = aws_lambda_layer_version.this.layer_arn
}

output "version" {
  description = "Version number of the layer"
  value       = aws_lambda_layer_version.this.version
}
