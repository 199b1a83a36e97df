"""Counselling's public API: body rendering (`body`), serializers (`serializers`) and the
viewsets with their filters (`views`), mounted by name in `cms/api.py`."""
