from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import StudentSupportCommon


class FormCommon(StudentSupportCommon):
    """The county publishes a key-support application form; school A copies it and adds a
    field, school B uses the county's form as it is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = cls.users["a", "school_admin"]
        cls.caseworker_a = cls.users["a", "caseworker"]
        Template = cls.env["student.form.template"]
        cls.county_form = Template.with_user(cls.county_officer).with_company(cls.county).create({
            "name": "County application form",
            "res_model": "student.case",
            "company_id": cls.county.id,
            "field_ids": [
                Command.create({"label": "Monthly income per head", "name": "family_income", "field_type": "float",
                                "required": True, "help": "按户口簿人数计算"}),
                Command.create({"label": "Main difficulty", "name": "main_difficulty", "field_type": "selection",
                                "choice_ids": [Command.create({"name": "Learning"}),
                                               Command.create({"name": "Emotional"}),
                                               Command.create({"name": "Behaviour"})]}),
                Command.create({"label": "Wishes", "name": "wishes", "field_type": "tags",
                                "choice_ids": [Command.create({"name": "Tutoring"}),
                                               Command.create({"name": "Counselling"})]}),
            ],
        })
        cls.county_form = Template.browse(cls.county_form.id)  # out of the county officer's environment
        action = cls.county_form.with_user(cls.admin_a).with_company(cls.school_a).action_copy_to_school()
        cls.form_a = Template.browse(action["res_id"])
        cls.form_a.with_user(cls.admin_a).write({"field_ids": [Command.create(
            {"label": "Class teacher's opinion", "name": "class_opinion", "field_type": "text"})]})
        cls.line = {line.name: line for line in cls.form_a.field_ids}

    def new_case(self, student=None, user=None, **answers):
        student = student or self.student_a1
        return self.env["student.case"].with_user(user or self.caseworker_a).create({
            "student_id": student.id, "company_id": student.company_id.id, "description": "家庭变故",
            "mentor_id": self.users["a", "mentor"].id if student.company_id == self.school_a else False,
            "form_properties": answers,
        })


@tagged("post_install", "-at_install")
class TestFormTemplates(FormCommon):
    def test_each_school_gets_its_form(self):
        """A case takes its school's form: A its adapted copy, B the county's; names stay the county's."""
        case_a = self.new_case(family_income=600.0)
        case_b = self.new_case(self.student_b1, self.users["b", "caseworker"], family_income=700.0)
        self.assertEqual(case_a.form_template_id, self.form_a)
        self.assertEqual(case_b.form_template_id, self.county_form)
        names_a = [p["name"] for p in case_a.read(["form_properties"])[0]["form_properties"]]
        names_b = [p["name"] for p in case_b.read(["form_properties"])[0]["form_properties"]]
        self.assertEqual(names_a, ["family_income", "main_difficulty", "wishes", "class_opinion"])
        self.assertEqual(names_b, ["family_income", "main_difficulty", "wishes"])

    def test_school_admin_cannot_touch_another_schools_form(self):
        """School A's admin neither sees nor edits school B's form, nor the county's."""
        admin_b = self.users["b", "school_admin"]
        action = self.county_form.with_user(admin_b).with_company(self.school_b).action_copy_to_school()
        form_b = self.env["student.form.template"].browse(action["res_id"])
        Template = self.env["student.form.template"].with_user(self.admin_a)
        self.assertNotIn(form_b, Template.search([]))
        self.assertEqual(Template.search_count([("id", "=", form_b.id)]), 0)
        with self.assertRaises(AccessError):
            form_b.with_user(self.admin_a).read(["name"])
        with self.assertRaises(AccessError):
            form_b.field_ids[:1].with_user(self.admin_a).write({"label": "hijacked"})
        with self.assertRaises(AccessError):
            self.county_form.field_ids[:1].with_user(self.admin_a).write({"required": False})
        with self.assertRaises(AccessError):
            self.env["student.form.field"].with_user(self.admin_a).create(
                {"template_id": form_b.id, "label": "x", "field_type": "char"})

    def test_definition_cannot_be_edited_from_a_record(self):
        """The form's fields change in Configuration → Forms only, not from a record or by writing the definition."""
        case = self.new_case(family_income=600.0)
        value = case.read(["form_properties"])[0]["form_properties"]
        value.append({"name": "sneaky", "string": "Sneaky", "type": "char", "definition_changed": True})
        with self.assertRaisesRegex(UserError, "Configuration"):
            case.with_user(self.admin_a).write({"form_properties": value})
        with self.assertRaisesRegex(UserError, "Configuration"):
            self.form_a.with_user(self.admin_a).write({"properties_definition": []})
        self.assertNotIn("sneaky", [p["name"] for p in self.form_a.properties_definition])


