from . import test_growth_archive
from . import test_official_reports
from . import test_workbook_privacy
from . import test_records_audit
from . import test_report_privacy
from . import test_county_landing
from . import test_tours
from . import test_case_review_report
