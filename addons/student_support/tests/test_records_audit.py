import datetime
import re
import xmlrpc.client

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.student_workflow_stage import OUTCOME_FIELDS
from .common import StudentSupportCommon

ADDONS = ("student_support", "student_support_reports")
# models of our addons with a school that are records, not configuration: they follow their
# student, case or submission (whether they may change school is not this file's concern)
RECORD_MODELS = {
    "student.student", "student.guardian", "student.case", "student.case.exit", "student.case.note",
    "student.case.goal", "student.wish.item", "student.support.record", "student.home.visit",
    "student.growth.reward", "student.integrity.record", "student.identification", "student.identification.notice",
    "student.aid.grant", "student.dropout.record", "student.care.checkin", "student.screening",
    "student.screening.line", "student.entitlement.batch", "student.entitlement.line", "student.warning",
    "student.workflow.approval", "student.report.period", "student.report.submission", "student.graduate",
    "student.job.offer", "student.work.study.application", "student.review.sitting", "student.review.vote",
}


class AuditCommon(StudentSupportCommon):
    """School A and B on the default workflows; every role of school A, the county officer and the
    administrator (given school A)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.company_ids = [Command.link(cls.school_a.id)]
        cls.cw_a = cls.users["a", "caseworker"]
        cls.admin_a = cls.users["a", "school_admin"]
        cls.mentor_a = cls.users["a", "mentor"]
        cls.roles = {role: cls.users["a", role] for role in
                     ("class_teacher", "mentor", "caseworker", "school_admin", "counsellor")}
        cls.roles.update(county_officer=cls.county_officer, admin=cls.admin)

    def new_case(self, student=None, user=None):
        student = student or self.student_a2
        return self.env["student.case"].with_user(user or self.cw_a).create({
            "student_id": student.id, "company_id": student.company_id.id, "description": "父亲重病",
            "applicant_role": "parent", "applicant_name": "家长", "mentor_id": student.mentor_id.id,
        })

    def confirm(self, case):
        """Application → collective review → confirmation → filed (the default stages)."""
        case.with_user(self.cw_a).action_workflow_approve()
        self.review_by_panel(case)
        case.with_user(self.admin_a).action_workflow_approve()
        return case


@tagged("post_install", "-at_install")
class TestOutcomeFields(AuditCommon):
    """The fields that say where a record stands change only through the actions."""

    def record_of(self, model):
        """A record of school A of each model on a workflow (a new model on one needs a line here)."""
        if model == "student.case":
            return self.new_case()
        if model == "student.identification":
            return self.env[model].with_user(self.cw_a).create({"student_id": self.student_a1.id})
        if model == "student.case.exit":
            case = self.confirm(self.new_case())
            return self.env[model].with_user(self.cw_a).create({"case_id": case.id, "explanation": "情绪稳定"})
        raise AssertionError(f"{model} runs on a workflow: add a record of it to this test")

    def other_value(self, record, name):
        """A valid value of ``record``'s field ``name`` other than its current one."""
        field, current = record._fields[name], record.sudo()[name]
        if field.type == "many2one":
            return self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1).id
        if field.type == "selection":
            return next(value for value in field.get_values(self.env) if value != current)
        if field.type in ("integer", "float"):
            return current + 7
        if field.type == "date":
            return datetime.date(2020, 1, 1)
        if field.type == "datetime":
            return datetime.datetime(2020, 1, 1, 8, 0)
        if field.type in ("char", "text", "html"):
            return "<p>forged</p>"
        raise AssertionError(f"no test value for a {field.type} field ({name})")

    def test_protected_fields_refused_for_every_role(self):
        """No role, administrator included, writes or creates with a field only the actions set; nothing changes."""
        models = sorted(name for name in self.env.registry.descendants(["student.workflow.mixin"], "_inherit")
                        if not self.env[name]._abstract)
        self.assertGreaterEqual(set(models), {"student.case", "student.identification", "student.case.exit"})
        for model in models:
            record = self.record_of(model).sudo(False)
            names = record._workflow_protected_fields
            self.assertIn("workflow_state", names)
            before = {name: record.sudo()[name] for name in names}
            for name in names:
                label = record._fields[name]._description_string(self.env)
                value = self.other_value(record, name)
                for role, user in self.roles.items():
                    with self.subTest(model=model, field=name, role=role):
                        with self.assertRaisesRegex(UserError, re.escape(label)):
                            record.with_user(user).write({name: value})
                        record.invalidate_recordset()
                        self.assertEqual(record.sudo()[name], before[name])
            if model == "student.case":  # create: a client cannot open a case where the actions put it
                for name in names:
                    with self.subTest(model=model, create=name), self.assertRaises(UserError):
                        self.env[model].with_user(self.admin).create({
                            "student_id": self.student_a1.id, "company_id": self.school_a.id,
                            name: self.other_value(record, name)})

    def test_superuser_goes_through_the_guarded_path(self):
        """Even the superuser's plain write is refused; the private guarded path writes."""
        case = self.new_case()
        with self.assertRaisesRegex(UserError, "Confirmed on"):
            case.sudo().write({"confirmed_date": "2020-01-01"})
        with self.assertRaisesRegex(UserError, "Outcome"):
            case.sudo().with_context(student_workflow_protected_write=True).write({"workflow_state": "approved"})
        case._workflow_write_protected({"confirmed_date": "2020-01-01"})
        self.assertEqual(case.confirmed_date, datetime.date(2020, 1, 1))
        self.assertEqual(case.workflow_state, "in_progress")

    def test_actions_still_set_them(self):
        """Approving through to confirmation, the exit and the reopening set the protected fields."""
        case = self.new_case()
        self.assertEqual((case.stage_id.name, case.workflow_round, case.confirmed_date), ("Application", 1, False))
        self.confirm(case)
        today = fields.Date.context_today(case)
        self.assertEqual((case.workflow_state, case.stage_id.name, case.confirmed_date),
                         ("approved", "Filed with the county", today))
        request = self.env["student.case.exit"].with_user(self.cw_a).create(
            {"case_id": case.id, "reason": "graduated", "explanation": "毕业"})
        request.with_user(self.cw_a).action_workflow_approve()
        self.review_by_panel(request)
        self.assertEqual(request.workflow_state, "approved")
        # the reason is written in the school's language (the chatter and the case read the same for all)
        self.assertEqual(case.exit_date, today)
        self.assertIn(case.exit_reason, ("Graduated", "毕业"))
        with self.assertRaises(AccessError):
            case.with_user(self.mentor_a).action_reopen()
        case.with_user(self.cw_a).action_reopen()
        self.assertEqual((case.exit_date, case.exit_reason), (False, False))

    def test_exit_request_stays_on_its_case(self):
        """An exit request cannot be moved to another case (whose exit it would then decide)."""
        request = self.record_of("student.case.exit")
        other = self.new_case(self.student_a1)
        with self.assertRaisesRegex(UserError, "another case"):
            request.with_user(self.cw_a).write({"case_id": other.id})
        self.assertNotEqual(request.case_id, other)


