"""Imported by every Python process the suite starts while HONGDUN_SUITE_CLOCK is in force
(tests/suite_clock.py): the program's clock moves by the same offset as the test process's."""
import os
import sys

if os.environ.get("HONGDUN_SUITE_CLOCK_OFFSET"):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    from tests.suite_clock import apply

    apply()
