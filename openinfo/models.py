"""Public-information register, information requests, visit reports and their public summaries."""
