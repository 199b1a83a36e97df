"""Models of `counselling`: the taxonomy (topics, legal references, audiences), the guidance
pages (index and articles) and the Tanya Jawab entries (questions.py)."""

from core.links import absolute_url  # noqa: F401
from counselling.models.pages import (  # noqa: F401
    CARD_RENDITION,
    HERO_RENDITIONS,
    LISTING_PAGE_SIZE,
    WORDS_PER_MINUTE,
    CounsellingArticlePage,
    CounsellingIndexPage,
    published_articles,
    with_listing_relations,
)
from counselling.models.questions import QuestionAnswer, redaction_errors  # noqa: F401
from counselling.models.taxonomy import Audience, LegalReference, Topic  # noqa: F401
