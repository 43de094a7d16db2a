import datetime

from stdnum.cn import ric

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

ROLE_GROUPS = {
    "class_teacher": "student_support.group_class_teacher",
    "mentor": "student_support.group_mentor",
    "caseworker": "student_support.group_caseworker",
    "school_admin": "student_support.group_school_admin",
    "counsellor": "student_support.group_counsellor",
}


def make_national_id(birth, order=101, region="320831"):
    """A well-formed national ID number (valid check digit) for tests."""
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


class StudentSupportCommon(TransactionCase):
    """Two schools under one county, a third school in another county, a user
    for every role in schools A and B, a county officer, and students."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.county = Company.create({"name": "Test County Bureau", "org_type": "county_bureau"})
        cls.school_a = Company.create(
            {"name": "School A", "parent_id": cls.county.id, "school_stage": "primary", "school_code": "T0000001"}
        )
        cls.school_b = Company.create(
            {"name": "School B", "parent_id": cls.county.id, "school_stage": "junior_secondary"}
        )
        cls.other_county = Company.create({"name": "Other County Bureau", "org_type": "county_bureau"})
        cls.school_c = Company.create({"name": "School C", "parent_id": cls.other_county.id})

        cls.users = {}
        for key, school in (("a", cls.school_a), ("b", cls.school_b)):
            for role, group in ROLE_GROUPS.items():
                cls.users[key, role] = new_test_user(
                    cls.env,
                    login=f"test_{role}_{key}",
                    groups=group,
                    company_id=school.id,
                    company_ids=[Command.set(school.ids)],
                )
        cls.county_officer = new_test_user(
            cls.env,
            login="test_county_officer",
            groups="student_support.group_county_officer",
            company_id=cls.county.id,
            company_ids=[Command.set((cls.county | cls.school_a | cls.school_b).ids)],
        )

        Class = cls.env["student.class"]
        cls.class_a1 = Class.create(
            {"name": "1班", "grade": "三年级", "company_id": cls.school_a.id,
             "teacher_id": cls.users["a", "class_teacher"].id}
        )
        cls.class_a2 = Class.create({"name": "2班", "grade": "三年级", "company_id": cls.school_a.id})
        cls.class_b1 = Class.create(
            {"name": "1班", "grade": "七年级", "company_id": cls.school_b.id,
             "teacher_id": cls.users["b", "class_teacher"].id}
        )

        Student = cls.env["student.student"]
        cls.student_a1 = Student.create(
            {"name": "王小明", "company_id": cls.school_a.id, "class_id": cls.class_a1.id,
             "national_id": make_national_id(datetime.date(2016, 3, 9), 101)}
        )
        cls.student_a2 = Student.create(
            {"name": "李小红", "company_id": cls.school_a.id, "class_id": cls.class_a2.id,
             "mentor_id": cls.users["a", "mentor"].id,
             "national_id": make_national_id(datetime.date(2016, 5, 1), 102)}
        )
        cls.student_b1 = Student.create(
            {"name": "张伟", "company_id": cls.school_b.id, "class_id": cls.class_b1.id,
             "national_id": make_national_id(datetime.date(2012, 7, 21), 103)}
        )
        cls.student_c1 = Student.create(
            {"name": "赵静", "company_id": cls.school_c.id,
             "national_id": make_national_id(datetime.date(2010, 1, 2), 104)}
        )
        cls.students = cls.student_a1 | cls.student_a2 | cls.student_b1 | cls.student_c1

    def visible_students(self, user):
        """The test students ``user`` finds by searching, after a fresh read of the database."""
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["student.student"].with_user(user).search([("id", "in", self.students.ids)])
