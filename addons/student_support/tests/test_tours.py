from odoo.tests import tagged

from .common import StudentSupportTourCase


@tagged("post_install", "-at_install")
class TestClassTeacherTour(StudentSupportTourCase):
    """The class teacher's journey in the browser."""

    def test_class_teacher_sees_masked_id_numbers_only(self):
        """A class teacher's student list and form show the own class with masked ID numbers, never a full one."""
        self.tour("student_support_class_teacher_tour", self.users["a", "class_teacher"])
