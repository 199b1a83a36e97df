"""RSS and Atom feeds of published counselling articles, for all topics and per topic."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from core.links import absolute_url
from counselling.models.taxonomy import Topic

FEED_LENGTH = 30


class ArticlesRssFeed(Feed):
    language = "id"

    def get_object(self, request, index_page, topic_slug=None):
        topic = get_object_or_404(Topic, slug=topic_slug) if topic_slug else None
        return index_page, topic

    def title(self, obj):
        index_page, topic = obj
        return (
            f"{index_page.title}: {topic.name}"
            if topic
            else f"{index_page.title} · Sambang Digital"
        )

    def link(self, obj):
        index_page, topic = obj
        return absolute_url(index_page.topic_url(topic) if topic else index_page.url)

    def description(self, obj):
        index_page, topic = obj
        return (
            topic.description
            if topic and topic.description
            else ("Panduan hukum untuk warga dari Satbinmas Polres Metro Tangerang Kota.")
        )

    def items(self, obj):
        index_page, topic = obj
        articles = index_page.articles().order_by("-last_published_at", "-pk")
        if topic:
            articles = articles.filter(topics=topic)
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item)

    def item_guid(self, item):
        return absolute_url(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class ArticlesAtomFeed(ArticlesRssFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesRssFeed.description
