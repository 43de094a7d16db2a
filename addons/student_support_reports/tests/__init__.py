from . import test_growth_archive
