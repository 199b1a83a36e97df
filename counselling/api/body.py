"""The article body for the API: sanitised HTML, typed blocks and image renditions."""

import functools

from django.template.loader import render_to_string
from wagtail.images.models import Filter
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule

from counselling.models import (
    HERO_RENDITIONS,
    absolute_url,
)

# --- sanitised HTML of the body ------------------------------------------------------------


class BodyWhitelister(Whitelister):
    """Only the markup the article templates produce; scripts, styles and event handlers go."""

    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        "aside": attribute_rule({"class": True}),
        "div": attribute_rule({"class": True}),
        "figure": attribute_rule({"class": True}),
        "figcaption": attribute_rule({}),
        "blockquote": attribute_rule({}),
        "details": attribute_rule({"open": True}),
        "summary": attribute_rule({}),
        "ol": attribute_rule({"class": True}),
        "img": attribute_rule({"src": True, "alt": True, "width": True, "height": True}),
        "time": attribute_rule({"datetime": True}),
        "iframe": attribute_rule(
            {"src": True, "width": True, "height": True, "title": True, "allowfullscreen": True}
        ),
    }


def body_html(page, request=None):
    rendered = "".join(
        render_to_string(
            "counselling/includes/body_block.html", {"block": block, "request": request}
        )
        for block in page.body
    )
    return BodyWhitelister().clean(rendered).strip()


@functools.cache
def _filter(spec):
    """One Filter per spec for the process: its parsed operations are cached on it, so looking up
    the renditions of a page of 20 images does not parse the same specs 20 times."""
    return Filter(spec=spec)


def image_renditions(image, specs=HERO_RENDITIONS):
    if image is None:
        return None
    renditions = image.get_renditions(*(_filter(spec) for spec in specs))
    return {
        spec: {"url": absolute_url(r.url), "width": r.width, "height": r.height}
        for spec, r in renditions.items()
    }
