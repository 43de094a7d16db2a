from . import student_workflow_decision
