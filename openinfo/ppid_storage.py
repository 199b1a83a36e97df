"""Import path kept for migration 0001 (`openinfo.ppid_storage.ppid_private_storage`)."""

from openinfo.ppid.storage import ppid_private_storage  # noqa: F401
