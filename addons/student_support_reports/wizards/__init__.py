from . import student_report_consolidate
