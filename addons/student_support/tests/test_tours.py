from odoo.tests import tagged

from .common import StudentSupportTourCase


@tagged("post_install", "-at_install")
class TestClassTeacherTour(StudentSupportTourCase):
    """The class teacher's journey in the browser."""

    def test_class_teacher_sees_masked_id_numbers_only(self):
        """A class teacher's student list and form show the own class with masked ID numbers, never a full one."""
        self.tour("student_support_class_teacher_tour", self.users["a", "class_teacher"])


@tagged("post_install", "-at_install")
class TestCountyFirstLogin(StudentSupportTourCase):
    """A county officer's web client opens on the county and its schools, without the company switcher."""

    def open_web_client(self, user, cids=None):
        self.authenticate(user.login, user.login)
        if cids:
            self.opener.cookies.set("cids", cids)
        response = self.url_open("/odoo")
        response.raise_for_status()
        return response.cookies.get("cids")

    def test_county_officer_starts_on_county_and_schools(self):
        """With no choice made yet, the county bureau and the officer's schools of the county become active."""
        expected = "-".join(map(str, [self.county.id, *sorted((self.school_a | self.school_b).ids)]))
        self.assertEqual(self.open_web_client(self.county_officer), expected)

    def test_switcher_choice_and_school_users_are_left_alone(self):
        """A choice made in the company switcher stays; a school user starts on the own school as Odoo does."""
        self.assertIsNone(self.open_web_client(self.county_officer, cids=str(self.county.id)))
        self.assertIsNone(self.open_web_client(self.users["a", "caseworker"]))
