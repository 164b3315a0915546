"""Suite-wide Hypothesis settings."""

from hypothesis import settings

# Machines here are shared and noisy, and a calendar's first question builds its tables: a
# per-example deadline would only make the suite flaky. Speed is measured in benchmarks/.
settings.register_profile("halfmanaged", deadline=None, print_blob=True)
settings.load_profile("halfmanaged")
