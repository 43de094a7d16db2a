from . import test_national_id
from . import test_multicompany
from . import test_access_rights
from . import test_consent
from . import test_import
from . import test_workflow
from . import test_forms
from . import test_service_menu
