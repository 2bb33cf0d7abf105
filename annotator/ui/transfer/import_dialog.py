"""File ▸ Import: the choices `annotator import` offers, asked after the files are chosen."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.services.interchange import IMPORT_FORMATS, ImportOptions, import_format
from annotator.ui import plain
from annotator.ui.transfer.fields import OptionField, choice_text, fit_height

AUTO = "auto"
DETECT_AT_MOST = 200  # files looked into to tell which format options matter
TITLES = {f.name: f.title for f in IMPORT_FORMATS}


@dataclass(frozen=True)
class ImportChoices:
    fmt: str
    annotator: str
    on_error: str
    add_labels: bool
    options: ImportOptions


def detected_formats(paths: list[Path]) -> Counter[str]:
    """How many of the files (folders searched as the import will) are of each format."""
    from annotator.services.importing import discover
    from annotator.services.interchange import detect_format

    found: Counter[str] = Counter()
    for path in discover(paths).files[:DETECT_AT_MOST]:
        try:
            found[detect_format(path)] += 1
        except OSError:
            continue
    return found


def describe_paths(paths: list[Path]) -> str:
    if len(paths) == 1:
        return str(paths[0])
    names = ", ".join(p.name for p in paths[:3])
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return f"{len(paths)} files: {names}{more}"


class ImportDialog(QDialog):
    def __init__(self, paths: list[Path], annotators: list[str], current: str,
                 remembered: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        remembered = remembered or {}
        self.detected = detected_formats(paths)

        files = plain.plain_label(QLabel(describe_paths(paths), self))
        files.setWordWrap(True)
        files.setToolTip(plain.tip("\n".join(str(p) for p in paths[:50])))
        self.format = QComboBox(self)
        self.format.addItem("Automatic (by suffix and content)", AUTO)
        for f in IMPORT_FORMATS:
            self.format.addItem(f"{f.title}  ({f.name})", f.name)
        self.detected_label = plain.plain_label(QLabel(self))
        self.detected_label.setStyleSheet("color: palette(placeholder-text);")
        self.detected_label.setWordWrap(True)
        self.annotator = QComboBox(self)
        self.annotator.setEditable(True)
        self.annotator.addItems(sorted(set(annotators) | {current}))
        self.annotator.setCurrentText(current)
        self.annotator.setToolTip("Spans of records that name no annotator are kept under this "
                                  "name (for Label Studio it replaces completed_by).")
        self.stop = QRadioButton("Stop: refuse a file with any bad record, import none of it",
                                 self)
        self.skip = QRadioButton("Skip: import the good records, list the bad ones", self)
        self.on_error = QButtonGroup(self)
        self.on_error.addButton(self.stop)
        self.on_error.addButton(self.skip)
        (self.skip if remembered.get("on_error") == "skip" else self.stop).setChecked(True)
        self.add_labels = QCheckBox("Add unknown labels (labels the database does not have yet)",
                                    self)
        self.add_labels.setChecked(bool(remembered.get("add_labels", False)))

        self.options_box = QGroupBox("Format options", self)
        self.options_form = QFormLayout(self.options_box)
        self.fields: dict[str, OptionField] = {}
        for name, fmt in (("offsets", "labelstudio"), ("predictions", "labelstudio"),
                          ("text_column", "csv"), ("title_column", "csv")):
            option = next(o for o in import_format(fmt).options if o.name == name)
            field = OptionField(option, self.options_box)
            self.fields[name] = field
            self.options_form.addRow(field.label, field.widget)
        self.fields["text_column"].widget.setToolTip(
            "CSV: the column holding the text; Label Studio: the key under data")
        self.option_note = plain.plain_label(QLabel(self.options_box))
        self.option_note.setWordWrap(True)
        self.option_note.setStyleSheet("color: palette(placeholder-text);")
        self.options_form.addRow(self.option_note)
        for name in ("predictions", "text_column", "title_column"):
            if remembered.get(name) is not None:
                self.fields[name].set_value(remembered[name])
        self._remembered_offsets = remembered.get("offsets")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Import:", files)
        form.addRow("Format:", self.format)
        form.addRow("", self.detected_label)
        form.addRow("Annotator:", self.annotator)
        note = QLabel("for records that name none", self)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", note)
        errors = QVBoxLayout()
        errors.setSpacing(2)
        errors.addWidget(self.stop)
        errors.addWidget(self.skip)
        form.addRow("Bad records:", errors)
        form.addRow("", self.add_labels)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.options_box)
        layout.addWidget(self.buttons)

        self.format.currentIndexChanged.connect(self._update)
        fmt = remembered.get("format", AUTO)
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        self._update()
        self.setMinimumWidth(520)

    # ---------------------------------------------------------------- state

    def set_format(self, name: str) -> None:
        self.format.setCurrentIndex(self.format.findData(name))

    def relevant(self) -> set[str]:
        """The formats whose options matter: the chosen one, or those detected."""
        chosen = self.format.currentData()
        return set(self.detected) if chosen == AUTO else {chosen}

    def _update(self) -> None:
        relevant = self.relevant()
        if self.format.currentData() == AUTO:
            found = ", ".join(f"{TITLES.get(k, k)} ×{n}" for k, n in self.detected.most_common())
            self.detected_label.setText(f"Found: {found}" if found else "No importable files "
                                        "found.")
            self.detected_label.show()
        else:
            self.detected_label.hide()
        self._fill_offsets(relevant)
        visible = {"offsets": bool(relevant & {"doccano", "labelstudio"}),
                   "predictions": "labelstudio" in relevant,
                   "text_column": bool(relevant & {"csv", "labelstudio"}),
                   "title_column": "csv" in relevant}
        for name, field in self.fields.items():
            self.options_form.setRowVisible(field.widget, visible[name])
        notes = []
        if "doccano" in relevant:
            notes.append("doccano counts offsets in UTF-16 units (JavaScript).")
        if "labelstudio" in relevant:
            notes.append("Label Studio counted UTF-16 units before 2022, code points since; "
                         "auto checks each span against its text.")
        self.option_note.setText(" ".join(notes))
        self.options_form.setRowVisible(self.option_note, bool(notes))
        self.options_box.setVisible(any(visible.values()))
        fit_height(self, self.options_form)

    def _fill_offsets(self, relevant: set[str]) -> None:
        combo = self.fields["offsets"].widget
        assert isinstance(combo, QComboBox)
        keep = combo.currentData() if combo.count() else self._remembered_offsets
        combo.blockSignals(True)
        combo.clear()
        if relevant >= {"doccano", "labelstudio"}:
            combo.addItem("each format's default (doccano UTF-16, Label Studio auto)", None)
            choices: tuple[str, ...] = ("utf16", "codepoints")
        elif "labelstudio" in relevant:
            choices = ("auto", "utf16", "codepoints")
        else:
            choices = ("utf16", "codepoints")
        for choice in choices:
            combo.addItem(choice_text(choice), choice)
        at = combo.findData(keep)
        combo.setCurrentIndex(at if at >= 0 else 0)
        combo.blockSignals(False)

    # -------------------------------------------------------------- results

    def choices(self) -> ImportChoices:
        relevant = self.relevant()
        value = {name: field.value() for name, field in self.fields.items()}
        offsets = value["offsets"] if relevant & {"doccano", "labelstudio"} else None
        return ImportChoices(
            fmt=self.format.currentData(),
            annotator=self.annotator.currentText().strip(),
            on_error="skip" if self.skip.isChecked() else "stop",
            add_labels=self.add_labels.isChecked(),
            options=ImportOptions(offsets=offsets, predictions=value["predictions"],
                                  text_column=value["text_column"] or "text",
                                  title_column=value["title_column"]))

    def remembered(self) -> dict[str, Any]:
        c = self.choices()
        return {"format": c.fmt, "on_error": c.on_error, "add_labels": c.add_labels,
                "offsets": self.fields["offsets"].value(),
                "predictions": c.options.predictions, "text_column": c.options.text_column,
                "title_column": c.options.title_column}
