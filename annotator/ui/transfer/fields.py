"""A format's Option (services.interchange) as a form widget, and the words the
dialogs use for option names and choices."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from annotator.services.interchange import Option

LABELS = {
    "offsets": "Offsets:",
    "predictions": "Predictions:",
    "text_column": "Text column:",
    "title_column": "Title column:",
    "tokens": "",
    "spans_key": "Spans key:",
    "ents": "doc.ents labels:",
    "split": "Dev split:",
    "seed": "Split seed:",
    "align": "Spans off tokens:",
    "labels": "Labels:",
}

CHOICES = {
    "utf16": "UTF-16 code units (JavaScript tools)",
    "codepoints": "code points (Python tools)",
    "auto": "auto: per span, by its text",
    "import": "import as model suggestions",
    "skip": "skip them",
    "expand": "expand to whole tokens",
    "contract": "contract to whole tokens",
    "drop": "drop them",
}

PLACEHOLDERS = {
    "title_column": "none: the first line is the title",
    "ents": "none, or e.g. actor,weapon (priority order)",
    "labels": "all, the longer span wins",
}

UNSET_ALIGN = "not set: refuse the export and show them"


def choice_text(value: str) -> str:
    return CHOICES.get(value, value)


class OptionField:
    """The widget for one Option; value() is what the service takes (None: its default)."""

    def __init__(self, option: Option, parent: QWidget) -> None:
        self.option = option
        self.label = LABELS.get(option.name, option.name.replace("_", " ").capitalize() + ":")
        widget: QWidget
        if option.choices:
            combo = QComboBox(parent)
            if option.default is None:  # e.g. align: unset is a choice of its own
                combo.addItem(UNSET_ALIGN if option.name == "align" else "default", None)
            for choice in option.choices:
                combo.addItem(choice_text(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(option.default)))
            widget = combo
        elif isinstance(option.default, bool):
            widget = QCheckBox(_sentence(option.help), parent)
            widget.setChecked(option.default)
        elif isinstance(option.default, float):
            spin = QDoubleSpinBox(parent)
            spin.setRange(0.0, 0.9)
            spin.setSingleStep(0.05)
            spin.setDecimals(2)
            spin.setSpecialValueText("0 (one file)")
            spin.setValue(option.default)
            widget = spin
        elif isinstance(option.default, int):
            spin_int = QSpinBox(parent)
            spin_int.setRange(0, 2**31 - 1)
            spin_int.setValue(option.default)
            widget = spin_int
        else:
            edit = QLineEdit(parent)
            edit.setPlaceholderText(PLACEHOLDERS.get(option.name, option.default or ""))
            if option.default:
                edit.setText(str(option.default))
            widget = edit
        widget.setToolTip(_sentence(option.help))
        widget.setObjectName(option.name)
        self.widget = widget

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QDoubleSpinBox | QSpinBox):
            return w.value()
        text = w.text().strip()  # type: ignore[attr-defined]
        return text or self.option.default

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            at = w.findData(value)
            if at >= 0:
                w.setCurrentIndex(at)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QDoubleSpinBox):
            w.setValue(float(value or 0))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))
        else:
            w.setText("" if value is None else str(value))  # type: ignore[attr-defined]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# Messages of the services name the command line's flags; the dialogs name their fields.
_GUI_WORDS = [
    (r"define it first or pass --add-labels", "define it first or tick “Add unknown labels”"),
    (r"pass --annotator", "choose an annotator in the import dialog"),
    (r"try --offsets (\w+)", r"try Offsets: \1"),
    (r"and pass --offsets", "and choose Offsets in the import dialog"),
    (r"choose one with --text-column", "choose one with Text column"),
    (r"Choose --align expand", "Choose expand"),
    (r"\(--align (\w+);", r"(\1;"),
    (r"with --ents,", "with doc.ents labels,"),
]


def gui_words(text: str) -> str:
    for pattern, replacement in _GUI_WORDS:
        text = re.sub(pattern, replacement, text)
    return text


def fit_height(dialog: QDialog, form: QLayout) -> None:
    """Shrink a dialog to the rows now shown, once its layouts have taken them in."""
    form.activate()
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    dialog.resize(dialog.width(), dialog.sizeHint().height())
