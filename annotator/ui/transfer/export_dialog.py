"""File ▸ Export: the formats and options of `annotator export`, whose sets, and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from annotator.services.interchange import EXPORT_FORMATS, FormatInfo, export_format
from annotator.store import Store
from annotator.ui import plain
from annotator.ui.transfer.fields import OptionField, choice_text, fit_height, gui_words

CONFIG_NAME = "spancat.cfg"


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    out: Path
    annotators: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    config: Path | None = None  # spacy: also write a spancat training config here


def config_path(out: Path, split: bool) -> Path:
    return (out if split else out.parent) / CONFIG_NAME


class AnnotatorChecklist(QListWidget):
    """Each annotator (a reviewer's reviewed set too) with a tick and a span count."""

    NameRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, store: Store, preselect: list[str] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        counts = store.reads.spans_per_annotator()
        for name, kind in store.annotators.all():
            n = counts.get(name, 0)
            item = QListWidgetItem(f"{name}   ({kind.value}, {n:,} span{'' if n == 1 else 's'})")
            item.setData(self.NameRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = name in preselect if preselect else True
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(max(60, min(6, self.count()) * 22 + 8))

    def chosen(self) -> list[str]:
        items = (self.item(i) for i in range(self.count()))
        return [i.data(self.NameRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: list[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(self.NameRole) in names
                               else Qt.CheckState.Unchecked)


class ExportDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, *,
                 preselect: list[str] | None = None,
                 remembered: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        remembered = remembered or {}
        folder = Path(remembered.get("folder") or Path.home())
        self._folder = folder if folder.is_dir() else Path.home()

        self.format = QComboBox(self)
        for f in EXPORT_FORMATS:
            self.format.addItem(f"{f.title}  ({f.name})", f.name)
        self.drops = plain.plain_label(QLabel(self))
        self.drops.setWordWrap(True)
        self.drops.setStyleSheet("color: palette(placeholder-text);")

        self.options_box = QGroupBox("Options", self)
        self.options_form = QFormLayout(self.options_box)
        self.fields: dict[str, dict[str, OptionField]] = {}
        saved = remembered.get("options", {})
        for f in EXPORT_FORMATS:
            self.fields[f.name] = {}
            for option in f.options:
                option_field = OptionField(option, self.options_box)
                if option.name in saved.get(f.name, {}):
                    option_field.set_value(saved[f.name][option.name])
                self.fields[f.name][option.name] = option_field
                self.options_form.addRow(option_field.label, option_field.widget)
        self.write_config = QCheckBox(f"Also write {CONFIG_NAME}, a spancat training config",
                                      self.options_box)
        self.write_config.setChecked(bool(saved.get("spacy", {}).get("config", False)))
        self.options_form.addRow("", self.write_config)

        self.annotators = AnnotatorChecklist(store, preselect, self)
        self.path = QLineEdit(self)
        self.path.setObjectName("path")
        self.browse = QPushButton("Choose…", self)
        self.browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.path_note = plain.plain_label(QLabel(self))
        self.path_note.setStyleSheet("color: palette(placeholder-text);")
        self.path_note.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("", self.drops)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.options_box)
        lower = QFormLayout()
        lower.addRow("Sets of:", self.annotators)
        lower.addRow("Save to:", path_row)
        lower.addRow("", self.path_note)
        layout.addLayout(lower)
        layout.addWidget(self.buttons)

        self._current = ""
        self.format.currentIndexChanged.connect(self._format_changed)
        self.fields["spacy"]["split"].widget.valueChanged.connect(  # type: ignore[attr-defined]
            lambda _: self._split_changed())
        self.annotators.itemChanged.connect(self._check)
        self.path.textChanged.connect(self._check)
        fmt = remembered.get("format", "jsonl")
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        self._format_changed()
        self.setMinimumWidth(560)

    # ---------------------------------------------------------------- state

    def info(self) -> FormatInfo:
        return export_format(self.format.currentData())

    def set_format(self, name: str) -> None:
        self.format.setCurrentIndex(self.format.findData(name))

    def option(self, name: str) -> OptionField:
        """The current format's field for option `name`."""
        return self.fields[self.format.currentData()][name]

    def chosen(self) -> list[str]:
        return self.annotators.chosen()

    def splitting(self) -> bool:
        return self.format.currentData() == "spacy" and \
            float(self.fields["spacy"]["split"].value()) > 0

    def _format_changed(self) -> None:
        info = self.info()
        for name, fields in self.fields.items():
            for option_field in fields.values():
                self.options_form.setRowVisible(option_field.widget, name == info.name)
        self.options_form.setRowVisible(self.write_config, info.name == "spacy")
        self.options_box.setVisible(bool(info.options))
        self.drops.setText(f"Cannot hold: {gui_words(info.drops)}." if info.drops else
                           "Holds everything: spans, relations, titles and metadata.")
        self._retarget(self._current, info.name)
        self._current = info.name
        self._split_changed()
        fit_height(self, self.options_form)

    def _retarget(self, old: str, new: str) -> None:
        """Give the output path the new format's suffix (or none, for a folder)."""
        text = self.path.text().strip()
        if not text:
            self.path.setText(str(self._folder / f"annotations{export_format(new).suffixes[0]}"))
            return
        path = Path(text)
        if old and (path.suffix in export_format(old).suffixes or not path.suffix):
            self.path.setText(str(path.with_suffix(export_format(new).suffixes[0])))

    def _split_changed(self) -> None:
        text = self.path.text().strip()
        if text:
            path = Path(text)
            if self.splitting() and path.suffix == ".spacy":
                self.path.setText(str(path.with_suffix("")))
            elif self.format.currentData() == "spacy" and not self.splitting() \
                    and not path.suffix:
                self.path.setText(str(path.with_suffix(".spacy")))
        self.fields["spacy"]["seed"].widget.setEnabled(self.splitting())
        if self.splitting():
            self.path_note.setText("A folder: train.spacy and dev.spacy, each a folder of "
                                   ".spacy files, are written into it.")
        elif self.format.currentData() == "spacy":
            self.path_note.setText("A folder of .spacy files, which spaCy reads as one "
                                   "corpus; an earlier export there is replaced.")
        else:
            self.path_note.setText("An existing file of that name is replaced.")
        self._check()

    def _check(self) -> None:
        ok = bool(self.chosen()) and bool(self.path.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _browse(self) -> None:
        current = self.path.text().strip() or str(self._folder)
        if self.splitting():
            name = QFileDialog.getExistingDirectory(self, "Export into a folder", current)
        else:
            name, _ = QFileDialog.getSaveFileName(self, "Export", current,
                                                  f"{self.info().file_filter};;All files (*)")
        if name:
            self.path.setText(name)

    # -------------------------------------------------------------- results

    def request(self) -> ExportRequest:
        info = self.info()
        options = {name: f.value() for name, f in self.fields[info.name].items()}
        out = Path(self.path.text().strip()).expanduser()
        config = config_path(out, self.splitting()) \
            if info.name == "spacy" and self.write_config.isChecked() else None
        return ExportRequest(info.name, out, self.chosen(), options, config)

    def remembered(self, before: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every format's options (not only the chosen one's), the format and the folder."""
        options = {name: {o: f.value() for o, f in fields.items()}
                   for name, fields in self.fields.items()}
        options["spacy"]["config"] = self.write_config.isChecked()
        out = Path(self.path.text().strip()).expanduser()
        folder = out if self.splitting() else out.parent
        return {**(before or {}), "format": self.format.currentData(), "options": options,
                "folder": str(folder)}


class RefusedDialog(QDialog):
    """An export refused for spans off spaCy's tokens: the report, and an alignment to retry."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export refused")
        heading = QLabel("Nothing was written: some spans do not start and end on spaCy "
                         "token boundaries.", self)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.report = QPlainTextEdit(gui_words(message), self)
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.group = QButtonGroup(self)
        choices = QVBoxLayout()
        choices.setSpacing(2)
        choices.addWidget(QLabel("To export anyway, choose what happens to such spans:", self))
        self.modes: dict[str, QRadioButton] = {}
        for mode in ("expand", "contract", "drop"):
            button = QRadioButton(choice_text(mode)[:1].upper() + choice_text(mode)[1:], self)
            self.group.addButton(button)
            self.modes[mode] = button
            choices.addWidget(button)
        self.modes["expand"].setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export again")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.report, 1)
        layout.addLayout(choices)
        layout.addWidget(self.buttons)
        self.resize(640, 340)

    def align(self) -> str:
        return next(mode for mode, button in self.modes.items() if button.isChecked())
