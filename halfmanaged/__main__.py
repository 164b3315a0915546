"""``python -m halfmanaged``: the same as the ``halfmanaged`` command."""

import sys

from halfmanaged.cli import main

if __name__ == "__main__":
    sys.exit(main())
