"""Models of the public-information service: the register (DIP), requests and objections, the
calendar. Re-exported by `openinfo.models` (the app label is `openinfo`)."""
