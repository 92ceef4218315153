from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """States, allowed transitions with reasons, history and deadlines: one mechanism."""

    name = "pmi_portal.workflow"
    label = "workflow"
    verbose_name = _("Workflow")
