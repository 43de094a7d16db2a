from . import models
from . import wizard


def post_init_hook(env):
    """Remove the modules Odoo installed with ours that call outside services; new users read Chinese."""
    env["ir.module.module"]._remove_outside_service_modules()
    env["res.users"]._default_to_chinese()
