"""Suite-wide Hypothesis settings."""

import os

from hypothesis import settings

# Machines here are shared and noisy, and a calendar's first question builds its tables: a
# per-example deadline would only make the suite flaky. Speed is measured in benchmarks/.
settings.register_profile("halfmanaged", deadline=None, print_blob=True)
# CI replays the same examples every run, so a red build is reproducible and never a fluke of
# one draw; local runs keep exploring new ones.
settings.register_profile("ci", parent=settings.get_profile("halfmanaged"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "halfmanaged")
