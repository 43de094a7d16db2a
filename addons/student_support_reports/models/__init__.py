from . import report_figures
from . import student_report_period
from . import report_xlsx
from . import student_report_template
from . import res_company
from . import student_screening
from . import res_users
from . import student_case
