from . import student_workflow_decision
from . import student_aid_grant_batch
from . import student_screening_return
