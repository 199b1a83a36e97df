"""Template helpers of the counselling pages: absolute URLs and schema.org JSON-LD."""

import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from counselling.models import absolute_url

register = template.Library()


@register.filter
def absolute(url):
    return absolute_url(url)


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> with the same escaping as Django's json_script."""
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.simple_tag
def first_pending_excerpt(body):
    """The id of the article's first legal excerpt whose reference is not verified yet: the
    "still being verified" note is shown there once, not once per unverified excerpt."""
    for block in body:
        if block.block_type == "legal_excerpt" and not getattr(
            block.value.get("reference"), "verified", False
        ):
            return block.id
    return None