@tagged("post_install", "-at_install")
class TestOutcomeFieldsRpc(HttpCase, AuditCommon):
    def test_rpc_cannot_forge_the_guard(self):
        """Over XML-RPC the case's mentor and the school admin cannot set the outcome, whatever context they send."""
        case = self.new_case()
        for user in (self.mentor_a, self.admin_a):
            for context in ({}, {"student_workflow_protected_write": True},
                            {"student_workflow_protected_write": {"model": "student.case",
                                                                  "fields": ["workflow_state", "confirmed_date"]}}):
                with self.subTest(user=user.login, context=context), self.assertRaises(xmlrpc.client.Fault), \
                        mute_logger("odoo.http", "odoo.addons.rpc.controllers.xmlrpc"):
                    self.xmlrpc_object.execute_kw(
                        self.env.cr.dbname, user.id, user.login, "student.case", "write",
                        [case.ids, {"workflow_state": "approved", "confirmed_date": "2020-01-01"}],
                        {"context": context})
        case.invalidate_recordset()
        self.assertEqual((case.workflow_state, case.confirmed_date), ("in_progress", False))


@tagged("post_install", "-at_install")
class TestStageInUse(AuditCommon):
    """A stage keeps its meaning while records are in it; the school changes a copy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        default = cls.env.ref("student_support.workflow_case_default")
        action = default.with_user(cls.admin_a).with_company(cls.school_a).action_copy_to_school()
        cls.workflow_a = cls.env["student.workflow"].browse(action["res_id"])
        cls.stages = {stage.name: stage for stage in cls.workflow_a.stage_ids}
        form = cls.env["student.form.template"].create(
            {"name": "Case form", "res_model": "student.case", "company_id": cls.school_a.id})
        cls.form_field = cls.env["student.form.field"].create({"template_id": form.id, "label": "Siblings"})

    def outcome_changes(self):
        """A valid change of each outcome field of a non-final stage approved by a group."""
        field = self.env.ref("student_support.field_student_case__applicant_name")
        mentor_field = self.env.ref("student_support.field_student_case__mentor_id")
        changes = {
            "final_state": {"final_state": "rejected"},
            "approver_type": {"approver_type": "users", "approver_user_ids": [Command.set(self.cw_a.ids)]},
            "approver_user_ids": {"approver_user_ids": [Command.set(self.cw_a.ids)]},
            "approver_group_id": {"approver_group_id": self.env.ref("student_support.group_school_admin").id},
            "approver_field_id": {"approver_field_id": mentor_field.id},
            "votes_required": {"votes_required": 2},
            "comment_required": {"comment_required": True},
            "required_field_ids": {"required_field_ids": [Command.link(field.id)]},
            "required_form_field_ids": {"required_form_field_ids": [Command.link(self.form_field.id)]},
        }
        self.assertEqual(set(changes), set(OUTCOME_FIELDS))
        return changes

    def test_outcome_of_stage_in_use_is_fixed(self):
        """With records in it, a stage's outcome and approvals are refused (with the count); cosmetics are not."""
        self.new_case()
        self.new_case(self.student_a1)
        self.new_case(self.student_b1, self.users["b", "caseworker"])  # school B's stage: not counted here
        stage = self.stages["Application"]
        before = {name: stage[name] for name in OUTCOME_FIELDS}
        for name, vals in self.outcome_changes().items():
            label = stage._fields[name]._description_string(self.env)
            for user in (self.admin_a, self.admin):
                with self.subTest(field=name, user=user.login):
                    message = rf"2 records are in stage Application: .*{re.escape(label)}"
                    with self.assertRaisesRegex(UserError, message):
                        stage.with_user(user).write(vals)
                    stage.invalidate_recordset()
                    self.assertEqual({n: stage[n] for n in OUTCOME_FIELDS}, before)
        stage.with_user(self.admin_a).write({
            "name": "Application form", "sequence": 3, "deadline_days": 5, "fold": True,
            "notify_user_ids": [Command.set(self.admin_a.ids)], "votes_required": stage.votes_required,
        })
        self.assertEqual((stage.name, stage.deadline_days), ("Application form", 5))
        # a stage no record is in yet is the school's to change
        self.stages["Confirmation"].with_user(self.admin_a).write({"votes_required": 2})
        self.assertEqual(self.stages["Confirmation"].votes_required, 2)

    def test_copy_of_stage_can_change(self):
        """The school copies a stage in use (marked as a copy) and changes the copy; the records stay put."""
        case = self.new_case()
        stage = self.stages["Application"]
        Stage = self.env["student.workflow.stage"]
        stage.with_user(self.admin_a).action_copy()
        copy = Stage.search([("workflow_id", "=", self.workflow_a.id)]) - Stage.union(*self.stages.values())
        self.assertEqual(copy.name, "Application (copy)")
        self.assertEqual((copy.approver_group_id, copy.required_field_ids), (stage.approver_group_id,
                                                                               stage.required_field_ids))
        copy.with_user(self.admin_a).write({"votes_required": 2, "comment_required": True})
        self.assertEqual(copy.votes_required, 2)
        stage.with_user(self.admin_a).action_archive()
        self.assertEqual(case.stage_id, stage)
        review = self.stages["Collective review"].with_context(lang="zh_CN")
        review.with_user(self.admin_a).action_copy()
        copies = Stage.with_context(lang="zh_CN").search([("workflow_id", "=", self.workflow_a.id)]) - stage - copy
        self.assertIn(f"{review.name}（副本）", (copies - Stage.union(*self.stages.values())).mapped("name"))

    def test_copy_of_workflow_can_change_and_take_over(self):
        """A copy of the workflow in use stays archived until put in use; its stages change; old records stay put."""
        case = self.new_case()
        copy = self.workflow_a.with_user(self.admin_a).copy()
        self.assertEqual((copy.name, copy.active, copy.company_id), (f"{self.workflow_a.name} (copy)", False,
                                                                     self.school_a))
        review = copy.stage_ids.filtered(lambda s: s.name == "Collective review")
        review.with_user(self.admin_a).write({"votes_required": 3})
        copy.with_user(self.admin_a).action_put_in_use()
        self.assertEqual((self.workflow_a.active, copy.active), (False, True))
        self.assertEqual(case.workflow_id, self.workflow_a)
        self.assertEqual(self.new_case(self.student_a1).workflow_id, copy)
        # school B's admin cannot put school A's workflow in use
        with self.assertRaises(AccessError):
            self.workflow_a.with_user(self.users["b", "school_admin"]).action_put_in_use()


