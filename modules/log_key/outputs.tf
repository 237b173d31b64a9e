output "key_arn" {
  description = "ARN of the key, for the log groups' kms_key_id"
  value       = aws_kms_key.this.arn
}