@tagged("post_install", "-at_install")
class TestFormRequiredFields(FormCommon):
    def test_required_custom_field_blocks_leaving_a_stage(self):
        """A required custom field left empty blocks every move, with its label in the message; filled, it moves."""
        case = self.new_case()
        with self.assertRaisesRegex(UserError, "Monthly income per head"):
            case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Application")
        case.with_user(self.caseworker_a).form_properties = {"family_income": 450.0}
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Collective review")

    def test_stage_requires_a_custom_field(self):
        """A stage can ask for a custom field of the school's form before the record leaves it."""
        default = self.env.ref("student_support.workflow_case_default")
        action = default.with_user(self.admin_a).with_company(self.school_a).action_copy_to_school()
        review = self.env["student.workflow"].browse(action["res_id"]).stage_ids.filtered(
            lambda s: s.name == "Collective review")
        review.with_user(self.admin_a).required_form_field_ids = [Command.set(self.line["class_opinion"].ids)]
        case = self.new_case(family_income=450.0)
        case.with_user(self.caseworker_a).action_workflow_approve()
        with self.assertRaisesRegex(UserError, "Class teacher's opinion"):
            case.with_user(self.caseworker_a).action_workflow_approve(comment="同意")
        case.with_user(self.caseworker_a).form_properties = {"class_opinion": "家庭困难属实"}
        self.review_by_panel(case)
        self.assertEqual(case.stage_id.name, "Confirmation")

    def test_required_attachment(self):
        """A required attachment line blocks the move until a file is attached in the chatter."""
        self.form_a.with_user(self.admin_a).write({"field_ids": [Command.create(
            {"label": "Household register copy", "field_type": "attachment", "required": True})]})
        case = self.new_case(family_income=450.0)
        with self.assertRaisesRegex(UserError, "Household register copy"):
            case.with_user(self.caseworker_a).action_workflow_approve()
        self.env["ir.attachment"].with_user(self.caseworker_a).create(
            {"name": "hukou.pdf", "res_model": "student.case", "res_id": case.id, "raw": b"%PDF-1.4"})
        case.with_user(self.caseworker_a).action_workflow_approve()
        self.assertEqual(case.stage_id.name, "Collective review")


@tagged("post_install", "-at_install")
class TestFormValues(FormCommon):
    def _choice(self, field, label):
        return self.line[field].choice_ids.filtered(lambda c: c.name == label).code

    def test_search_filter_and_group_by_custom_fields(self):
        """Custom values are searchable and groupable like fields, within the user's school only."""
        learning, emotional = self._choice("main_difficulty", "Learning"), self._choice("main_difficulty", "Emotional")
        c1 = self.new_case(family_income=300.0, main_difficulty=learning)
        c2 = self.new_case(self.student_a2, family_income=900.0, main_difficulty=learning)
        c3 = self.new_case(family_income=500.0, main_difficulty=emotional)
        self.new_case(self.student_b1, self.users["b", "caseworker"], family_income=100.0, main_difficulty=learning)
        Case = self.env["student.case"].with_user(self.caseworker_a)
        self.assertEqual(Case.search([("form_properties.main_difficulty", "=", learning)]), c1 | c2)
        self.assertEqual(Case.search([("form_properties.family_income", "<", 600)]), c1 | c3)
        groups = Case.formatted_read_group([], ["form_properties.main_difficulty"], ["__count"])
        counts = {g["form_properties.main_difficulty"]: g["__count"] for g in groups}
        self.assertEqual(counts[learning], 2)
        self.assertEqual(counts[emotional], 1)

    def test_export_includes_custom_values(self):
        """An export of cases carries the custom values as columns."""
        learning = self._choice("main_difficulty", "Learning")
        case = self.new_case(family_income=300.0, main_difficulty=learning, class_opinion="属实")
        rows = case.with_user(self.caseworker_a).export_data(
            ["name", "form_properties.family_income", "form_properties.main_difficulty",
             "form_properties.class_opinion"]
        )["datas"]
        self.assertEqual(rows[0][1:], [300.0, "Learning", "属实"])

    def test_template_edits_keep_answers(self):
        """Renaming, archiving and restoring a field keep the answers; name and type cannot change."""
        learning = self._choice("main_difficulty", "Learning")
        case = self.new_case(family_income=300.0, main_difficulty=learning)
        income = self.line["family_income"].with_user(self.admin_a)
        income.label = "人均月收入（元）"
        income.active = False
        # the form is saved without the archived field, as the web client does
        case.with_user(self.caseworker_a).write({"form_properties": {"class_opinion": "属实"}})
        self.assertNotIn("family_income", [p["name"] for p in case.read(["form_properties"])[0]["form_properties"]])
        income.active = True
        values = {p["name"]: p.get("value") for p in case.read(["form_properties"])[0]["form_properties"]}
        self.assertEqual(values["family_income"], 300.0)
        self.assertEqual(values["class_opinion"], "属实")
        choice = self.line["main_difficulty"].choice_ids.filtered(lambda c: c.code == learning).with_user(self.admin_a)
        choice.name = "学业"
        self.assertEqual(case.export_data(["form_properties.main_difficulty"])["datas"][0][0], "学业")
        with self.assertRaisesRegex(UserError, "cannot change"):
            income.name = "income"
        with self.assertRaisesRegex(UserError, "cannot change"):
            income.field_type = "char"
        with self.assertRaisesRegex(UserError, "holds answers"):
            income.unlink()
        with self.assertRaisesRegex(UserError, "given as an answer"):
            choice.unlink()

    def test_a_technical_name_keeps_its_meaning(self):
        """A technical name holds one kind of answer on every form of a process (search and totals rely on it)."""
        admin_b = self.users["b", "school_admin"]
        with self.assertRaisesRegex(ValidationError, "family_income"):
            self.env["student.form.template"].with_user(admin_b).with_company(self.school_b).create({
                "name": "B", "res_model": "student.case", "company_id": self.school_b.id,
                "field_ids": [Command.create({"label": "收入", "name": "family_income", "field_type": "char"})],
            })

    def test_labels_follow_the_readers_language(self):
        """A label translated by the school admin shows in the reader's language."""
        self.env["res.lang"]._activate_lang("en_US")  # a second language beside zh_CN
        case = self.new_case(family_income=300.0)
        self.line["family_income"].with_user(self.admin_a).with_context(lang="zh_CN").label = "家庭人均月收入"
        zh = case.with_context(lang="zh_CN").read(["form_properties"])[0]["form_properties"]
        en = case.with_context(lang="en_US").read(["form_properties"])[0]["form_properties"]
        self.assertEqual(zh[0]["string"], "家庭人均月收入")
        self.assertEqual(en[0]["string"], "Monthly income per head")
        self.assertIn("按户口簿人数计算", case.form_help)


