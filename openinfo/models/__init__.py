"""Public-information register, information requests, visit reports and their public summaries.

One module per area; each is imported here so Django sees its models.
"""

from openinfo.models.visits import *  # noqa: F401,F403
