from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CommittedCase, StudentSupportCommon


@tagged("post_install", "-at_install")
class TestServiceMenu(StudentSupportCommon):
    """Each school's service menu and the wish lists of its key-support cases."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = cls.users["a", "school_admin"]
        cls.caseworker_a = cls.users["a", "caseworker"]
        cls.mentor_a = cls.users["a", "mentor"]
        cls.tutoring = cls.env.ref("student_support.service_category_tutoring")
        Service = cls.env["student.service"]
        cls.maths = Service.with_user(cls.admin_a).create({
            "name": "一对一数学辅导", "category_id": cls.tutoring.id, "department": "教务处",
            "staff_ids": [Command.set(cls.users["a", "class_teacher"].ids)], "capacity": 1,
            "company_id": cls.school_a.id,
        })
        cls.talks = Service.with_user(cls.admin_a).create({
            "name": "心理咨询", "category_id": cls.env.ref("student_support.service_category_mental_health").id,
            "company_id": cls.school_a.id,
        })
        cls.service_b = Service.with_user(cls.users["b", "school_admin"]).create({
            "name": "课后托管", "category_id": cls.tutoring.id, "company_id": cls.school_b.id,
        })
        Case = cls.env["student.case"]
        cls.case_a1 = Case.with_user(cls.caseworker_a).create(
            {"student_id": cls.student_a1.id, "company_id": cls.school_a.id, "mentor_id": cls.mentor_a.id})
        cls.case_a2 = Case.with_user(cls.caseworker_a).create(
            {"student_id": cls.student_a2.id, "company_id": cls.school_a.id})

    def wish(self, case, service, user=None, **vals):
        return self.env["student.wish.item"].with_user(user or self.caseworker_a).create(
            {"case_id": case.id, "service_id": service.id, **vals})

    def test_seven_standard_categories(self):
        """The seven standard service categories are seeded and shared; a school's own category stays its own."""
        own = self.env["student.service.category"].with_user(self.admin_a).create(
            {"name": "校本特色", "company_id": self.school_a.id})
        cats_a = self.env["student.service.category"].with_user(self.caseworker_a).search([])
        cats_b = self.env["student.service.category"].with_user(self.users["b", "caseworker"]).search([])
        self.assertEqual(len(cats_b.filtered(lambda c: not c.company_id)), 7)
        self.assertIn(own, cats_a)
        self.assertNotIn(own, cats_b)
        with self.assertRaises(AccessError):
            self.tutoring.with_user(self.admin_a).write({"name": "改名"})

    def test_wish_list_flow(self):
        """A chosen service is tracked from request to outcome, with a responsible person and dates."""
        item = self.wish(self.case_a1, self.maths, chosen_by="parent", wish="希望提高数学成绩")
        self.assertEqual(item.responsible_id, self.users["a", "class_teacher"])
        self.assertEqual(item.state, "requested")
        self.env.cr.precommit.run()  # as if the request was saved in a transaction of its own
        item.action_start()
        self.assertEqual(item.state, "in_progress")
        self.assertTrue(item.date_start)
        with self.assertRaisesRegex(UserError, "outcome"):
            item.action_deliver()
        item.outcome = "期末数学提高20分"
        item.action_deliver()
        self.assertEqual((item.state, bool(item.date_done)), ("delivered", True))
        with self.assertRaises(UserError):
            item.action_start()
        self.env.cr.precommit.run()  # tracking is written at commit time
        self.env.invalidate_all()
        tracked = item.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(tracked.mapped("new_value_char"), ["Delivered"])  # one transaction: one change
        self.assertEqual(self.case_a1.wish_item_ids, item)

    def test_capacity_is_enforced(self):
        """A full service refuses another open request with a clear message; a finished one frees its place."""
        first = self.wish(self.case_a1, self.maths)
        self.assertEqual(self.maths.open_count, 1)
        with self.assertRaises(UserError) as refused:  # Odoo's assertRaises rolls the failed write back
            self.wish(self.case_a2, self.maths)
        self.assertIn("一对一数学辅导 is full", str(refused.exception))
        self.assertEqual(self.env["student.wish.item"].search_count([("service_id", "=", self.maths.id)]), 1)
        first.write({"outcome": "已完成"})
        first.action_deliver()
        self.assertEqual(self.maths.open_count, 0)
        second = self.wish(self.case_a2, self.maths)
        with self.assertRaises(UserError):
            first.action_reopen()
        self.assertEqual(first.state, "delivered")
        self.assertEqual(second.state, "requested")
        self.wish(self.case_a2, self.talks)  # no capacity: no limit

    def test_service_of_another_school_is_refused(self):
        """A service of school B cannot be chosen for a school-A student's case."""
        with self.assertRaises(UserError):
            self.wish(self.case_a1, self.service_b)
        with self.assertRaises(UserError):
            self.wish(self.case_a1, self.service_b, user=self.env.user)

    def test_isolation_between_schools_and_roles(self):
        """Wish lists stay in their school and with the case's handlers; B's menu is out of A's sight."""
        item = self.wish(self.case_a1, self.talks)
        other = self.wish(self.case_a2, self.maths)
        caseworker_b = self.users["b", "caseworker"]
        self.assertFalse(self.env["student.wish.item"].with_user(caseworker_b).search([]))
        self.assertEqual(self.env["student.wish.item"].with_user(caseworker_b).search_count([]), 0)
        with self.assertRaises(AccessError):
            item.with_user(caseworker_b).read(["wish"])
        self.assertNotIn(self.maths, self.env["student.service"].with_user(caseworker_b).search([]))
        with self.assertRaises(AccessError):
            self.maths.with_user(caseworker_b).read(["name"])
        # the mentor sees the items of his own case only; a class teacher none
        mentor_items = self.env["student.wish.item"].with_user(self.mentor_a).search([])
        self.assertEqual(mentor_items, item)
        with self.assertRaises(AccessError):
            other.with_user(self.mentor_a).read(["wish"])
        with self.assertRaises(AccessError):
            self.env["student.wish.item"].with_user(self.users["a", "class_teacher"]).search([])
        with self.assertRaises(AccessError):
            self.env["student.wish.item"].with_user(self.county_officer).search_count([])


