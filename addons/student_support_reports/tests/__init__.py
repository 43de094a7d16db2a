from . import test_growth_archive
from . import test_official_reports
from . import test_tours
