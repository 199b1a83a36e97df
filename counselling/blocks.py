"""StreamField blocks of counselling articles."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        form_classname = "title"


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    alt = blocks.CharBlock(label=_("alternative text"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")


class LegalExcerptBlock(blocks.StructBlock):
    reference = SnippetChooserBlock("counselling.LegalReference", label=_("legal reference"))
    quote = blocks.TextBlock(label=_("quoted text"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Legal excerpt")


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=PARAGRAPH_FEATURES)


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=200)
    text = blocks.TextBlock(label=_("details"), required=False)


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("emergency", _("Emergency")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document download")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
    heading = HeadingBlock()
    image = ImageWithCaptionBlock()
    legal_excerpt = LegalExcerptBlock()
    faq = blocks.ListBlock(FaqItemBlock(), label=_("FAQ"), icon="help")
    steps = blocks.ListBlock(StepBlock(), label=_("What to do now (steps)"), icon="list-ol")
    callout = CalloutBlock()
    document = DocumentBlock()
    video = EmbedBlock(label=_("Video"), icon="media")
