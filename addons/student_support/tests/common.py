import datetime
import threading
import uuid

from stdnum.cn import ric

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import BaseCase, HttpCase, TransactionCase, get_db_name, new_test_user

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


def web_spec(model, names):
    """The web client's read specification of ``names``: relations with their display names."""
    return {name: {"fields": {"display_name": {}}} if model._fields[name].relational else {} for name in names}


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

        # the collective review panel (集体评议小组) of each school: three members, two of whom must approve
        cls.review_panels = cls.env["student.review.panel"].create([
            {"company_id": school.id, "member_ids": [Command.set(cls.panel_members(key).ids)]}
            for key, school in (("a", cls.school_a), ("b", cls.school_b))
        ])

        cls.mentor_roster = cls.env["student.mentor"].create([
            {"user_id": cls.users[key, "mentor"].id, "company_id": school.id, "max_cases": 3}
            for key, school in (("a", cls.school_a), ("b", cls.school_b))
        ])

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

    @classmethod
    def panel_members(cls, key):
        """The members of school ``key``'s collective review panel, in the order they vote."""
        return cls.users[key, "caseworker"] | cls.users[key, "school_admin"] | cls.users[key, "counsellor"]

    @classmethod
    def review_by_panel(cls, record, key="a", comment="集体评议同意"):
        """The approvals ``record`` still needs at its collective review (the school's panel: 2 of 3), from the
        members who have not voted in this round yet, one after the other."""
        stage, round_ = record.stage_id, record.workflow_round
        for member in cls.panel_members(key):
            voted = record.with_env(cls.env).approval_ids.filtered(
                lambda a, member=member: a.round == round_ and a.user_id == member)
            if record.stage_id != stage:
                break
            if not voted:
                record.with_user(member).action_workflow_approve(comment=comment)

    def assert_form_opens(self, record, users):
        """Each of ``users`` opens ``record``'s form view with every field it shows him, as the web client does."""
        for user in users:
            with self.subTest(user=user.login, model=record._name):
                self.env.invalidate_all()  # each user opens the form in a request of his own
                Model = self.env[record._name].with_user(user)
                views = Model.get_views([(False, "form")])
                arch = views["views"]["form"]["arch"]
                # the fields the arch shows this user (the web client reads these, not every listed one)
                fields = [name for name in views["models"][record._name]["fields"] if f'name="{name}"' in arch]
                values = Model.browse(record.id).web_read(web_spec(Model, fields))
                self.assertEqual(values[0]["id"], record.id)

    def visible_students(self, user):
        """The test students ``user`` finds by searching, after a fresh read of the database."""
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["student.student"].with_user(user).search([("id", "in", self.students.ids)])


