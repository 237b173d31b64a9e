################################################################################
# Lambda layer: rds_connect and its drivers under python/ (rds-proxy-package --layer)
################################################################################

resource "aws_lambda_layer_version" "this" {
  layer_name               = var.name
  description              = "rds_connect: IAM token, verified TLS and one kept connection to RDS Proxy, with its drivers"
  filename                 = var.zip_path
  source_code_hash         = filebase64sha256(var.zip_path)
  compatible_runtimes      = var.compatible_runtimes
  compatible_architectures = var.compatible_architectures
}
