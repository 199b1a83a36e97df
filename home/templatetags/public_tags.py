"""Template tags of the public site: the police contact that never dead-ends, form fields to the
GOV.UK pattern (templates/includes/field.html), and `lang` marks for content in another language."""

from django import template
from django.conf import settings
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def content_lang():
    """` lang="id"` on elements holding editors' Indonesian content while the interface is English,
    so screen readers pronounce each part in its own language; nothing when they agree."""
    content = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]
    current = (get_language() or content).split("-")[0]
    return mark_safe(f' lang="{content}"') if current != content else ""


@register.inclusion_tag("includes/police_contact.html", takes_context=True)
def police_contact(context, kecamatan, heading_level=3):
    """The police unit(s) covering `kecamatan`, each with whatever contact editors filled in; the
    Polres contact from the portal settings when none of them has any; and 110 always."""
    from home.finder import units_covering
    from home.models import PortalSettings

    units = units_covering(kecamatan) if kecamatan is not None else []
    portal = PortalSettings.load(request_or_site=context.get("request"))
    reachable = [unit for unit in units if unit.has_contact]
    return {
        "units": units,
        "show_polres": not reachable,
        "portal": portal,
        "heading": f"h{heading_level}",
    }


def _kind(field):
    widget = field.field.widget
    if isinstance(widget, RadioSelect | CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, CheckboxInput):
        return "checkbox"
    return "input"


@register.simple_tag
def field_kind(field):
    return _kind(field)


@register.simple_tag
def field_widget(field):
    """The field's widget with aria-describedby pointing at its hint and error message."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_hint")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids and _kind(field) != "choices" else {}
    if field.errors and _kind(field) != "choices":
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def error_target(field):
    """The id an error summary link points at: the field, or its first option for radios/checkboxes."""
    if _kind(field) == "choices":
        return f"{field.auto_id}_0"
    return field.auto_id
