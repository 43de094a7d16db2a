from . import res_company
from . import student_hardship_category
from . import student_class
from . import student_guardian
from . import student_student
