"""Plain text of a StreamField for the index: only what a reader sees as text.

The raw stream data is walked beside the block definitions (no query per block, as chosen
snippets, images and documents are not resolved), so the values that are settings rather than text
— a callout's kind ("warning", "emergency"), chooser ids, embed URLs — never reach the index or a
snippet.
"""

import html
import re

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock, blocks.RawHTMLBlock)
NOT_TEXT = (
    blocks.ChoiceBlock,
    blocks.ChooserBlock,
    EmbedBlock,
    blocks.URLBlock,
    blocks.EmailBlock,
    blocks.BooleanBlock,
    blocks.DateBlock,
    blocks.DateTimeBlock,
    blocks.TimeBlock,
    blocks.IntegerBlock,
    blocks.FloatBlock,
    blocks.DecimalBlock,
    blocks.PageChooserBlock,
)


_BLOCK_TAG = re.compile(r"<(/?)(p|li|h[1-6]|br|div|ul|ol|blockquote)\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def plain(value: str) -> str:
    """Text of an HTML fragment: block tags become spaces, entities are decoded."""
    text = html.unescape(strip_tags(_BLOCK_TAG.sub(r" <\1\2", value)))
    return _SPACES.sub(" ", text).strip()


def _collect(block, value, parts):
    if value is None or isinstance(block, NOT_TEXT):
        return
    if isinstance(block, blocks.StructBlock):
        if isinstance(value, dict):
            for name, child in block.child_blocks.items():
                _collect(child, value.get(name), parts)
    elif isinstance(block, blocks.ListBlock):
        for item in value if isinstance(value, list) else []:
            # ListBlock raw data is [{"type": "item", "value": ..., "id": ...}] (or bare values)
            item_value = item.get("value") if isinstance(item, dict) and "value" in item else item
            _collect(block.child_block, item_value, parts)
    elif isinstance(block, blocks.StreamBlock):
        for child in value if isinstance(value, list) else []:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                _collect(block.child_blocks[child["type"]], child.get("value"), parts)
    elif isinstance(block, TEXT_BLOCKS) and isinstance(value, str):
        parts.append(plain(value))


def stream_text(stream_value) -> str:
    """The reader-visible text of a StreamValue, blocks separated by spaces."""
    parts = []
    _collect(stream_value.stream_block, list(stream_value.raw_data), parts)
    return " ".join(part.strip() for part in parts if part and part.strip())
