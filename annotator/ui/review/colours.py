"""One colour per review category, used by the panel, the legend and the dashboard."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.services.review import CATEGORY_TEXT, Category

CATEGORY_COLOUR = {
    Category.AGREED: "#2e8b3a",   # green: everyone says the same
    Category.PARTIAL: "#7fb04a",  # yellow-green: some, nobody against
    Category.ONLY: "#d08c00",     # amber: one annotator alone
    Category.OVERLAP: "#c45a00",  # orange: the boundaries differ
    Category.LABEL: "#c0392b",    # red: the same words, another label
    Category.ADDED: "#5a6fb0",    # blue: the reviewer's own
}

CATEGORY_HELP = {
    Category.AGREED: "Every annotator marked exactly this span with this label.",
    Category.PARTIAL: "More than one annotator, but not all, marked it; nobody marked "
                      "anything against it.",
    Category.ONLY: "One annotator alone marked it; nobody marked anything against it.",
    Category.OVERLAP: "Another annotator gave the same label to an overlapping but "
                      "different stretch of text.",
    Category.LABEL: "Another annotator marked exactly these words with another label.",
    Category.ADDED: "The reviewer added this span; no annotator had it.",
}

# The order a reviewer meets the categories in the legend: conflicts first.
LEGEND_ORDER = (Category.LABEL, Category.OVERLAP, Category.ONLY, Category.PARTIAL,
                Category.AGREED, Category.ADDED)


def category_colour(category: Category) -> QColor:
    return QColor(CATEGORY_COLOUR[category])


def category_text(category: Category) -> str:
    return CATEGORY_TEXT[category]
