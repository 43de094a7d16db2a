from stdnum.cn import ric

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ROLE_GROUPS, StudentSupportCommon

# field -> roles of the school that may read it (everyone else: AccessError)
SENSITIVE_FIELDS = {
    "national_id": {"caseworker", "school_admin"},
    "register_number": {"caseworker", "school_admin"},
    "family_poverty_detail": {"caseworker", "school_admin"},
    "birth_date": {"caseworker", "school_admin"},
    "mental_health_note": {"counsellor"},
    "disability_note": {"counsellor"},
    "guardian_ids": set(ROLE_GROUPS),
    "guardian_consent": set(ROLE_GROUPS),
}


@tagged("post_install", "-at_install")
class TestAccessRights(StudentSupportCommon):
    def _student_for(self, role):
        return self.student_a2 if role == "mentor" else self.student_a1

    def test_sensitive_field_inventory(self):
        """Every sensitive field is readable by its roles only, and never by the county officer."""
        for field, allowed in SENSITIVE_FIELDS.items():
            for role in ROLE_GROUPS:
                student = self._student_for(role).with_user(self.users["a", role])
                with self.subTest(field=field, role=role):
                    if role in allowed:
                        student.read([field])
                    else:
                        with self.assertRaises(AccessError):
                            student.read([field])
            with self.subTest(field=field, role="county_officer"), self.assertRaises(AccessError):
                self.student_a1.with_user(self.county_officer).read([field])

    def test_register_number_masked_like_the_id_number(self):
        """The register number (G + ID number) is masked for roles below caseworker, in read and export."""
        self.student_a1.register_number = "G" + self.student_a1.national_id
        student = self.student_a1.with_user(self.users["a", "class_teacher"])
        masked = student.read(["register_number_masked"])[0]["register_number_masked"]
        self.assertEqual(masked, "G320" + "*" * 13 + self.student_a1.national_id[-2:])
        self.assertNotIn(self.student_a1.national_id[4:16], masked)
        with self.assertRaises(AccessError):
            student.export_data(["register_number"])

    def test_masked_values_cannot_be_forged(self):
        """A masked field follows its source only: a value written to it directly is ignored."""
        self.student_a1.write({"national_id_masked": "forged", "register_number_masked": "forged"})
        self.assertEqual(self.student_a1.national_id_masked[:4], self.student_a1.national_id[:4])
        self.assertFalse(self.student_a1.register_number_masked)

    def test_national_id_masked_for_roles_below_caseworker(self):
        """Roles below caseworker get only the masked ID number, in read, search and export."""
        masked = self.student_a1.national_id[:4] + "*" * 12 + self.student_a1.national_id[-2:]
        for role in ("class_teacher", "counsellor"):
            user = self.users["a", role]
            student = self.student_a1.with_user(user)
            with self.subTest(role=role):
                self.assertEqual(student.read(["national_id_masked"])[0]["national_id_masked"], masked)
                self.assertEqual(student.export_data(["national_id_masked"])["datas"], [[masked]])
                with self.assertRaises(AccessError):
                    student.export_data(["name", "national_id"])
                with self.assertRaises(AccessError):
                    self.env["student.student"].with_user(user).search(
                        [("national_id", "=", self.student_a1.national_id)]
                    )
                self.assertNotIn("national_id", self.env["student.student"].with_user(user).fields_get())
        officer = self.student_a1.with_user(self.county_officer)
        self.assertEqual(officer.export_data(["national_id_masked"])["datas"], [[masked]])
        with self.assertRaises(AccessError):
            officer.export_data(["national_id"])

    def test_caseworker_reads_and_searches_full_number(self):
        """Caseworkers and school admins read, search and export the full ID number."""
        for role in ("caseworker", "school_admin"):
            Student = self.env["student.student"].with_user(self.users["a", role])
            with self.subTest(role=role):
                found = Student.search([("national_id", "=", self.student_a1.national_id)])
                self.assertEqual(found, self.student_a1)
                self.assertEqual(
                    found.export_data(["national_id"])["datas"], [[self.student_a1.national_id]]
                )

    def test_tracking_never_stores_raw_number(self):
        """The chatter tracks the masked number only, never the raw ID number."""
        old = self.student_a1.national_id
        new = old[:14] + "555"
        new += ric.calc_check_digit(new + "0")
        self.env.cr.flush()  # end the creation's tracking so the write is tracked on its own
        self.student_a1.with_user(self.users["a", "caseworker"]).write(
            {"national_id": new, "register_number": "G" + new}
        )
        self.env.cr.flush()
        values = self.env["mail.tracking.value"].sudo().search(
            [("mail_message_id.model", "=", "student.student"), ("mail_message_id.res_id", "=", self.student_a1.id)]
        )
        tracked = {v.field_id.name for v in values}
        self.assertIn("national_id_masked", tracked)
        self.assertIn("register_number_masked", tracked)
        self.assertNotIn("national_id", tracked)
        self.assertNotIn("register_number", tracked)
        texts = " ".join(f"{v.old_value_char} {v.new_value_char}" for v in values)
        self.assertNotIn(old, texts)
        self.assertNotIn(new, texts)
        self.assertNotIn(new[4:16], texts)

    def test_views_hide_raw_number_from_class_teacher(self):
        """The form a class teacher gets holds the masked number, not the raw field."""
        Student = self.env["student.student"].with_user(self.users["a", "class_teacher"])
        arch = Student.get_view(view_type="form")["arch"]
        self.assertIn('name="national_id_masked"', arch)
        self.assertNotIn('name="national_id"', arch)
        self.assertNotIn('name="mental_health_note"', arch)
        arch = self.env["student.student"].with_user(self.users["a", "caseworker"]).get_view(view_type="form")["arch"]
        self.assertIn('name="national_id"', arch)

    def test_only_staff_create_and_delete_students(self):
        """Class teachers and mentors update their students but cannot create or delete them."""
        for role in ("class_teacher", "mentor", "counsellor"):
            user = self.users["a", role]
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self.env["student.student"].with_user(user).create({"name": "新生"})
                with self.assertRaises(AccessError):
                    self._student_for(role).with_user(user).unlink()
        self.student_a1.with_user(self.users["a", "class_teacher"]).household_registration = "rural"
        self.assertEqual(self.student_a1.household_registration, "rural")
