import base64
import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ROLE_GROUPS, StudentSupportCommon, web_spec

SCHOOL_A_ROLES = (*ROLE_GROUPS, "county_officer")


class SideDoorsCommon(StudentSupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caseworker = cls.users["a", "caseworker"]
        cls.screening = cls.env["student.screening"].with_user(cls.caseworker).create(
            {"company_id": cls.school_a.id, "school_year": "2026-2027", "term": "autumn"})
        cls.own_line = cls.env["student.screening.line"].with_user(cls.caseworker).create(
            {"screening_id": cls.screening.id, "student_id": cls.student_a1.id, "finding": "identified_unaided"})
        cls.batch = cls.env["student.entitlement.batch"].with_user(cls.caseworker).create(
            {"file": base64.b64encode(b"x"), "filename": "list.csv", "school_year": "2026-2027"})

    def user(self, role):
        return self.county_officer if role == "county_officer" else self.users["a", role]


@tagged("post_install", "-at_install")
class TestLinesStayInTheSchool(SideDoorsCommon):
    """A line takes its school from its parent and may name none of another school's students."""

    def assert_refused_without_names(self, role, create):
        """``create`` is refused for ``role``: by the company check for who may create, else by the access rights;
        the refusal names nothing of school B's student."""
        may_create = role in ("caseworker", "school_admin")
        with self.assertRaises(UserError if may_create else AccessError) as caught:
            create()
        if may_create:
            self.assertNotIsInstance(caught.exception, AccessError)
        message = str(caught.exception)
        for secret in (self.student_b1.name, self.student_b1.national_id_masked, self.school_b.name):
            self.assertNotIn(secret, message)

    def test_screening_line_for_another_schools_student_is_refused(self):
        """No role of school A adds a finding on school B's student to its screening, directly or through it."""
        Line = self.env["student.screening.line"]
        values = {"screening_id": self.screening.id, "student_id": self.student_b1.id, "finding": "identified_unaided"}
        for role in SCHOOL_A_ROLES:
            user = self.user(role)
            with self.subTest(role=role):
                self.assert_refused_without_names(role, lambda user=user: Line.with_user(user).create(values))
        with self.assertRaises(UserError):
            self.screening.with_user(self.caseworker).write({"line_ids": [Command.create(
                {"student_id": self.student_b1.id, "finding": "identified_unaided"})]})
        with self.assertRaises(UserError):
            self.own_line.with_user(self.caseworker).student_id = self.student_b1
        self.env.invalidate_all()
        self.assertEqual(Line.search_count([("student_id", "=", self.student_b1.id)]), 0)
        rows = self.screening.with_user(self.caseworker).web_read(
            {"line_ids": {"fields": web_spec(Line, ["student_id", "class_id", "national_id_masked",
                                                    "hardship_category_ids"])}})[0]["line_ids"]
        self.assertEqual([row["student_id"]["display_name"] for row in rows], ["王小明"])
        self.assertEqual([row["national_id_masked"] for row in rows], [self.student_a1.national_id_masked])

    def test_screening_with_findings_keeps_its_school(self):
        """A screening listing students cannot move to another school (its findings would follow it)."""
        both = self.env["res.users"].browse(self.caseworker.id)
        both.company_ids = [Command.link(self.school_b.id)]
        with self.assertRaises(ValidationError):
            self.screening.with_user(both).company_id = self.school_b
        self.assertEqual(self.own_line.company_id, self.school_a)

    def test_entitlement_line_for_another_schools_student_is_refused(self):
        """No role of school A adds a row naming school B's student to its auto-entitlement list."""
        Line = self.env["student.entitlement.line"]
        values = {"batch_id": self.batch.id, "row": 2, "student_id": self.student_b1.id, "state": "updated"}
        for role in SCHOOL_A_ROLES:
            user = self.user(role)
            with self.subTest(role=role):
                self.assert_refused_without_names(role, lambda user=user: Line.with_user(user).create(values))
        # among other rows, as an import creates them
        self.assert_refused_without_names("caseworker", lambda: Line.with_user(self.caseworker).create(
            [{**values, "row": 3, "student_id": self.student_a1.id}, values]))
        self.assertEqual(Line.search_count([("student_id", "=", self.student_b1.id)]), 0)

    def test_import_matches_the_lists_school_only(self):
        """A caseworker of both schools importing school A's list: school B's student is not matched nor linked."""
        both = self.env["res.users"].browse(self.caseworker.id)
        both.company_ids = [Command.link(self.school_b.id)]
        rows = f"身份证号码,困难类型\n{self.student_a1.national_id},orphan\n{self.student_b1.national_id},orphan\n"
        batch = self.env["student.entitlement.batch"].with_user(both).create(
            {"company_id": self.school_a.id, "file": base64.b64encode(rows.encode()), "filename": "list.csv",
             "school_year": "2026-2027"})
        batch.action_import()
        self.assertEqual([(line.row, line.state, line.student_id.name or "") for line in batch.line_ids],
                         [(2, "updated", "王小明"), (3, "unmatched", "")])
        self.assertEqual(batch.line_ids[1].message, "no student of this school has this ID")

    def test_grant_batch_for_another_schools_student_is_refused(self):
        """School A's grants wizard refuses school B's student: to a caseworker of A (naming nothing of the
        student) and, by the company check, to a caseworker of both schools."""
        programme = self.env["student.aid.programme"].create(
            {"name": "助学金", "funding_source": "national", "amount_mode": "fixed", "amount_fixed": 500,
             "period": "term"})
        values = {"company_id": self.school_a.id, "programme_id": programme.id,
                  "student_ids": [Command.set(self.student_b1.ids)]}
        with self.assertRaises(UserError) as caught:
            self.env["student.aid.grant.batch"].with_user(self.caseworker).create(values)
        self.assertNotIn(self.student_b1.name, str(caught.exception))
        both = self.env["res.users"].browse(self.caseworker.id)
        both.company_ids = [Command.link(self.school_b.id)]
        with self.assertRaises(UserError) as caught:
            self.env["student.aid.grant.batch"].with_user(both).create(values)
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertIn("company", str(caught.exception))
        self.assertEqual(self.env["student.aid.grant"].search_count([("student_id", "=", self.student_b1.id)]), 0)


@tagged("post_install", "-at_install")
class TestDerivedFieldsProtected(SideDoorsCommon):
    """The score explanation and the birth date are as protected as what they are made of."""

    def test_score_detail_is_the_caseworkers(self):
        """The score explanation spells out the income: caseworkers read it; class teacher and mentor do not."""
        Identification = self.env["student.identification"].with_user(self.caseworker)
        records = {  # the class teacher reviews a1's identification, the mentor follows a2's
            "class_teacher": Identification.create({"student_id": self.student_a1.id, "school_year": "2026-2027",
                                                    "income_per_head": 321.0, "dependants": 3}),
            "mentor": Identification.create({"student_id": self.student_a2.id, "school_year": "2026-2027",
                                             "income_per_head": 321.0, "dependants": 3}),
        }
        self.env.flush_all()
        for role in ("caseworker", "school_admin"):
            with self.subTest(role=role):
                self.env.invalidate_all()
                read = records["mentor"].with_user(self.users["a", role]).read(["score_detail"])
                self.assertIn("× 3", read[0]["score_detail"])
        for role, record in records.items():
            Reader = self.env["student.identification"].with_user(self.users["a", role])
            with self.subTest(role=role):
                self.env.invalidate_all()
                self.assertEqual(Reader.browse(record.id).read(["score"])[0]["score"], record.score)
                with self.assertRaises(AccessError):
                    Reader.browse(record.id).read(["score_detail"])
                with self.assertRaises(AccessError):
                    Reader.browse(record.id).web_read({"score_detail": {}})
                self.assertNotIn("score_detail", Reader.fields_get())
                arch = Reader.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertNotIn('name="score_detail"', arch)
            self.assert_form_opens(record, [self.users["a", role]])

    def test_birth_date_is_the_caseworkers_others_read_the_age(self):
        """Class teacher, mentor, counsellor and county read the age, never the birth date; caseworkers read both."""
        today = datetime.date.today()
        expected_age = today.year - 2016 - ((today.month, today.day) < (3, 9))
        for role in ("class_teacher", "mentor", "counsellor", "county_officer"):
            student = (self.student_a2 if role == "mentor" else self.student_a1)
            user = self.user(role)
            Student = self.env["student.student"].with_user(user)
            with self.subTest(role=role):
                self.env.invalidate_all()
                self.assertEqual(Student.browse(student.id).read(["age"])[0]["age"],
                                 expected_age if student == self.student_a1 else student.age)
                with self.assertRaises(AccessError):
                    Student.browse(student.id).read(["birth_date"])
                with self.assertRaises(AccessError):
                    Student.search([("birth_date", "=", student.birth_date)])
                with self.assertRaises(AccessError):
                    Student.browse(student.id).export_data(["name", "birth_date"])
                arch = Student.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertNotIn('name="birth_date"', arch)
                self.assertIn('name="age"', arch)
        self.assert_form_opens(self.student_a1, [self.users["a", "class_teacher"], self.county_officer])
        for role in ("caseworker", "school_admin"):
            Student = self.env["student.student"].with_user(self.users["a", role])
            with self.subTest(role=role):
                self.assertEqual(Student.browse(self.student_a1.id).read(["birth_date"])[0]["birth_date"],
                                 datetime.date(2016, 3, 9))
                self.assertEqual(Student.search([("birth_date", "=", "2016-03-09")]), self.student_a1)

    def test_class_teacher_records_consent_of_an_under_14(self):
        """The consent rule reads the birth date for the class teacher: consent recorded, then withdrawal refused."""
        teacher = self.student_a1.with_user(self.users["a", "class_teacher"])
        with self.assertRaises(ValidationError):
            teacher.write({"guardian_consent": True})  # no date
        teacher.write({"guardian_consent": True, "guardian_consent_date": datetime.date.today()})
        self.student_a1.with_user(self.users["a", "counsellor"]).write({"mental_health_note": "需要关注"})
        with self.assertRaises(ValidationError) as caught:
            teacher.write({"guardian_consent": False})
        self.assertIn("王小明", str(caught.exception))
        self.assertTrue(self.student_a1.guardian_consent)


@tagged("post_install", "-at_install")
class TestGuardiansNeedToKnow(SideDoorsCommon):
    """A guardian's name and phone reach the student's own school staff who need them, nobody else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Guardian = cls.env["student.guardian"]
        cls.guardian_a1 = Guardian.create(
            {"student_id": cls.student_a1.id, "name": "王建国", "phone": "13912345601", "relation": "father"})
        cls.guardian_a2 = Guardian.create(
            {"student_id": cls.student_a2.id, "name": "李秀英", "phone": "13912345602", "relation": "mother"})

    def test_staff_who_need_them_read_the_guardians(self):
        """Class teacher and mentor read their students' guardians; caseworker, admin and counsellor the school's."""
        reach = {
            "class_teacher": ["王建国"],
            "mentor": ["李秀英"],
            "caseworker": ["王建国", "李秀英"],
            "school_admin": ["王建国", "李秀英"],
            "counsellor": ["王建国", "李秀英"],
        }
        for role, names in reach.items():
            Guardian = self.env["student.guardian"].with_user(self.users["a", role])
            with self.subTest(role=role):
                self.env.invalidate_all()
                found = Guardian.search([("id", "in", (self.guardian_a1 | self.guardian_a2).ids)], order="id")
                self.assertEqual([row["name"] for row in found.read(["name", "phone"])], names)
        teacher = self.student_a1.with_user(self.users["a", "class_teacher"])
        self.assertEqual(teacher.guardian_ids.mapped("phone"), ["13912345601"])

    def test_county_other_school_and_other_class_get_nothing(self):
        """The county officer, every role of school B and a class teacher of another class read no guardian."""
        guardians = self.guardian_a1 | self.guardian_a2
        outsiders = [(self.users["b", role], guardians) for role in ROLE_GROUPS]
        outsiders.append((self.users["a", "class_teacher"], self.guardian_a2))  # a2 is not in the teacher's class
        outsiders.append((self.users["a", "mentor"], self.guardian_a1))  # nor a1 the mentor's student
        for user, hidden in outsiders:
            Guardian = self.env["student.guardian"].with_user(user)
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                self.assertEqual(Guardian.search_count([("id", "in", hidden.ids)]), 0)
                self.assertEqual(Guardian.search_count([("name", "in", hidden.mapped("name"))]), 0)
                with self.assertRaises(AccessError):
                    Guardian.browse(hidden.ids).read(["name", "phone"])
        # the county has no right on guardians at all, through the model or the student
        Guardian = self.env["student.guardian"].with_user(self.county_officer)
        with self.assertRaises(AccessError):
            Guardian.search_count([])
        with self.assertRaises(AccessError):
            Guardian.browse(guardians.ids).read(["name", "phone"])
        with self.assertRaises(AccessError):
            self.student_a1.with_user(self.county_officer).read(["guardian_ids"])

    def test_no_partner_holds_a_guardian(self):
        """No res.partner carries a guardian's name or phone, in the test records and in the demo data."""
        self.env["student.guardian"].with_user(self.users["a", "class_teacher"]).create(
            {"student_id": self.student_a1.id, "name": "王桂兰", "phone": "13912345603", "relation": "grandparent"})
        guardians = self.env["student.guardian"].search([])
        self.assertGreaterEqual(len(guardians), 3)
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertEqual(Partner.search_count([("phone", "in", guardians.mapped("phone"))]), 0)
        self.assertEqual(Partner.search_count([("name", "in", ["王建国", "李秀英", "王桂兰"])]), 0)
        self.assertNotIn("partner_id", guardians._fields)

    def test_a_new_student_of_another_school_gets_no_guardian_here(self):
        """A class teacher of school A cannot attach a guardian to school B's student."""
        with self.assertRaises(AccessError):
            self.env["student.guardian"].with_user(self.users["a", "class_teacher"]).create(
                {"student_id": self.student_b1.id, "name": "张父", "relation": "father"})
        self.assertEqual(self.env["student.guardian"].search_count([("student_id", "=", self.student_b1.id)]), 0)
