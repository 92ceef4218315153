"""The handover (serah terima) of a returned person to the office of their home region.

The post records the onward transport; the receiving office confirms that it received the
person. An arrival not received within its deadline is overdue and shown to the heads.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from pmi_portal.workflow.machine import Machine, Transition
from returns.models import Handover

# A returnee is handed over within two days of landing (most go home by road or a connecting
# flight the same or the next day); once on the way, the home office confirms within three.
AWAITING_DEADLINE = datetime.timedelta(days=2)
IN_TRANSIT_DEADLINE = datetime.timedelta(days=3)

TRANSPORT = "transport"
RECEIVE = "receive"

MACHINE = Machine(
    name=_("An arrival's handover"),
    labels=dict(Handover.choices),
    transitions=[
        Transition(Handover.AWAITING, Handover.IN_TRANSIT, TRANSPORT),
        Transition(Handover.AWAITING, Handover.RECEIVED, RECEIVE),
        Transition(Handover.IN_TRANSIT, Handover.RECEIVED, RECEIVE),
    ],
    state_field="handover",
    changed_at_field="handover_changed_at",
    deadlines={Handover.AWAITING: AWAITING_DEADLINE, Handover.IN_TRANSIT: IN_TRANSIT_DEADLINE},
)
