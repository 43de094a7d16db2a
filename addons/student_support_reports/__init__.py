from . import models
from . import wizards


def post_init_hook(env):
    """Remove the outside-service modules installed after student_support in the same run."""
    env["ir.module.module"]._remove_outside_service_modules()
