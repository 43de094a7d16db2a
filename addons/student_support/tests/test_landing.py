from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import StudentSupportCommon

CASES = "student_support.student_case_action"
MY_CASES = "student_support.student_case_action_mine"
MY_CLASS = "student_support.student_student_action_my_class"


@tagged("post_install", "-at_install")
class TestRoleHomeActions(StudentSupportCommon):
    """Each role starts on its own work (res.users.action_id), not on Discuss."""

    def home(self, user):
        self.env.invalidate_all()
        action = user.action_id
        return action and self.env["ir.model.data"].search(
            [("model", "like", "ir.actions"), ("res_id", "=", action.id)], limit=1).complete_name

    def test_each_school_role_starts_on_its_own_work(self):
        """Class teachers start on their class's students, mentors on their cases, the others on the case kanban."""
        expected = {"class_teacher": MY_CLASS, "mentor": MY_CASES, "caseworker": CASES, "school_admin": CASES,
                    "counsellor": CASES}
        for (school, role), user in self.users.items():
            with self.subTest(school=school, role=role):
                self.assertEqual(self.home(user), expected[role])

    def test_first_screens_list_the_users_own_records(self):
        """A class teacher's first screen filters the students of his classes, a mentor's the cases naming him."""
        teacher, mentor = self.users["a", "class_teacher"], self.users["a", "mentor"]
        Action = self.env["ir.actions.act_window"]
        teacher_home, mentor_home = Action.browse(teacher.action_id.id), Action.browse(mentor.action_id.id)
        self.assertEqual(teacher_home.res_model, "student.student")
        self.assertIn("'search_default_my_classes': 1", teacher_home.context)
        self.assertEqual(mentor_home.res_model, "student.case")
        self.assertIn("'search_default_my_cases': 1", mentor_home.context)
        mine = self.env["student.student"].with_user(teacher).search([("class_teacher_id", "=", teacher.id)])
        self.assertEqual(mine, self.student_a1)

    def test_role_given_later_sets_the_home_action(self):
        """A user given a role later starts on its work, promoted on the higher role's, without one on Odoo's."""
        user = new_test_user(self.env, login="test_later_role", groups="base.group_user",
                             company_id=self.school_a.id, company_ids=[Command.set(self.school_a.ids)])
        self.assertFalse(self.home(user))
        user.write({"group_ids": [Command.link(self.env.ref("student_support.group_mentor").id)]})
        self.assertEqual(self.home(user), MY_CASES)
        user.write({"group_ids": [Command.link(self.env.ref("student_support.group_caseworker").id)]})
        self.assertEqual(self.home(user), CASES)
        user.write({"group_ids": [Command.unlink(self.env.ref("student_support.group_caseworker").id),
                                  Command.unlink(self.env.ref("student_support.group_mentor").id)]})
        self.assertFalse(self.home(user))
        # from the group's side (Settings → Groups → Users)
        self.env.ref("student_support.group_class_teacher").write({"user_ids": [Command.link(user.id)]})
        self.assertEqual(self.home(user), MY_CLASS)

    def test_hand_chosen_home_action_is_kept(self):
        """A home action chosen by hand stays when the user's roles change."""
        user = self.users["a", "mentor"]
        discuss = self.env.ref("mail.action_discuss")
        user.action_id = discuss.id
        user.write({"group_ids": [Command.link(self.env.ref("student_support.group_caseworker").id)]})
        self.assertEqual(user.action_id.id, discuss.id)
        created = new_test_user(self.env, login="test_chosen_home", groups="student_support.group_mentor",
                                action_id=discuss.id)
        self.assertEqual(created.action_id.id, discuss.id)

    def test_user_cannot_give_himself_a_role(self):
        """A class teacher cannot take a higher role (nor its first screen) himself."""
        teacher = self.users["a", "class_teacher"]
        with self.assertRaises(AccessError):
            teacher.with_user(teacher).write(
                {"group_ids": [Command.link(self.env.ref("student_support.group_school_admin").id)]})
        self.assertEqual(self.home(teacher), MY_CLASS)

    def test_existing_users_get_their_home_action_on_update(self):
        """The data files' call gives existing users theirs, and leaves hand-chosen ones alone."""
        caseworker, mentor = self.users["b", "caseworker"], self.users["b", "mentor"]
        caseworker.action_id = False
        mentor.action_id = self.env.ref("mail.action_discuss").id
        self.env["res.users"]._set_role_home_actions()
        self.assertEqual(self.home(caseworker), CASES)
        self.assertEqual(mentor.action_id.id, self.env.ref("mail.action_discuss").id)

    def test_apps_menu_for_system_admins_only(self):
        """School admins and teachers are not offered Apps (modules), the admin is; everyone keeps Discuss."""
        apps = self.env.ref("base.menu_management")
        discuss = self.env.ref("mail.menu_root_discuss")
        Menu = self.env["ir.ui.menu"]
        for role in ("school_admin", "class_teacher"):
            user = self.users["a", role]
            with self.subTest(role=role):
                self.assertFalse(user.has_group("base.group_system"))
                visible = Menu.with_user(user)._visible_menu_ids()
                self.assertNotIn(apps.id, visible)
                self.assertIn(discuss.id, visible)
        self.assertIn(apps.id, Menu.with_user(self.env.ref("base.user_admin"))._visible_menu_ids())
