"""Public views of the Tanya Jawab guidance: only published entries, never who asked."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from counselling.models import QuestionAnswer


def question_list(request):
    paginator = Paginator(
        QuestionAnswer.objects.published()
        .prefetch_related("topics")
        .order_by("-updated_at", "-pk"),
        20,
    )
    page_obj = paginator.get_page(request.GET.get("halaman"))
    return render(
        request,
        "counselling/question_list.html",
        {"page_obj": page_obj, "questions": page_obj.object_list},
    )


def question_detail(request, slug):
    question = get_object_or_404(
        QuestionAnswer.objects.published().prefetch_related("topics"), slug=slug
    )
    return render(request, "counselling/question_detail.html", {"question": question})
