import sys

from rds_proxy_tools.doctor.cli import main

sys.exit(main())