class CommittedCase(BaseCase):
    """For what only real, separately committed transactions show: two users
    acting at the same moment. Each thread gets its own cursor (a TransactionCase
    would hand them all the same test cursor); what a test commits, it removes.

    The test runner holds the registry lock while tests run: the environments
    built here get their transaction directly, and the retry below skips the
    registry look-ups that would wait for that lock.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.tag = f"conc{uuid.uuid4().hex[:8]}"

    @classmethod
    def env_for(cls, cr, uid=api.SUPERUSER_ID):
        cr.transaction = cr.transaction or Transaction(cls.registry)
        return api.Environment(cr, uid, {})

    @classmethod
    def make_schools(cls, env, staff=(2, 0)):
        """Two committed schools with ``staff`` caseworkers in each; undone at the end of the class."""
        schools = env["res.company"].create([{"name": f"School {cls.tag} {key}"} for key in "AB"])
        caseworkers = []
        for index, (school, count) in enumerate(zip(schools, staff, strict=True)):
            caseworkers.append(env["res.users"].union(*(
                new_test_user(env, login=f"{cls.tag}_{index}_{i}", groups="student_support.group_caseworker",
                              company_id=school.id, company_ids=[Command.set(school.ids)])
                for i in range(count)
            )))
        cls.committed = {"schools": tuple(schools.ids), "users": tuple(env["res.users"].union(*caseworkers).ids)}
        cls.addClassCleanup(cls._deactivate_schools)
        return schools, caseworkers

    @classmethod
    def remove_cases(cls, cr, case_ids):
        """Delete committed cases with what hangs on them (the history is immutable through the ORM only)."""
        cases = tuple(case_ids)
        cr.execute("SELECT student_id FROM student_case WHERE id IN %s", [cases])
        students = tuple(row[0] for row in cr.fetchall())
        cr.execute("DELETE FROM student_workflow_approval WHERE res_model = 'student.case' AND res_id IN %s", [cases])
        cr.execute("DELETE FROM student_review_sitting WHERE res_model = 'student.case' AND res_id IN %s", [cases])
        for table, column in (("mail_activity", "res_model"), ("mail_message", "model"),
                              ("mail_followers", "res_model")):
            cr.execute(f"DELETE FROM {table} WHERE {column} = 'student.case' AND res_id IN %s", [cases])
        cr.execute("DELETE FROM student_wish_item WHERE case_id IN %s", [cases])
        cr.execute("DELETE FROM student_case WHERE id IN %s", [cases])
        cr.execute("DELETE FROM student_student WHERE id IN %s", [students])

    @classmethod
    def _deactivate_schools(cls):
        with cls.registry.cursor() as cr:
            cr.execute("UPDATE res_users SET active = false WHERE id IN %s", [cls.committed["users"]])
            cr.execute("UPDATE res_company SET active = false WHERE id IN %s", [cls.committed["schools"]])

    @staticmethod
    def retrying(env, func):
        """What odoo.service.model.retrying does around every RPC call: on a
        serialization failure, roll back and run again on fresh data."""
        for _attempt in range(5):
            try:
                func()
                env.cr.flush()
                return
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                env.cr.rollback()
                env.transaction.clear()  # reset() would look the registry up again
        raise AssertionError("still conflicting after 5 attempts")

    def run_together(self, uids, prepare, act):
        """Run ``act(env, prepared)`` for each user in its own transaction, all of
        them started (``prepare(env)``: what the user saw) before any acts.

        :return: {uid: "done" or the message of the error the user got}
        """
        barrier = threading.Barrier(len(uids))
        outcome = {}

        def run(uid):
            try:
                with self.registry.cursor() as cr:
                    env = self.env_for(cr, uid)
                    prepared = prepare(env)
                    barrier.wait(timeout=10)
                    try:
                        self.retrying(env, lambda: act(env, prepared))
                        outcome[uid] = "done"
                    except UserError as error:
                        env.cr.rollback()
                        outcome[uid] = str(error)
            except Exception as error:  # reported by the caller's assertions on the outcome
                outcome[uid] = repr(error)

        threads = [threading.Thread(target=run, args=(uid,)) for uid in uids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return outcome


class StudentSupportTourCase(HttpCase, StudentSupportCommon):
    """Browser journeys (Odoo tours) on the two schools of StudentSupportCommon, the
    users reading Chinese as the demo users do. A tour logs in with ``login=`` and the
    password of new_test_user (the login); it starts on /odoo as after a login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        (cls.env["res.users"].union(*cls.users.values()) | cls.county_officer).write({"lang": "zh_CN"})

    @classmethod
    def confirmed_case(cls, student):
        """A key-support case of ``student`` (school A), mentored by school A's mentor, filed with the county."""
        caseworker = cls.users["a", "caseworker"]
        case = cls.env["student.case"].with_user(caseworker).create({
            "student_id": student.id, "company_id": cls.school_a.id, "mentor_id": cls.users["a", "mentor"].id,
            "applicant_role": "parent", "applicant_name": "家长", "description": "父亲重病，情绪低落"})
        case.with_user(caseworker).action_workflow_approve()
        cls.review_by_panel(case)
        case.with_user(cls.users["a", "school_admin"]).action_workflow_approve()
        return case

    def tour(self, name, user):
        """Run the tour ``name`` as ``user`` from the web client's start page."""
        self.start_tour("/odoo", name, login=user.login, timeout=120)
