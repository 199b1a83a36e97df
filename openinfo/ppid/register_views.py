"""The public register of public information (DIP): list with filters, item pages, CSV/XLSX export."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.contentcache import public_page
from core.exports import csv_response, xlsx_response
from home.models import PoliceUnit
from openinfo.models import Category, PublicInformation

DIP_COLUMNS = [
    gettext_lazy("No."),
    gettext_lazy("Title"),
    gettext_lazy("Summary of content"),
    gettext_lazy("Official/unit holding the information"),
    gettext_lazy("Official responsible for producing it"),
    gettext_lazy("Time and place of creation"),
    gettext_lazy("Available format"),
    gettext_lazy("Retention period"),
    gettext_lazy("Category"),
    gettext_lazy("Year/period"),
    gettext_lazy("Legal basis of the exemption"),
    gettext_lazy("Consequence test summary"),
]


class RegisterFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("All categories")), *Category.choices],
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        required=False,
        to_field_name="slug",
        queryset=PoliceUnit.objects.none(),
        empty_label=gettext_lazy("All units"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        live = PublicInformation.objects.live()
        years = sorted(set(live.values_list("year", flat=True)), reverse=True)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["unit"].queryset = PoliceUnit.objects.filter(
            pk__in=live.exclude(unit=None).values("unit")
        ).order_by("kind", "name")


def filtered_register(params):
    """(form, queryset) for the register filtered by category, year and unit."""
    form = RegisterFilterForm(params or None)
    items = PublicInformation.objects.for_public()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("category"):
            items = items.filter(category=data["category"])
        if data.get("year"):
            items = items.filter(year=data["year"])
        if data.get("unit"):
            items = items.filter(unit=data["unit"])
    elif form.is_bound:
        items = items.none()
    return form, items


@public_page
def register(request):
    form, items = filtered_register(request.GET)
    page = Paginator(items, 50).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "openinfo/register.html",
        {
            "form": form,
            "page_obj": page,
            "items": page.object_list,
            "query": query.urlencode(),
            "categories": Category,
        },
    )


@public_page
def register_detail(request, slug):
    item = get_object_or_404(PublicInformation.objects.for_public(), slug=slug)
    return render(request, "openinfo/register_detail.html", {"item": item})


def dip_row(number, item):
    return [
        number,
        item.title,
        item.summary,
        item.holder_display,
        item.responsible_official,
        item.creation_display,
        item.formats_display,
        item.retention_period,
        str(item.get_category_display()),
        " ".join(str(part) for part in [item.period, item.year] if part),
        str(item.get_exemption_basis_display()) if item.is_exempt else "",
        item.consequence_test_summary if item.is_exempt else "",
    ]


def dip_rows(items):
    yield [str(c) for c in DIP_COLUMNS]
    for number, item in enumerate(
        items.iterator(chunk_size=500) if hasattr(items, "iterator") else items, 1
    ):
        yield dip_row(number, item)


def register_csv(request):
    _form, items = filtered_register(request.GET)
    items = items.select_related("unit").prefetch_related(None)
    return csv_response(dip_rows(items), "daftar-informasi-publik", stream=True)


def register_xlsx(request):
    _form, items = filtered_register(request.GET)
    items = items.select_related("unit").prefetch_related(None)
    return xlsx_response(dip_rows(items), "daftar-informasi-publik", sheet_title="DIP")
