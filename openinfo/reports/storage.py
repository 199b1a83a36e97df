"""Where residents' photos live: private storage beside MEDIA_ROOT, never reachable by a media URL;
served only by the admin view that checks the officer's scope (admin_views.photo)."""

from openinfo.ppid.storage import PrivateStorage, private_root


def reports_private_storage():
    return PrivateStorage(location=private_root() / "lapor")
