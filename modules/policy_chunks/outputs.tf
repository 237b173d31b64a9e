output "inline_policy_json" {
  description = "The role's inline policy: the whole grant while it fits the inline budget, else its first ARNs"
  value       = local.policies[0]
}

output "managed_policy_jsons" {
  description = "The managed policies for the rest of the grant, each within 6,144 characters (their number is known at plan)"
  value       = slice(local.policies, 1, length(local.policies))
}
