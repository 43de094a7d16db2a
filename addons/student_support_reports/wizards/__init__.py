from . import student_report_consolidate
from . import student_report_return
