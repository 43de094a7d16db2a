"""Elevated code is confined: every sudo() of our addons sits in a small, named helper with its reason."""

import importlib.util
import pathlib
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("elevated_inventory", ROOT / "tools" / "elevated_inventory.py")
elevated_inventory = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(elevated_inventory)


class TestElevatedHelpers(unittest.TestCase):
    def test_no_sudo_outside_an_elevated_helper(self):
        """Every sudo() of the addons is inside a function decorated @elevated("reason")."""
        _helpers, strays = elevated_inventory.inventory()
        self.assertFalse(strays, f"sudo() outside an @elevated helper (file, line, function): {strays}")

    def test_every_helper_is_small_private_and_explained(self):
        """Each elevated helper is at most MAX_LINES long, not callable over RPC, and says why it is safe."""
        helpers, _strays = elevated_inventory.inventory()
        self.assertTrue(helpers, "the inventory found no helper: the reading of the source is broken")
        for helper in helpers:
            with self.subTest(helper=f"{helper['file']}:{helper['name']}"):
                self.assertLessEqual(helper["lines"], elevated_inventory.MAX_LINES)
                self.assertGreater(len(helper["reason"].split()), 3, "the reason says why the result is safe")
                method = helper["name"].rsplit(".", 1)[-1]
                in_model = helper["name"].count(".") > 0
                self.assertFalse(in_model and not method.startswith("_"),
                                 "a public model method is callable over RPC: make the helper private")

    def test_the_reading_finds_a_stray_sudo(self):
        """The reading of the source flags a sudo() that no @elevated helper encloses (the check can fail)."""
        import ast
        tree = ast.parse("def f(env):\n    return env['x'].sudo().search([])\n")
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and elevated_inventory._is_elevating(n)]
        self.assertEqual(len(calls), 1)
        self.assertIsNone(elevated_inventory._reason(tree.body[0]))
