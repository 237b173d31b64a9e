"""The Terraform driver (tftest on throwaway copies), the CLI config, the module's inputs read from HCL, the
rules they are held to, provider schemas and earlier releases."""
