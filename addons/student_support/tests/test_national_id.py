import datetime

from odoo.addons.student_support.models import national_id as nid
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import StudentSupportCommon, make_national_id


@tagged("post_install", "-at_install")
class TestNationalIdHelpers(StudentSupportCommon):
    def test_mask_keeps_first_four_and_last_two(self):
        """The mask shows the first four and last two characters only."""
        self.assertEqual(nid.mask("110101199003077777"), "1101************77")
        self.assertEqual(nid.mask(""), False)

    def test_check_number_reasons(self):
        """check_number names what is wrong: length, format, check digit, birth date."""
        good = make_national_id(datetime.date(2015, 6, 1))
        self.assertEqual(nid.check_number(good.lower()), good)
        cases = {
            "length": good[:-1],
            "format": "32083120150601A01" + good[-1],
            "checksum": good[:-1] + ("0" if good[-1] != "0" else "1"),
            "birth_date": make_national_id(datetime.date(2015, 6, 1)).replace("20150601", "20151301"),
        }
        for reason, number in cases.items():
            if reason == "birth_date":  # keep the check digit right so only the date is wrong
                number = number[:-1] + nid.ric.calc_check_digit(number)
            with self.subTest(reason=reason), self.assertRaises(ValueError) as caught:
                nid.check_number(number)
            self.assertEqual(caught.exception.args[0], reason)


@tagged("post_install", "-at_install")
class TestNationalIdRules(StudentSupportCommon):
    def test_invalid_numbers_rejected_with_named_student(self):
        """An invalid ID number is refused with a message naming the student and the number."""
        Student = self.env["student.student"].with_user(self.users["a", "caseworker"])
        good = make_national_id(datetime.date(2015, 6, 1), 201)
        bad_digit = good[:-1] + ("0" if good[-1] != "0" else "1")
        for number in ("12345", bad_digit, "3208312015060120A1"):
            with self.subTest(number=number), self.assertRaises(ValidationError) as caught:
                Student.create({"name": "刘洋", "national_id": number})
            self.assertIn("刘洋", str(caught.exception))
            self.assertIn(number, str(caught.exception))

    def test_number_is_normalised(self):
        """Spaces are removed and a lower-case x is stored as X."""
        birth = datetime.date(2015, 6, 1)
        order = next(o for o in range(300, 400) if make_national_id(birth, o).endswith("X"))
        number = make_national_id(birth, order)
        student = self.env["student.student"].create(
            {"name": "陈晨", "company_id": self.school_a.id, "national_id": " " + number[:6] + " " + number[6:].lower()}
        )
        self.assertEqual(student.national_id, number)

    def test_birth_date_and_gender_from_number(self):
        """Birth date and gender are taken from the ID number."""
        self.assertEqual(self.student_a1.birth_date, datetime.date(2016, 3, 9))
        self.assertEqual(self.student_a1.gender, "male")  # order code 101 is odd
        with self.assertRaises(ValidationError):
            self.student_a1.birth_date = datetime.date(2016, 3, 10)

    def test_duplicate_in_same_county_rejected_across_schools(self):
        """An ID number is unique in the county, even when the other student is in a school the user cannot read."""
        caseworker_b = self.users["b", "caseworker"]
        with self.assertRaises(ValidationError) as caught:
            self.env["student.student"].with_user(caseworker_b).create(
                {"name": "王小明", "national_id": self.student_a1.national_id}
            )
        self.assertNotIn("School A", str(caught.exception))

    def test_duplicate_refusal_on_school_change_shows_class_teacher_only_masked_number(self):
        """The refusal of a school change shows a class teacher the masked number and nothing of the other student."""
        number = self.student_a1.national_id
        self.student_c1.national_id = number  # another county: the number is free there until A's student moves in
        self.env.flush_all()
        self.env.invalidate_all()
        teacher = self.users["a", "class_teacher"]
        with self.assertRaises(ValidationError) as caught:
            self.student_a1.with_user(teacher).write({"company_id": self.school_c.id})
        message = str(caught.exception)
        self.assertNotIn(number, message)
        self.assertIn(nid.mask(number), message)
        self.assertEqual(self.student_a1.with_user(teacher).national_id_masked, nid.mask(number))
        for other in (self.student_c1.name, self.school_c.name):
            self.assertNotIn(other, message)

    def test_class_teacher_cannot_probe_numbers_through_uniqueness_check(self):
        """A user who may not enter ID numbers is refused the field before any uniqueness check answers."""
        with self.assertRaises(AccessError):
            self.student_a1.with_user(self.users["a", "class_teacher"]).write(
                {"national_id": self.student_a2.national_id}
            )

    def test_duplicate_refusal_shows_caseworker_number_and_readable_holder_only(self):
        """A caseworker's refusal shows the number, names the other student only when he may read him."""
        caseworker = self.users["a", "caseworker"]
        number = self.student_a1.national_id
        self.student_c1.national_id = number
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertRaises(ValidationError) as caught:
            self.student_a1.with_user(caseworker).write({"company_id": self.school_c.id})
        message = str(caught.exception)
        self.assertIn(number, message)
        for other in (self.student_c1.name, self.school_c.name):
            self.assertNotIn(other, message)
        with self.assertRaises(ValidationError) as caught:
            self.env["student.student"].with_user(caseworker).create(
                {"name": "陈晨", "national_id": self.student_a2.national_id}
            )
        message = str(caught.exception)
        self.assertIn(self.student_a2.national_id, message)
        self.assertIn(self.student_a2.name, message)
        self.assertIn(self.school_a.name, message)

    def test_duplicate_in_archived_student_rejected(self):
        """An archived student still holds his ID number."""
        self.student_a2.active = False
        with self.assertRaises(ValidationError):
            self.env["student.student"].create(
                {"name": "李小红", "company_id": self.school_b.id, "national_id": self.student_a2.national_id}
            )

    def test_same_number_allowed_in_another_county(self):
        """Uniqueness is per county: another county may hold the same number."""
        twin = self.env["student.student"].create(
            {"name": "王小明", "company_id": self.school_c.id, "national_id": self.student_a1.national_id}
        )
        self.assertEqual(twin.county_id, self.other_county)

    def test_county_of_a_school(self):
        """A school's county is the bureau above it; a bureau is its own county."""
        self.assertEqual(self.school_a.county_id, self.county)
        self.assertEqual(self.county.county_id, self.county)
        college = self.env["res.company"].create(
            {"name": "College of A", "parent_id": self.school_a.id, "org_type": "college"}
        )
        self.assertEqual(college.county_id, self.county)
