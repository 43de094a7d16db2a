from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import StudentSupportCommon


@tagged("post_install", "-at_install")
class TestCasework(StudentSupportCommon):
    """Key-support cases from application to exit in two schools with different stages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = {key: cls.users[key, "caseworker"] for key in "ab"}
        cls.admin = {key: cls.users[key, "school_admin"] for key in "ab"}
        cls.mentor = {key: cls.users[key, "mentor"] for key in "ab"}
        # school A adds a class review by the case's mentor; school B runs the default stages
        default = cls.env.ref("student_support.workflow_case_default")
        action = default.with_user(cls.admin["a"]).with_company(cls.school_a).action_copy_to_school()
        cls.workflow_a = cls.env["student.workflow"].browse(action["res_id"])
        cls.env["student.workflow.stage"].with_user(cls.admin["a"]).create(
            {"workflow_id": cls.workflow_a.id, "name": "Class review", "sequence": 15, "approver_type": "field",
             "approver_field_id": cls.env.ref("student_support.field_student_case__mentor_id").id})
        cls.mental = cls.env.ref("student_support.service_category_mental_health")
        cls.tutoring = cls.env.ref("student_support.service_category_tutoring")

    def new_case(self, key="a", student=None, **vals):
        student = student or (self.student_a1 if key == "a" else self.student_b1)
        return self.env["student.case"].with_user(self.cw[key]).create({
            "student_id": student.id, "company_id": student.company_id.id, "description": "父亲重病，情绪低落",
            "applicant_role": "parent", "applicant_name": "家长", **vals,
        })

    def confirm(self, case, key="a"):
        """Run the case through its school's stages up to filing."""
        case.with_user(self.cw[key]).action_workflow_approve()
        if key == "a":
            case.with_user(case.mentor_id).action_workflow_approve()
        review = case.stage_id
        case.with_user(self.cw[key]).action_workflow_approve(comment="集体评议同意")
        self.assertEqual(case.stage_id, review, "one member of the panel does not decide alone")
        self.review_by_panel(case, key)  # the caseworker has voted: the school admin brings the second approval
        case.with_user(self.admin[key]).action_workflow_approve()
        self.assertEqual(case.workflow_state, "approved")
        return case

    def test_whole_path_in_two_schools(self):
        """Both schools file a case on their own stages; the county sees counts and categories, not the cases."""
        case_a = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id,
                                            need_category_ids=[Command.set(self.mental.ids)]), "a")
        case_b = self.confirm(self.new_case("b", mentor_id=self.mentor["b"].id), "b")
        self.assertIn("Class review", case_a.approval_ids.stage_id.mapped("name"))
        self.assertNotIn("Class review", case_b.approval_ids.stage_id.mapped("name"))
        self.assertTrue(case_a.confirmed_date)
        self.assertEqual(case_a.next_review_date.month, (case_a.confirmed_date.month + 2) % 12 + 1)
        # the county: figures per school and difficulty, no access to the cases themselves
        with self.assertRaises(AccessError):
            self.env["student.case"].with_user(self.county_officer).search_count([])
        Stat = self.env["student.case.stat"].with_user(self.county_officer)
        self.env.flush_all()
        groups = Stat.formatted_read_group([("case_ref", "in", (case_a | case_b).ids)], ["company_id"],
                                           ["case_ref:count_distinct"])
        self.assertEqual({g["company_id"][0]: g["case_ref:count_distinct"] for g in groups},
                         {self.school_a.id: 1, self.school_b.id: 1})
        by_category = Stat.formatted_read_group([("case_ref", "=", case_a.id)], ["need_category_id"], ["__count"])
        self.assertEqual(by_category[0]["need_category_id"][0], self.mental.id)
        self.assertFalse({"student_id", "name", "description", "national_id"} & set(Stat._fields))
        self.assertFalse(self.env["student.case.stat"].with_user(self.cw["b"]).search([("case_ref", "=", case_a.id)]))

    def test_confirming_without_mentor_is_refused(self):
        """No school configuration can confirm a case without a mentor."""
        confirmation = self.workflow_a.stage_ids.filtered(lambda s: s.name == "Confirmation")
        confirmation.with_user(self.admin["a"]).required_field_ids = [Command.clear()]
        class_review = self.workflow_a.stage_ids.filtered(lambda s: s.name == "Class review")
        class_review.with_user(self.admin["a"]).write(
            {"approver_type": "group", "approver_group_id": self.env.ref("student_support.group_caseworker").id})
        case = self.new_case("a")
        for _stage in ("application", "class review"):
            case.with_user(self.cw["a"]).action_workflow_approve()
        self.review_by_panel(case)
        with self.assertRaises(UserError) as refused:  # rolled back, as the RPC call would be
            case.with_user(self.admin["a"]).action_workflow_approve()
        self.assertIn("without a mentor", str(refused.exception))
        case.invalidate_recordset()
        self.assertEqual(case.stage_id.name, "Confirmation")
        self.assertFalse(case.confirmed_date)

    def test_mentor_roster_and_caseload(self):
        """Mentors come from the roster, within their maximum caseload; suggestions match the difficulties."""
        outsider = new_test_user(self.env, login="test_not_on_roster", groups="student_support.group_mentor",
                                 company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        with self.assertRaisesRegex(UserError, "not on the mentor roster"):
            self.new_case("a", mentor_id=outsider.id)
        students = self.env["student.student"].create(
            [{"name": f"学生{i}", "company_id": self.school_a.id} for i in range(4)])
        for student in students[:3]:
            self.new_case("a", student=student, mentor_id=self.mentor["a"].id)
        roster_a = self.mentor_roster.filtered(lambda m: m.company_id == self.school_a)
        self.assertEqual(roster_a.case_count, 3)
        with self.assertRaises(UserError) as refused:
            self.new_case("a", student=students[3], mentor_id=self.mentor["a"].id)
        self.assertIn("already carries 3 cases", str(refused.exception))
        # another mentor with the matching speciality and free places comes first
        counsellor_mentor = self.env["student.mentor"].create(
            {"user_id": self.admin["a"].id, "company_id": self.school_a.id,
             "speciality_ids": [Command.set(self.mental.ids)]})
        case = self.new_case("a", student=students[3], need_category_ids=[Command.set(self.mental.ids)])
        self.assertEqual(case.suggested_mentor_ids[:1], counsellor_mentor)
        self.assertNotIn(roster_a, case.suggested_mentor_ids)  # full

    def test_handover_when_mentor_leaves_or_student_transfers(self):
        """A mentor leaving the roster or a student transferring out gives the school admin a handover task."""
        case = self.new_case("a", mentor_id=self.mentor["a"].id)
        case2 = self.new_case("a", student=self.student_a2, mentor_id=self.mentor["a"].id)

        def handovers(c):
            # written in the school's language (zh_CN in a database made with it)
            return c.activity_ids.filtered(lambda a: any(w in (a.summary or "") for w in ("Hand over", "移交")))

        self.student_a1.with_user(self.cw["a"]).enrolment_state = "transferred"
        self.assertEqual(handovers(case).user_id, self.admin["a"])
        self.assertFalse(handovers(case2))
        self.mentor_roster.filtered(lambda m: m.company_id == self.school_a).active = False
        self.assertTrue(handovers(case2))

    def test_sensitive_notes_reach_only_mentor_and_counsellor(self):
        """Sensitive notes: the case's mentor and counsellors read them; other staff, school B, the county do not."""
        case = self.new_case("a", mentor_id=self.mentor["a"].id)
        note = self.env["student.case.note"].with_user(self.mentor["a"]).create(
            {"case_id": case.id, "note": "母亲有抑郁症病史"})
        Note = self.env["student.case.note"]
        self.assertEqual(Note.with_user(self.users["a", "counsellor"]).search([]), note)
        for user in (self.cw["a"], self.admin["a"], self.cw["b"], self.users["b", "counsellor"]):
            with self.subTest(user=user.login):
                self.assertFalse(Note.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    note.with_user(user).read(["note"])
        for user in (self.county_officer, self.users["a", "class_teacher"]):
            with self.assertRaises(AccessError):
                Note.with_user(user).search_count([])

    def test_exit_after_review_and_reopen(self):
        """A case exits after the exit workflow's collective review, frees the mentor, and can be reopened."""
        case = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id))
        roster_a = self.mentor_roster.filtered(lambda m: m.company_id == self.school_a)
        self.assertEqual(roster_a.case_count, 1)
        confirmed = case.message_ids.filtered("is_decision")
        request = self.env["student.case.exit"].with_user(self.cw["a"]).create(
            {"case_id": case.id, "reason": "normal_development", "explanation": "成绩和情绪稳定一学期"})
        self.assertEqual(request.stage_id.name, "Exit request")
        request.with_user(self.cw["a"]).action_workflow_approve()
        with self.assertRaisesRegex(UserError, "comment"):
            request.with_user(self.cw["a"]).action_workflow_approve()
        request.with_user(self.cw["a"]).action_workflow_approve(comment="同意退出")
        self.assertFalse(case.exit_date, "one member of the panel does not decide the exit alone")
        self.review_by_panel(request)
        self.assertTrue(case.exit_date)
        self.assertEqual(roster_a.case_count, 0)
        self.assertFalse(case.next_review_date)
        with self.assertRaises(UserError):
            self.env["student.case.exit"].with_user(self.cw["a"]).create(
                {"case_id": case.id, "explanation": "again"})
        case.with_user(self.cw["a"]).action_reopen()
        self.assertFalse(case.exit_date)
        self.assertEqual(roster_a.case_count, 1)
        self.assertEqual(case.exit_ids, request)  # the history stays
        decisions = case.message_ids.filtered("is_decision") - confirmed  # the exit and the reopening
        self.assertEqual(len(decisions), 2)
        self.assertIn("成绩和情绪稳定一学期", str(decisions.mapped("body")))
        with self.assertRaisesRegex(UserError, "records a decision"):
            decisions.with_user(self.cw["a"]).unlink()

    def test_auto_entitlement_and_talks(self):
        """A case opened from county data is marked auto-entitlement; talks of the month are counted."""
        case = self.env["student.case"].with_user(self.cw["a"]).create(
            {"student_id": self.student_a2.id, "company_id": self.school_a.id, "origin": "auto"})
        self.assertIn(case, self.env["student.case"].with_user(self.cw["a"]).search([("origin", "=", "auto")]))
        Record = self.env["student.support.record"].with_user(self.cw["a"])
        Record.create([{"case_id": case.id, "kind": "talk", "content": "谈心"},
                       {"case_id": case.id, "kind": "tutoring", "content": "辅导"}])
        self.assertEqual(case.talk_count_month, 1)

    def test_cases_stay_out_of_public_and_portal_reach(self):
        """Portal users and class teachers never reach key-support cases, their notes or their figures."""
        self.new_case("a", mentor_id=self.mentor["a"].id)
        portal = new_test_user(self.env, login="test_portal_parent", groups="base.group_portal",
                               company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        for user in (portal, self.users["a", "class_teacher"]):
            for model in ("student.case", "student.case.note", "student.case.stat", "student.case.exit"):
                with self.subTest(user=user.login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search_count([])

    def test_plan_rewards_and_home_visit_coverage(self):
        """A case's plan and a student's rewards stay with the school's handlers; visit coverage counts families."""
        case = self.new_case("a", mentor_id=self.mentor["a"].id)
        goal = self.env["student.case.goal"].with_user(self.mentor["a"]).create(
            {"case_id": case.id, "name": "按时完成作业"})
        reward = self.env["student.growth.reward"].with_user(self.cw["a"]).create(
            {"student_id": self.student_a1.id, "kind": "recognition", "name": "自强之星"})
        for user in (self.cw["b"], self.users["b", "class_teacher"]):
            with self.assertRaises(AccessError):
                goal.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                reward.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            goal.with_user(self.users["a", "class_teacher"]).read(["name"])
        self.assertEqual(self.student_a1.with_user(self.users["a", "class_teacher"]).reward_ids, reward)
        # coverage: disadvantaged (with a hardship category) enrolled students visited this year
        category = self.env["student.hardship.category"].search([], limit=1)
        (self.student_a1 | self.student_a2).hardship_category_ids = [Command.set(category.ids)]
        year = self.student_a1.create_date.year
        self.assertEqual(self.school_a._home_visit_coverage(year), (0, 2))
        self.env["student.home.visit"].with_user(self.users["a", "class_teacher"]).create(
            {"student_id": self.student_a1.id, "date": f"{year}-03-01"})
        self.env["student.home.visit"].with_user(self.cw["a"]).create(
            {"student_id": self.student_a2.id, "date": f"{year - 1}-12-01"})
        self.assertEqual(self.school_a._home_visit_coverage(year), (1, 2))

    def test_case_form_opens_for_every_handling_role(self):
        """Mentor, caseworker, school admin and counsellor can open the case form with all its fields."""
        case = self.new_case("a", mentor_id=self.mentor["a"].id)
        self.env["student.case.note"].with_user(self.mentor["a"]).create({"case_id": case.id, "note": "备注"})
        self.assert_form_opens(case, [self.mentor["a"], self.cw["a"], self.admin["a"], self.users["a", "counsellor"]])

    def test_student_form_opens_for_every_role(self):
        """Every role that reads a student opens the student form, with visits, rewards and cases it may see."""
        for student in (self.student_a1, self.student_a2):
            self.new_case("a", student=student, mentor_id=self.mentor["a"].id)
            self.env["student.home.visit"].with_user(self.cw["a"]).create({"student_id": student.id})
            self.env["student.growth.reward"].with_user(self.cw["a"]).create(
                {"student_id": student.id, "name": "三好学生"})
        roles = ["class_teacher", "caseworker", "school_admin", "counsellor"]  # a1 is in the class teacher's class
        self.assert_form_opens(self.student_a1, [self.users["a", role] for role in roles] + [self.county_officer])
        self.assert_form_opens(self.student_a2, [self.mentor["a"]])  # a2 is the mentor's mentee

    def test_decided_exit_request_cannot_be_edited(self):
        """A decided exit request (withdrawn, approved) keeps its content; the chatter still takes messages."""
        case = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id))
        Exit = self.env["student.case.exit"]
        withdrawn = Exit.with_user(self.mentor["a"]).create(
            {"case_id": case.id, "reason": "normal_development", "explanation": "情况好转"})
        withdrawn.with_user(self.mentor["a"]).write({"explanation": "情况明显好转"})  # undecided: still editable
        withdrawn.with_user(self.mentor["a"]).action_workflow_withdraw(comment="家长撤回")
        self.assertEqual(withdrawn.workflow_state, "withdrawn")
        approved = Exit.with_user(self.mentor["a"]).create(
            {"case_id": case.id, "reason": "graduated", "explanation": "毕业"})
        Exit.browse(approved.id)._demo_advance(2)  # as the demo data: each stage by its approvers
        self.assertEqual(approved.workflow_state, "approved")
        for request in (withdrawn, approved):
            for user, vals in ((self.mentor["a"], {"explanation": "改写的理由"}), (self.cw["a"], {"reason": "other"})):
                with self.subTest(request=request.workflow_state, user=user.login):
                    with self.assertRaisesRegex(UserError, request.case_id.name):
                        request.with_user(user).write(vals)
            request.with_user(self.mentor["a"]).message_post(body="补充说明", message_type="comment")
        self.env.invalidate_all()
        self.assertEqual((withdrawn.explanation, approved.explanation, approved.reason),
                         ("情况明显好转", "毕业", "graduated"))

    def test_exit_request_before_the_panel_is_not_rewritten(self):
        """At the collective review an exit request's reason and explanation stay as the panel reads them."""
        case = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id))
        request = self.env["student.case.exit"].with_user(self.mentor["a"]).create(
            {"case_id": case.id, "reason": "normal_development", "explanation": "情况好转"})
        request.with_user(self.cw["a"]).action_workflow_approve(comment="提交集体评议")
        self.assertEqual(request.stage_id.approver_type, "panel")
        for user in (self.mentor["a"], self.cw["a"]):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "collective review panel"):
                request.with_user(user).write({"explanation": "改写的理由"})
        request.with_user(self.mentor["a"]).message_post(body="补充说明", message_type="comment")
        self.assertEqual(request.explanation, "情况好转")

    def test_one_exit_request_at_a_time(self):
        """A case has one exit request under way: a second one, or a copy, is refused until it is decided."""
        case = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id))
        Exit = self.env["student.case.exit"].with_user(self.mentor["a"])
        first = Exit.create({"case_id": case.id, "reason": "normal_development", "explanation": "情况好转"})
        for attempt in (lambda: Exit.create({"case_id": case.id, "reason": "graduated", "explanation": "毕业"}),
                        first.copy):
            with self.assertRaisesRegex(UserError, "already has an exit request under way"):
                attempt()
        first.action_workflow_withdraw(comment="家长撤回")
        second = Exit.create({"case_id": case.id, "reason": "graduated", "explanation": "毕业"})
        self.assertEqual(case.exit_ids.filtered(lambda r: r.workflow_state == "in_progress"), second)

    def test_casework_forms_open_for_their_roles(self):
        """Support record, exit request, wish item and home visit forms open for the roles that handle them."""
        case = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id))
        record = self.env["student.support.record"].with_user(self.mentor["a"]).create(
            {"case_id": case.id, "kind": "talk", "content": "谈心"})
        request = self.env["student.case.exit"].with_user(self.cw["a"]).create(
            {"case_id": case.id, "explanation": "情况好转"})
        service = self.env["student.service"].with_user(self.admin["a"]).create(
            {"name": "辅导", "category_id": self.tutoring.id, "company_id": self.school_a.id})
        item = self.env["student.wish.item"].with_user(self.cw["a"]).create(
            {"case_id": case.id, "service_id": service.id})
        visit = self.env["student.home.visit"].with_user(self.users["a", "class_teacher"]).create(
            {"student_id": self.student_a1.id})
        handlers = [self.mentor["a"], self.cw["a"], self.users["a", "counsellor"]]
        for rec in (record, request, item):
            self.assert_form_opens(rec, handlers)
        self.assert_form_opens(visit, [self.users["a", "class_teacher"], self.cw["a"]])

    def test_review_reminder_and_reach_of_mentors_and_other_schools(self):
        """A due review gives the mentor one to-do; a mentor sees only his cases; school B cannot touch A's case."""
        case = self.confirm(self.new_case("a", mentor_id=self.mentor["a"].id))
        other = self.new_case("a", student=self.student_a2)
        case._workflow_write_protected({"confirmed_date": "2020-01-01"})
        self.assertLess(case.next_review_date, case.confirmed_date.today())
        self.env["student.case"]._cron_review_due()
        self.env["student.case"]._cron_review_due()
        reminders = case.activity_ids.filtered(lambda a: (a.summary or "").startswith(("Review due", "待复核")))
        self.assertEqual((len(reminders), reminders.user_id), (1, self.mentor["a"]))
        case.with_user(self.mentor["a"]).action_record_review()
        self.assertGreater(case.next_review_date, case.confirmed_date.today())
        # a mentor reaches his own cases only
        self.assertEqual(self.env["student.case"].with_user(self.mentor["a"]).search([]), case)
        with self.assertRaises(AccessError):
            other.with_user(self.mentor["a"]).read(["description"])
        # school B neither reads A's case nor opens an exit request on it
        with self.assertRaises(AccessError):
            case.with_user(self.cw["b"]).read(["name"])
        with self.assertRaises(AccessError):
            self.env["student.case.exit"].with_user(self.cw["b"]).create(
                {"case_id": case.id, "explanation": "越权"})
