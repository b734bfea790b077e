import sys

from mlearn.cli import main

sys.exit(main())
