import datetime

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import StudentSupportCommon, make_national_id


@tagged("post_install", "-at_install")
class TestGuardianConsent(StudentSupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = datetime.date.today()
        cls.child = cls.env["student.student"].create(
            {"name": "周小雨", "company_id": cls.school_a.id, "class_id": cls.class_a1.id,
             "national_id": make_national_id(today.replace(year=today.year - 10, day=1), 301)}
        )
        cls.teen = cls.env["student.student"].create(
            {"name": "吴大海", "company_id": cls.school_a.id, "class_id": cls.class_a1.id,
             "national_id": make_national_id(today.replace(year=today.year - 15, day=1), 303)}
        )
        cls.counsellor = cls.users["a", "counsellor"]
        cls.caseworker = cls.users["a", "caseworker"]

    def test_under_14_sensitive_detail_needs_consent(self):
        """Sensitive detail of an under-14 student is refused without a recorded guardian consent."""
        cases = [
            (self.counsellor, "mental_health_note"),
            (self.counsellor, "disability_note"),
            (self.caseworker, "family_poverty_detail"),
        ]
        for user, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                self.child.with_user(user).write({field: "细节"})
            self.assertIn("周小雨", str(caught.exception))
            self.assertIn("14", str(caught.exception))
        self.env.invalidate_all()
        self.assertFalse(self.child.mental_health_note)

    def test_consent_with_date_allows_sensitive_detail(self):
        """Once staff record the consent with its date, sensitive detail can be saved."""
        self.child.with_user(self.caseworker).write(
            {"guardian_consent": True, "guardian_consent_date": datetime.date.today()}
        )
        self.child.with_user(self.counsellor).write({"mental_health_note": "需要持续关注"})
        self.assertEqual(self.child.mental_health_note, "需要持续关注")

    def test_consent_needs_a_date(self):
        """A consent without its date is refused."""
        with self.assertRaises(ValidationError):
            self.child.with_user(self.caseworker).write({"guardian_consent": True})

    def test_withdrawing_consent_with_detail_on_file_is_refused(self):
        """Consent cannot be withdrawn while sensitive detail of an under-14 student is on file."""
        self.child.write({"guardian_consent": True, "guardian_consent_date": datetime.date.today(),
                          "disability_note": "听力障碍"})
        with self.assertRaises(ValidationError):
            self.child.with_user(self.caseworker).write({"guardian_consent": False})

    def test_14_and_over_needs_no_consent(self):
        """A student aged 14 or more may have sensitive detail without guardian consent."""
        self.teen.with_user(self.counsellor).write({"mental_health_note": "已转介"})
        self.assertEqual(self.teen.mental_health_note, "已转介")

    def test_create_with_detail_and_no_consent_refused(self):
        """Creating an under-14 student with sensitive detail and no consent is refused."""
        with self.assertRaises(ValidationError):
            self.env["student.student"].with_user(self.caseworker).create(
                {"name": "郑一", "birth_date": datetime.date.today().replace(year=datetime.date.today().year - 8),
                 "family_poverty_detail": "低保"}
            )
