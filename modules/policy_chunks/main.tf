# Splits a grant of exact ARNs into one inline policy and as many managed policies as its size needs, every
# policy within IAM's quotas. The sizes are bounds: each ARN counts as long as the longest, plus its two quotes
# and comma; jsonencode writes no whitespace, which IAM does not count either.
locals {
  items = flatten([for index, statement in var.statements : [for arn in statement.resources : { statement = index, arn = arn }]])

  # The policy with every statement and no resource: what each policy spends besides its ARNs.
  overhead = length(jsonencode({
    Version   = "2012-10-17"
    Statement = [for s in var.statements : merge({ Sid = s.sid, Effect = "Allow", Action = s.action, Resource = [] }, { for k, v in { Condition = s.condition } : k => v if v != null })]
  }))
  # While the grant fits inline with every ARN as long as AWS allows, it is one inline policy whatever the plan
  # knows of the ARNs (they may come from resources of the same apply); past that, the longest ARN, which must
  # then be known at plan, sizes the split.
  fits_anyway   = local.overhead + (var.resource_count_max != null ? var.resource_count_max : length(local.items)) * (var.arn_length_limit + 3) <= var.inline_budget
  per_item      = local.fits_anyway ? 1 : var.arn_max_length + 3
  fits_inline   = local.fits_anyway ? true : local.overhead + length(local.items) * local.per_item <= var.inline_budget
  inline_items  = local.fits_inline ? length(local.items) : max(0, floor((var.inline_budget - local.overhead) / local.per_item))
  managed_items = max(1, floor((local.rules.iam_quotas.managed_policy - local.overhead) / local.per_item))
  managed_count = local.fits_inline ? 0 : ceil((length(local.items) - local.inline_items) / local.managed_items)

  # The inline policy's chunk, then each managed policy's: a list as long as known at plan, whatever the ARNs.
  chunks = [for i in range(1 + local.managed_count) : local.fits_inline ? local.items : slice(
    local.items,
    i == 0 ? 0 : local.inline_items + (i - 1) * local.managed_items,
    i == 0 ? local.inline_items : min(length(local.items), local.inline_items + i * local.managed_items),
  )]

  # Each chunk's policy: the statements, each with the chunk's resources of it; one left without any is left out.
  policies = [for chunk in local.chunks : jsonencode({
    Version = "2012-10-17"
    Statement = [for index, s in var.statements : merge(
      { Sid = s.sid, Effect = "Allow", Action = s.action, Resource = [for item in chunk : item.arn if item.statement == index] },
      { for k, v in { Condition = s.condition } : k => v if v != null },
    ) if anytrue([for item in chunk : item.statement == index])]
  })]
}
