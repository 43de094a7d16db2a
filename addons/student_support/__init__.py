from . import models
from . import wizard


def post_init_hook(env):
    """Remove the modules Odoo installed with ours that call outside services."""
    env["ir.module.module"]._remove_outside_service_modules()
