"""rds-proxy-package: a deterministic Lambda zip of a function folder (any Lambda runtime) or of the rds_connect layer.

archive (zip entries, modes, fingerprint), tree (reading a folder, its links), rules (what is left out), runtimes
(which folder serves which runtime), python_deps (pip), node_deps (npm, native add-ons), cache (installed
dependency trees), build (the two builds) and cli (the command line)."""
