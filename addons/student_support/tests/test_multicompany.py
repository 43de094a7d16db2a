from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ROLE_GROUPS, StudentSupportCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(StudentSupportCommon):
    def test_school_roles_never_reach_another_school(self):
        """No role of school A reads, searches, counts or exports a student of school B."""
        for role in ROLE_GROUPS:
            user = self.users["a", role]
            with self.subTest(role=role):
                Student = self.env["student.student"].with_user(user)
                self.assertNotIn(self.student_b1, self.visible_students(user))
                self.assertEqual(Student.search_count([("company_id", "=", self.school_b.id)]), 0)
                self.assertFalse(Student.search([("name", "=", self.student_b1.name)]))
                with self.assertRaises(AccessError):
                    self.student_b1.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.student_b1.with_user(user).export_data(["name"])
                grouped = Student.formatted_read_group([], ["company_id"], ["__count"])
                self.assertNotIn(self.school_b.id, [g["company_id"][0] for g in grouped if g["company_id"]])

    def test_school_roles_cannot_write_into_another_school(self):
        """A caseworker of school A cannot create a student in school B."""
        with self.assertRaises(AccessError):
            self.env["student.student"].with_user(self.users["a", "caseworker"]).create(
                {"name": "越权", "company_id": self.school_b.id}
            )

    def test_reach_of_each_role_within_the_school(self):
        """Class teachers see their classes, mentors their mentees, staff the whole school."""
        expected = {
            "class_teacher": self.student_a1,
            "mentor": self.student_a2,
            "caseworker": self.student_a1 | self.student_a2,
            "school_admin": self.student_a1 | self.student_a2,
            "counsellor": self.student_a1 | self.student_a2,
        }
        for role, students in expected.items():
            with self.subTest(role=role):
                self.assertEqual(self.visible_students(self.users["a", role]), students)
        with self.assertRaises(AccessError):
            self.student_a2.with_user(self.users["a", "class_teacher"]).read(["name"])

    def test_county_officer_reads_only_own_county(self):
        """The county officer reads every school of the county, no school of another county, and writes nothing."""
        officer = self.county_officer
        self.assertEqual(self.visible_students(officer), self.student_a1 | self.student_a2 | self.student_b1)
        Student = self.env["student.student"].with_user(officer)
        self.assertEqual(Student.search_count([("company_id", "=", self.school_c.id)]), 0)
        with self.assertRaises(AccessError):
            self.student_c1.with_user(officer).read(["name"])
        with self.assertRaises(AccessError):
            self.student_a1.with_user(officer).write({"name": "改名"})
        rows = Student.browse(self.student_a1.ids).export_data(["name", "company_id"])["datas"]
        self.assertEqual(rows, [["王小明", "School A"]])

    def test_classes_and_guardians_are_per_school(self):
        """Classes and guardians of school B stay out of reach of school A."""
        guardian_b = self.env["student.guardian"].create(
            {"student_id": self.student_b1.id, "name": "张父", "phone": "13800000000", "relation": "father"}
        )
        self.assertEqual(guardian_b.company_id, self.school_b)
        caseworker_a = self.users["a", "caseworker"]
        self.assertFalse(self.env["student.class"].with_user(caseworker_a).search([("id", "=", self.class_b1.id)]))
        self.assertFalse(self.env["student.guardian"].with_user(caseworker_a).search([("id", "=", guardian_b.id)]))