@tagged("post_install", "-at_install")
class TestServiceCapacityConcurrency(CommittedCase):
    """Two caseworkers taking the last place of a service at the same moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = cls.env_for(cr)
            schools, (caseworkers, _none) = cls.make_schools(env, staff=(2, 0))
            cls.uids = caseworkers.ids
            cls.service_id = env["student.service"].create({
                "name": f"Service {cls.tag}", "capacity": 1, "company_id": schools[0].id,
                "category_id": env.ref("student_support.service_category_tutoring").id,
            }).id
            students = env["student.student"].create(
                [{"name": f"{cls.tag} {i}", "company_id": schools[0].id} for i in range(2)])
            cls.case_ids = env["student.case"].create(
                [{"student_id": s.id, "company_id": schools[0].id} for s in students]).ids
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            cls.remove_cases(cr, cls.case_ids)
            cr.execute("DELETE FROM student_service WHERE id = %s", [cls.service_id])

    @mute_logger("odoo.sql_db")  # the serialization failures the retry absorbs
    def test_last_place_taken_once(self):
        """Two requests for the last place at the same moment: one gets it, the other is told the service is full."""
        def prepare(env):
            return env["student.service"].browse(self.service_id).open_count  # starts the snapshot: 0 taken

        def act(env, _taken):
            case_id = self.case_ids[self.uids.index(env.uid)]
            env["student.wish.item"].create({"case_id": case_id, "service_id": self.service_id})

        outcome = self.run_together(self.uids, prepare, act)
        self.assertEqual(sorted("done" if v == "done" else "full" if "is full" in v else v for v in outcome.values()),
                         ["done", "full"])
        with self.registry.cursor() as cr:
            env = self.env_for(cr)
            self.assertEqual(env["student.wish.item"].search_count([("service_id", "=", self.service_id)]), 1)
            self.assertEqual(env["student.service"].browse(self.service_id).open_count, 1)