@tagged("post_install", "-at_install")
class TestConfigurationOwner(AuditCommon):
    """Configuration stays with its school: company_id (and the parent of a line) is fixed after creation."""

    def configuration_of_school_a(self):
        """{model: a record of school A} for each configuration model (a new one needs a line here)."""
        a = self.school_a.id
        Env = self.env
        workflow = Env.ref("student_support.workflow_case_default").copy({"company_id": a, "name": "A"})
        form = Env["student.form.template"].create({"name": "A", "res_model": "student.case", "company_id": a})
        line = Env["student.form.field"].create({"template_id": form.id, "label": "x", "field_type": "selection",
                                                 "choice_ids": [Command.create({"name": "y"})]})
        category = Env["student.service.category"].create({"name": "A", "company_id": a})
        records = {
            "student.workflow": workflow,
            "student.workflow.stage": workflow.stage_ids[:1],
            "student.form.template": form,
            "student.form.field": line,
            "student.form.field.choice": line.choice_ids,
            "student.service.category": category,
            "student.service": Env["student.service"].create(
                {"name": "A", "category_id": category.id, "company_id": a}),
            "student.warning.rule": Env["student.warning.rule"].create(
                {"name": "A", "company_id": a, "model_name": "student.case", "domain": "[]"}),
            "student.identification.criterion": Env["student.identification.criterion"].create(
                {"name": "A", "kind": "illness", "points": 5, "company_id": a}),
            "student.aid.programme": Env["student.aid.programme"].create(
                {"name": "A", "company_id": a, "amount_mode": "fixed", "amount_fixed": 100,
                 "stage_ids": [Command.set(Env.ref("student_support.school_stage_primary").ids)]}),
            "student.aid.target": Env["student.aid.target"].create(
                {"company_id": a, "level_id": Env.ref("student_support.difficulty_level_difficult").id,
                 "school_year": "2026-2027"}),
            "student.mentor": self.mentor_roster.filtered(lambda m: m.company_id == self.school_a),
            "student.review.panel": self.review_panels.filtered(lambda p: p.company_id == self.school_a),
            "student.class": self.class_a1,
            "student.work.study.post": Env["student.work.study.post"].create(
                {"name": "图书馆助理", "company_id": a, "department": "图书馆", "hours_per_week": 4,
                 "hourly_pay": 15}),
        }
        if "student.report.template" in Env:
            records["student.report.template"] = Env["student.report.template"].create(
                {"name": "A", "company_id": a, "res_model": "student.case"})
        return records

    def test_owner_of_configuration_is_fixed(self):
        """School admin, county officer and admin cannot move configuration to another school; resending is fine."""
        models = sorted(
            name for name, Model in self.env.registry.items()
            if not Model._abstract and not Model._transient and Model._auto and Model._original_module in ADDONS
            and "company_id" in Model._fields and Model._fields["company_id"].store
        )
        config_models = [name for name in models if name not in RECORD_MODELS]
        self.assertGreaterEqual(set(config_models), {"student.workflow", "student.form.template", "student.service"})
        fixed = set(self.env.registry.descendants(["student.fixed.owner.mixin"], "_inherit"))
        self.assertFalse(set(config_models) - fixed, "configuration whose school can change")
        records = self.configuration_of_school_a()
        for model in config_models:
            self.assertIn(model, records, f"{model} is configuration with a school: add a record of it to this test")
            record = records[model]
            for user in (self.admin_a, self.county_officer, self.admin):
                # the administrator may write every record: what refuses him is the owner check
                expected = "cannot change once it is created" if user == self.admin else ""
                with self.subTest(model=model, user=user.login), self.assertRaisesRegex(UserError, expected):
                    record.with_user(user).write({"company_id": self.school_b.id})
                record.invalidate_recordset()
                self.assertEqual(record.company_id, self.school_a)
            for name in record._owner_fixed_fields:  # nor by moving it under another parent or process
                field, current = record._fields[name], record[name]
                if field.type == "many2one":
                    other = self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1).id
                else:
                    other = next(value for value in field.get_values(self.env) if value != current)
                with self.subTest(model=model, field=name), self.assertRaises(UserError):
                    record.with_user(self.admin).write({name: other})
                record.invalidate_recordset()
                self.assertEqual(record[name], current)
            for user in (self.admin_a, self.admin):
                if record.with_user(user).has_access("write"):
                    record.with_user(user).write({"company_id": self.school_a.id})
            self.assertEqual(record.company_id, self.school_a)
        # the owner is given at creation: the template copied to a school is the school's
        admin_b = self.users["b", "school_admin"]
        action = self.env.ref("student_support.workflow_case_default").with_user(admin_b).with_company(
            self.school_b).action_copy_to_school()
        self.assertEqual(self.env["student.workflow"].browse(action["res_id"]).company_id, self.school_b)