@tagged("post_install", "-at_install")
class TestFormsOnOtherRecords(FormCommon):
    """Support records and home visits carry the school's own form fields too."""

    def test_required_field_on_save_without_workflow(self):
        """A record without a workflow (support record) cannot be saved with a required custom field empty."""
        self.env["student.form.template"].with_user(self.admin_a).with_company(self.school_a).create({
            "name": "谈心谈话记录", "res_model": "student.support.record", "company_id": self.school_a.id,
            "field_ids": [Command.create({"label": "Place of the talk", "name": "place", "field_type": "char",
                                          "required": True})],
        })
        case = self.new_case(family_income=300.0)
        Record = self.env["student.support.record"].with_user(self.caseworker_a)
        with self.assertRaises(ValidationError) as refused:
            Record.create({"case_id": case.id, "kind": "talk", "content": "谈学习计划"})
        self.assertIn("Place of the talk", str(refused.exception))
        record = Record.create({"case_id": case.id, "kind": "talk", "content": "谈学习计划",
                                "form_properties": {"place": "心理咨询室"}})
        self.assertEqual(record.form_properties._values["place"], "心理咨询室")
        # school B has no support-record form: its records simply have no custom fields
        case_b = self.new_case(self.student_b1, self.users["b", "caseworker"], family_income=1.0)
        record_b = self.env["student.support.record"].with_user(self.users["b", "caseworker"]).create(
            {"case_id": case_b.id, "kind": "talk", "content": "谈心"})
        self.assertFalse(record_b.form_template_id)

    def test_home_visit_form_and_isolation(self):
        """A home visit takes its school's form; another school's staff and other class teachers cannot read it."""
        form = self.env["student.form.template"].with_user(self.admin_a).with_company(self.school_a).create({
            "name": "家访记录表", "res_model": "student.home.visit", "company_id": self.school_a.id,
            "field_ids": [Command.create({"label": "Housing", "name": "housing", "field_type": "selection",
                                          "choice_ids": [Command.create({"name": "Own"}),
                                                         Command.create({"name": "Rented"})]})],
        })
        teacher_a = self.users["a", "class_teacher"]
        visit = self.env["student.home.visit"].with_user(teacher_a).create(
            {"student_id": self.student_a1.id, "findings": "住房简陋", "form_properties": {"housing": "opt2"}})
        self.assertEqual(visit.form_template_id, form)
        Visit = self.env["student.home.visit"]
        self.assertEqual(Visit.with_user(teacher_a).search([("form_properties.housing", "=", "opt2")]), visit)
        for user in (self.users["b", "caseworker"], self.users["b", "class_teacher"]):
            self.assertFalse(Visit.with_user(user).search([]))
            with self.assertRaises(AccessError):
                visit.with_user(user).read(["findings"])
        with self.assertRaises(AccessError):
            Visit.with_user(self.county_officer).search_count([])
